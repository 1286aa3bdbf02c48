// Choosing the PostgreSQL store by URL (--db or SHOPCTL_DB, postgres:// or postgresql://), the
// URL's query parameters reaching the driver, and what a user sees when the server cannot be
// used: one line, exit 5 DATABASE_UNAVAILABLE, the password nowhere, no hang, no stack trace.
import { spawn, spawnSync } from 'node:child_process';
import net from 'node:net';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOPCTL } from '../helpers/cli.js';
import { freePort } from '../helpers/postgresServer.js';
import { expectJsonError, expectNoStack, freshDatabase, json, run, runAsync, sql } from './support.js';

/** Tables of the public schema: a shop's, or none at all. */
async function tables(url: string): Promise<string[]> {
  return (await sql<{ tablename: string }>(url, `SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY 1`)).map((r) => r.tablename);
}

function withPassword(url: string, password: string): string {
  const u = new URL(url);
  u.password = password;
  return u.toString();
}

describe('choosing the PostgreSQL store', () => {
  let url: string;
  beforeAll(async () => {
    url = await freshDatabase();
  });

  it('a read on a database without a shop: exit 2 NO_DATABASE, nothing created; a write creates the shop and says so once, redacted', async () => {
    const password = new URL(url).password;
    const read = run(url, ['--json', 'product', 'list']);
    const error = expectJsonError(read, 2, 'NO_DATABASE');
    expect(error.message).not.toContain(password);
    // doctor too, as on a missing SQLite file: no shop to check is not a damaged shop.
    expectJsonError(run(url, ['--json', 'doctor']), 2, 'NO_DATABASE');
    expect(await tables(url)).toEqual([]);

    const write = run(url, ['category', 'create', 'Home']);
    expect(write.code, write.stderr).toBe(0);
    const notices = write.stderr.split('\n').filter((l) => l.includes('created a new shop database'));
    expect(notices, write.stderr).toHaveLength(1);
    const shown = new URL(url);
    shown.password = '***';
    expect(notices[0]).toContain(shown.toString());
    expect(write.stderr + write.stdout).not.toContain(password);
    expect(await tables(url)).toEqual(expect.arrayContaining(['events', 'shopctl_schema', 'outbox_messages', 'categories']));

    // The next write finds the shop: no second notice.
    const again = run(url, ['category', 'create', 'Garden']);
    expect(again.code, again.stderr).toBe(0);
    expect(again.stderr).not.toContain('created a new shop database');
  });

  it('no command that names the database shows its password: init, fixtures, doctor, replay --verify, db copy (text and --json)', async () => {
    const shop = await freshDatabase();
    const password = new URL(shop).password;
    const copy = await freshDatabase();
    const redacted = new URL(shop);
    redacted.password = '***';
    const runs = [
      ['init', '--currency', 'USD'], ['--json', 'init'],
      ['fixtures', 'apply', 'fixtures/demo-shop.json'],
      ['doctor'], ['--json', 'doctor'], ['replay', '--verify'], ['--json', 'replay', '--verify'],
      ['db', 'copy', '--from', shop, '--to', copy], ['--json', 'events', 'list', '--limit', '1'],
    ].map((args) => ({ args, result: runEnv(shop, args) }));
    for (const { args, result } of runs) {
      expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
      expect(result.stdout + result.stderr, args.join(' ')).not.toContain(password);
    }
    // Where the database is named, it is named redacted.
    expect(runs[0]!.result.stdout).toContain(`ready at ${redacted.toString()}`);
    expect(JSON.parse(runs[1]!.result.stdout).db).toBe(redacted.toString());
  });

  it('postgresql:// through SHOPCTL_DB reaches the same shop as postgres:// through --db', () => {
    const alias = url.replace(/^postgres:/, 'postgresql:');
    const viaEnv = run(alias, ['--json', 'category', 'list']);
    // SHOPCTL_DB alone (no --db) must choose the store too.
    const envOnly = runEnv(alias, ['--json', 'category', 'list']);
    expect(viaEnv.code, viaEnv.stderr).toBe(0);
    expect(envOnly.code, envOnly.stderr).toBe(0);
    expect(JSON.parse(envOnly.stdout)).toEqual(json(url, ['category', 'list']));
    expect(JSON.parse(envOnly.stdout).map((c: { name: string }) => c.name).sort()).toEqual(['Garden', 'Home']);
  });

  it('query parameters reach the driver: application_name is seen by the server, sslmode=disable works, sslmode=require is refused by this non-TLS server', async () => {
    const name = `shopctl-test-${process.pid}`;
    // Hold the writers' lock so the command waits, visible, in pg_stat_activity.
    const { default: pg } = await import('pg');
    const holder = new pg.Client({ connectionString: url });
    await holder.connect();
    try {
      await holder.query('BEGIN');
      await holder.query('SELECT pg_advisory_xact_lock($1, $2)', [0x73686f70, 1]);
      const waiting = runAsync(`${url}?application_name=${name}&sslmode=disable`, ['--json', 'category', 'create', 'Kitchen']);
      let seen: { application_name: string }[] = [];
      for (let i = 0; i < 200 && seen.length === 0; i++) {
        seen = await sql(url, `SELECT application_name FROM pg_stat_activity WHERE application_name = $1 AND wait_event_type = 'Lock'`, [name]);
        if (seen.length === 0) await new Promise((r) => setTimeout(r, 20));
      }
      await holder.query('COMMIT');
      expect(seen).toEqual([{ application_name: name }]);
      const result = await waiting;
      expect(result.code, result.stderr).toBe(0);
    } finally {
      await holder.end();
    }
    const tls = run(`${url}?sslmode=require`, ['--json', 'category', 'list']);
    expectJsonError(tls, 5, 'DATABASE_UNAVAILABLE');
  });

  it('a wrong password: exit 5 DATABASE_UNAVAILABLE in one line, the password (right or wrong) nowhere', () => {
    const wrong = 'N0tThePassw0rd-zq81';
    const bad = withPassword(url, wrong);
    const right = new URL(url).password;
    const asJson = run(bad, ['--json', 'category', 'list']);
    const error = expectJsonError(asJson, 5, 'DATABASE_UNAVAILABLE');
    expect(error.details.reason).toBe('28P01');
    const human = run(bad, ['category', 'create', 'Nope']);
    expect(human.code).toBe(5);
    expect(human.stdout).toBe('');
    expect(human.stderr.trimEnd().split('\n'), human.stderr).toHaveLength(1);
    expect(human.stderr).toContain('DATABASE_UNAVAILABLE');
    for (const r of [asJson, human]) {
      expect(r.stdout + r.stderr).not.toContain(wrong);
      expect(r.stdout + r.stderr).not.toContain(right);
      expect(r.stderr).toContain(':***@');
      expectNoStack(r.stderr);
    }
    // Also percent-encoded: what the driver decodes must not leak either.
    const encoded = run(withPassword(url, 'p%40ss%3Aw0rd'), ['--json', 'category', 'list']);
    expectJsonError(encoded, 5, 'DATABASE_UNAVAILABLE');
    expect(encoded.stderr).not.toMatch(/p%40ss|p@ss/);
  });

  it('a password given as ?password= is hidden like one after the user name, and warned about in --db', async () => {
    const u = new URL(url);
    const password = u.password;
    u.password = '';
    u.searchParams.set('password', password);
    const inQuery = u.toString();
    const init = run(inQuery, ['init']);
    expect(init.code, init.stderr).toBe(0);
    expect(init.stdout).toContain('?password=***');
    expect(init.stderr).toContain('holds a password');
    const wrongDatabase = new URL(inQuery);
    wrongDatabase.pathname = '/no_such_database';
    const failed = run(wrongDatabase.toString(), ['--json', 'product', 'list']);
    expectJsonError(failed, 5, 'DATABASE_UNAVAILABLE');
    for (const result of [init, failed, runEnv(inQuery, ['--json', 'doctor'])]) expect(result.stdout + result.stderr).not.toContain(password);
  });

  it('a URL that cannot be parsed (a password with "@" and "/" not encoded, a port out of range): one line at once, exit 5, nothing of the password', () => {
    for (const bad of ['postgres://shop:p@ss:w/rd%x@127.0.0.1:5432/shop', 'postgres://shop:secret@127.0.0.1:99999/shop']) {
      const started = Date.now();
      const result = run(bad, ['--json', 'product', 'list']);
      expect(Date.now() - started).toBeLessThan(5_000); // not the worker's start timeout
      const error = expectJsonError(result, 5, 'DATABASE_UNAVAILABLE');
      expect(error.message).toContain('Invalid URL');
      expect(result.stderr.trim().split('\n')).toHaveLength(1);
      expect(result.stderr).not.toMatch(/secret|ss:w|rd%x/);
    }
  });

  it('a mistyped option or a URL where a command goes: the usage error quotes the URL without its password', () => {
    const password = new URL(url).password;
    const typo = runWith(['--dbb', url, 'product', 'list'], {});
    expect(typo.code).toBe(2);
    expect(typo.stderr).toContain('[USAGE]');
    const asCommand = runWith(['--json', url], {});
    expect(asCommand.code).toBe(2);
    expect(JSON.parse(asCommand.stderr).error.code).toBe('USAGE');
    for (const result of [typo, asCommand]) expect(result.stderr).not.toContain(password);
    expect(typo.stderr).toContain('see `shopctl --help`'); // not the URL's "help", as if it were a command group
    expect(asCommand.stderr).toContain(':***@');
  });

  it('a database holding another application\'s table of a shop table\'s name: NOT_A_SHOPCTL_DATABASE, exit 2, for a write and as a copy\'s target; nothing created', async () => {
    const other = await freshDatabase();
    await sql(other, 'CREATE TABLE customers (id int, name text)');
    const write = run(other, ['--json', 'category', 'create', 'Home']);
    expect(expectJsonError(write, 2, 'NOT_A_SHOPCTL_DATABASE').message).toContain('"customers"');
    const source = await freshDatabase();
    expect(run(source, ['category', 'create', 'Home']).code).toBe(0);
    expectJsonError(run(source, ['--json', 'db', 'copy', '--from', source, '--to', other]), 2, 'NOT_A_SHOPCTL_DATABASE');
    expect(await tables(other)).toEqual(['customers']);
    // Tables of other names do not stand in the way.
    const shared = await freshDatabase();
    await sql(shared, 'CREATE TABLE unrelated (id int)');
    expect(run(shared, ['category', 'create', 'Home']).code).toBe(0);
  });

  it('a login that may not use the database\'s schema: DATABASE_UNAVAILABLE, exit 5, not an internal error', async () => {
    const shop = await freshDatabase();
    const role = `shopctl_guest_${Date.now()}`;
    await sql(shop, `CREATE ROLE ${role} LOGIN PASSWORD 'guest-secret'`);
    await sql(shop, `REVOKE CREATE ON SCHEMA public FROM PUBLIC`);
    const guest = new URL(shop);
    guest.username = role;
    guest.password = 'guest-secret';
    const result = run(guest.toString(), ['--json', 'init']);
    const error = expectJsonError(result, 5, 'DATABASE_UNAVAILABLE');
    expect(error.message).toContain('permission denied');
    expect(result.stderr).not.toContain('guest-secret');
  });

  it('Ctrl-C while connecting ends the command at once, not after the connect timeout', async () => {
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const child = spawn(process.execPath, [SHOPCTL, '--db', `postgres://shop:secret@127.0.0.1:${port}/shop`, 'category', 'list'], {
        env: { ...process.env, NO_COLOR: '1', CI: '1', SHOPCTL_PG_CONNECT_TIMEOUT_MS: '20000' }, stdio: ['ignore', 'pipe', 'pipe'],
      });
      let stderr = '';
      child.stderr.on('data', (d) => (stderr += d));
      await new Promise((resolve) => setTimeout(resolve, 700)); // connecting by now
      const signalled = Date.now();
      child.kill('SIGINT');
      const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolve) => child.on('close', (c, s) => resolve([c, s])));
      expect(Date.now() - signalled).toBeLessThan(5_000);
      // The default action, as during a write's synchronous end (src/commands/interrupt.ts): the shell shows 130.
      expect(signal ?? code).toBe(code === null ? 'SIGINT' : 130);
      expect(stderr).not.toContain('secret');
    } finally {
      silent.close();
    }
  });

  it('a closed port: exit 5 at once; a server that never answers: exit 5 after the connect timeout, not a hang', async () => {
    const closed = await freePort();
    const refused = run(`postgres://shop:secret@127.0.0.1:${closed}/shop`, ['--json', 'category', 'list']);
    const error = expectJsonError(refused, 5, 'DATABASE_UNAVAILABLE');
    expect(error.details.reason).toBe('ECONNREFUSED');
    expect(refused.stderr).not.toContain('secret');

    // A listener that accepts and then says nothing: only the connect timeout ends the wait.
    const silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    const port = (silent.address() as net.AddressInfo).port;
    try {
      const result = await runBounded(`postgres://shop:secret@127.0.0.1:${port}/shop`, ['--json', 'category', 'list'], { SHOPCTL_PG_CONNECT_TIMEOUT_MS: '300' });
      expect(result.killed, 'shopctl hung on a silent server').toBe(false);
      expectJsonError(result, 5, 'DATABASE_UNAVAILABLE');
      expectNoStack(result.stderr);
      expect(result.stderr).not.toContain('secret');
    } finally {
      silent.close();
    }
  });
});

function runEnv(dbUrl: string, args: string[]) {
  // Not through run(): no --db, only the environment.
  return runWith(args, { SHOPCTL_DB: dbUrl });
}

function runWith(args: string[], env: Record<string, string>) {
  const result = spawnSync(process.execPath, [SHOPCTL, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, encoding: 'utf8', input: '' });
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs shopctl; SIGKILLs it if it has not ended after 30 s (then `killed`). */
function runBounded(dbUrl: string, args: string[], env: Record<string, string>): Promise<{ code: number; stdout: string; stderr: string; killed: boolean }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SHOPCTL, '--db', dbUrl, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    let killed = false;
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => {
      killed = true;
      child.kill('SIGKILL');
    }, 30_000);
    child.on('error', reject);
    child.on('close', (code) => {
      clearTimeout(timer);
      resolve({ code: code ?? -1, stdout, stderr, killed });
    });
  });
}

