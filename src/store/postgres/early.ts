// Connecting before the CLI has loaded: starting the worker, loading `pg` in it and logging in
// take about 100 ms, on the other core. bin/shopctl.js calls connectEarly() first thing when
// the command names a PostgreSQL database, then loads the CLI; PgDatabase takes the client
// that is already connecting (takeEarlyClient) instead of starting one. A bundle entry of its
// own (scripts/bundle.mjs): the launcher loads only this, bridge.ts and the opening read's text,
// never `pg` itself.
import { isPostgresUrl, SyncClient } from './bridge.js';
import { OPENING_READ } from './opening.js';

interface Early {
  url: string;
  client: SyncClient;
}

// On globalThis, not in this module: the launcher's copy of this module (its own bundle entry)
// and the one the store is bundled with may be two instances.
const SLOT = Symbol.for('shopctl.postgres.earlyClient');
const slots = globalThis as { [SLOT]?: Early };

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
export function connectEarly(argv: readonly string[], env: NodeJS.ProcessEnv): SyncClient | undefined {
  const url = databaseNamed(argv, env);
  if (!url || !isPostgresUrl(url) || slots[SLOT]) return undefined;
  const client = new SyncClient(url);
  // The store's first read, answered as soon as the connection is up (PgShopStore.open asks for it).
  client.sendAhead([{ text: OPENING_READ }]);
  slots[SLOT] = { url, client };
  return client;
}

/**
 * The early client for `url`, once: the caller owns it from here. Undefined when none was
 * started for that URL (in-process runs, `db copy`'s other database).
 */
export function takeEarlyClient(url: string): SyncClient | undefined {
  const early = slots[SLOT];
  if (!early || early.url !== url) return undefined;
  delete slots[SLOT];
  return early.client;
}
