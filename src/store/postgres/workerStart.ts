// Starting the worker thread that holds a PostgreSQL connection (worker.ts), apart from the
// SyncClient that talks to it (bridge.ts): the launcher's early entry (early.ts, its own
// CommonJS bundle) starts one before the CLI loads, and the CLI's own SyncClient adopts it.
// Plain data and functions only: the early bundle and the CLI's are two copies of this code,
// and nothing made here may be checked with `instanceof` on the other side.
import fs from 'node:fs';
import { createRequire } from 'node:module';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { MessageChannel, Worker, type MessagePort } from 'node:worker_threads';
import type { Request, WireStatement, WorkerData } from './protocol.js';

const DEFAULT_CONNECT_TIMEOUT_MS = 5_000;
/** Beyond the connect timeout, for the worker to start and load `pg`. */
const START_SLACK_MS = 10_000;
/** The worker's young generation (V8's default is 16 MB per semi-space, three of them). */
const WORKER_YOUNG_GENERATION_MB = 8;

/** Round trips to the worker and statements sent: what batching saves, for tests and benches. */
export interface ClientStats { roundTrips: number; statements: number; serverQueries: number }

/** A started worker, its channels and what was sent to it before a SyncClient took it. */
export interface WorkerStart {
  readonly url: string;
  readonly worker: Worker;
  readonly port: MessagePort;
  /** Read-ahead rows of cursors and COPY data (worker.ts). */
  readonly ahead: MessagePort;
  /** [0]: an answer is on `port` (1) or the worker exited (2); [1]: a count of read-ahead posts. */
  readonly flag: Int32Array;
  /** How long the first answer may take: a worker that fails to start cannot say so. */
  readonly startBy: number;
  readonly stats: ClientStats;
  /** What sendAhead() sent, its texts joined by NUL, until its answer is taken. */
  sentAhead?: string;
}

/** Whether a `--db` value names a PostgreSQL database (anything else is a SQLite file). */
export function isPostgresUrl(location: string): boolean {
  return /^postgres(ql)?:\/\//i.test(location);
}

export function connectTimeoutFromEnv(): number {
  const value = Number(process.env.SHOPCTL_PG_CONNECT_TIMEOUT_MS);
  return Number.isFinite(value) && value > 0 ? value : DEFAULT_CONNECT_TIMEOUT_MS;
}

/** Starts the worker, which connects to `url` at once. */
export function startWorker(url: string, connectTimeoutMs = connectTimeoutFromEnv()): WorkerStart {
  const flag = new Int32Array(new SharedArrayBuffer(8));
  const { port1, port2 } = new MessageChannel();
  const aheadChannel = new MessageChannel();
  const data: WorkerData = { url, connectTimeoutMs, signal: flag.buffer as SharedArrayBuffer, port: port2, ahead: aheadChannel.port2 };
  // execArgv: [] — the worker is plain JavaScript; inheriting the process's options (`-e`,
  // --input-type, loaders) can keep it from starting at all.
  // A small young generation: the worker keeps a few MB live (the driver), and what it
  // allocates per batch dies with the batch; V8's default let it commit ~50 MB (peak RSS of
  // a bulk import, README "Performance").
  const { entry, cached } = workerEntry();
  const worker = new Worker(entry, {
    eval: cached, workerData: data, transferList: [port2, aheadChannel.port2], execArgv: [],
    resourceLimits: { maxYoungGenerationSizeMb: WORKER_YOUNG_GENERATION_MB },
  });
  // Neither keeps the process alive: a CLI exits when its work is done, connection or not.
  worker.unref();
  // The worker reports its own errors on the port (worker.ts); one that still escapes it ends
  // the thread, which the waiting side sees ('gone') — not a crash of this process later.
  worker.on('error', () => undefined);
  port1.unref();
  aheadChannel.port1.unref();
  return {
    url, worker, port: port1, ahead: aheadChannel.port1, flag, startBy: connectTimeoutMs + START_SLACK_MS,
    stats: { roundTrips: 0, statements: 0, serverQueries: 0 },
  };
}

/**
 * Sends `statements` now without waiting (the worker runs them as soon as it has connected):
 * the SyncClient's next batch() of the same statements takes their answer, likely already there.
 */
export function sendAhead(start: WorkerStart, statements: WireStatement[]): void {
  if (start.sentAhead !== undefined) return;
  start.stats.roundTrips++;
  start.stats.statements += statements.length;
  Atomics.store(start.flag, 0, 0);
  start.port.postMessage({ op: 'batch', statements } satisfies Request);
  start.sentAhead = statements.map((s) => s.text).join('\0');
}

/**
 * What the worker thread runs: the bundle's worker.cjs through V8's code cache when the build
 * left one beside it (scripts/bundle.mjs), as a small CommonJS loader given as code (`eval`);
 * otherwise workerUrl(). The loader is the CommonJS loader's own steps (Module.wrap, a require
 * for the file's folder) with `cachedData`; V8 compiles the file as usual when it rejects the
 * cache (another Node.js), and a cache that cannot be read is no cache.
 */
function workerEntry(): { entry: URL | string; cached: boolean } {
  // Looked up once per process (a process that opens many connections asks again and again).
  entryFound ??= (() => {
    const url = workerUrl();
    if (url.protocol !== 'file:' || !url.pathname.endsWith('.cjs')) return { entry: url, cached: false };
    const file = fileURLToPath(url);
    if (!fs.existsSync(`${file}.cache`)) return { entry: url, cached: false };
    return { entry: `const FILE = ${JSON.stringify(file)};${LOAD_WITH_CODE_CACHE}`, cached: true };
  })();
  return entryFound;
}
let entryFound: { entry: URL | string; cached: boolean } | undefined;

/**
 * Run in the worker thread as its code (CommonJS, `require` is there), with FILE defined: the
 * text itself, so that no bundler rewrites its `require` calls.
 */
const LOAD_WITH_CODE_CACHE = `
const fs = require('node:fs');
const vm = require('node:vm');
const Module = require('node:module');
const path = require('node:path');
let cachedData;
try { cachedData = fs.readFileSync(FILE + '.cache'); } catch { cachedData = undefined; }
const script = new vm.Script(Module.wrap(fs.readFileSync(FILE, 'utf8')), { filename: FILE, cachedData });
const module = { exports: {} };
script.runInThisContext()(module.exports, Module.createRequire(FILE), module, FILE, path.dirname(FILE));
`;

let compiledWorker: URL | undefined;
/** The packages the worker imports: CommonJS, loaded by path from a data: URL module. */
const WORKER_PACKAGES = ['pg', 'pg-copy-streams'];

/**
 * Where the worker's code is. Built, it is beside this module: worker.cjs in the esbuild bundle
 * (scripts/bundle.mjs builds it on its own, as CommonJS), worker.js in tsc's output. Run from
 * TypeScript source (vitest), Node cannot load worker.ts itself: it is bundled with esbuild (a
 * dev dependency, only needed there) with its own modules, and loaded as a data: URL, `pg` and
 * pg-copy-streams imported by their absolute paths.
 */
function workerUrl(): URL {
  const here = import.meta.url;
  if (!here.endsWith('.ts')) {
    // The bundle's worker is CommonJS (scripts/bundle.mjs: it starts sooner); tsc's output has worker.js.
    const bundled = new URL('./worker.cjs', here);
    return fs.existsSync(bundled) ? bundled : new URL('./worker.js', here);
  }
  if (compiledWorker) return compiledWorker;
  // Not `require`: the bundler must not take esbuild (a dev dependency) for a module to bundle.
  const load = createRequire(here);
  const esbuild = load('esbuild') as { buildSync(options: object): { outputFiles: { text: string }[] } };
  const { outputFiles } = esbuild.buildSync({
    entryPoints: [fileURLToPath(new URL('./worker.ts', here))],
    bundle: true, write: false, format: 'esm', platform: 'node', target: 'node20', external: [...WORKER_PACKAGES],
  });
  let code = outputFiles[0]!.text;
  for (const name of WORKER_PACKAGES) code = code.replace(new RegExp(`from ['"]${name}['"]`), `from ${JSON.stringify(pathToFileURL(load.resolve(name)).href)}`);
  compiledWorker = new URL('data:text/javascript,' + encodeURIComponent(code));
  return compiledWorker;
}
