// Connecting before the CLI has loaded: starting the worker, loading `pg` in it and logging in
// take about 50 ms, on the other core. bin/shopctl.js calls connectEarly() first thing when
// the command names a PostgreSQL database, then loads the CLI; PgDatabase takes the worker that
// is already connecting (takeEarlyStart) instead of starting one. A bundle of its own, CommonJS
// like the launcher (scripts/bundle.mjs): it holds only this, workerStart.ts and the opening
// read's text — not the SyncClient, whose classes (errors among them) must be the CLI's own.
import { OPENING_READ } from './opening.js';
import { isPostgresUrl, sendAhead, startWorker, type WorkerStart } from './workerStart.js';

// On globalThis, not in this module: the launcher's copy of this module (its own bundle) and
// the one the store is bundled with are two instances.
const SLOT = Symbol.for('shopctl.postgres.earlyStart');
const slots = globalThis as { [SLOT]?: WorkerStart };

/** The database `argv` names: `--db <url>` / `--db=<url>` (the last wins), else SHOPCTL_DB. */
export function databaseNamed(argv: readonly string[], env: NodeJS.ProcessEnv): string | undefined {
  let named: string | undefined;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === '--') break;
    if (arg === '--db') named = argv[++i];
    else if (arg.startsWith('--db=')) named = arg.slice('--db='.length);
  }
  return named ?? env.SHOPCTL_DB;
}

/** Starts connecting to the PostgreSQL database the command line names, if it names one. */
export function connectEarly(argv: readonly string[], env: NodeJS.ProcessEnv): WorkerStart | undefined {
  const url = databaseNamed(argv, env);
  if (!url || !isPostgresUrl(url) || slots[SLOT]) return undefined;
  const start = startWorker(url);
  // The store's first read, answered as soon as the connection is up (PgShopStore.open asks for it).
  sendAhead(start, [{ text: OPENING_READ }]);
  slots[SLOT] = start;
  return start;
}

/**
 * The worker started early for `url`, once: the caller owns it from here. Undefined when none
 * was started for that URL (in-process runs, `db copy`'s other database).
 */
export function takeEarlyStart(url: string): WorkerStart | undefined {
  const early = slots[SLOT];
  if (!early || early.url !== url) return undefined;
  delete slots[SLOT];
  return early;
}
