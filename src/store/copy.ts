// Moving a whole shop between stores (shopctl db copy): the log with its positions and ids, the
// outbox with its delivery state, credentials, import history and settings, copied row for row
// in one target transaction, in which the read models and snapshots are then rebuilt from the
// copied log (they are projections of it) and the target is verified before it commits: the log
// read back from the target must hash the same as the one read from the source, every other
// table must have the same rows, and the rebuilt read models must match a replay (replay --verify).
import { createHash } from 'node:crypto';
import type Database from 'better-sqlite3';
import { sqliteDriver } from './sqliteDriver.js';
import { readOneSnapshot } from './dialect.js';
import { StoreError } from './errors.js';
import { MIGRATIONS } from './schema.js';
import { importRecordOrder } from './queries/imports.js';
import type { SqlDatabase } from './sql.js';
import type { SqlShopStore } from './sqlShopStore.js';
import type { VerifyResult } from './replay.js';

/** Stands for each store's own recording order of imports (SQLite's rowid, PostgreSQL's serial). */
const RECORD_ORDER = '(recording order)';

/** What is copied, in order, each with the key it is read in (so both sides hash alike). */
const COPIED_TABLES: readonly { table: string; key: string }[] = [
  { table: 'events', key: 'position' },
  { table: 'outbox_messages', key: 'sequence' },
  { table: 'outbox_pending', key: 'sequence' },
  { table: 'outbox_deliveries', key: 'sequence' },
  { table: 'outbox_attempts', key: 'sequence' },
  // The order they were recorded in, which `import history` lists them by (newest first): two
  // imports of the same moment (SHOPCTL_NOW, a fast cron) must not swap places in the copy.
  { table: 'imports', key: RECORD_ORDER },
  { table: 'credentials', key: 'customerId' },
  { table: 'verification_tokens', key: 'customerId' },
  { table: 'settings', key: 'key' },
];
/** Tables whose rows make a target "not empty" (a copy never merges two shops). */
const CONTENT_TABLES = ['events', 'outbox_messages', 'imports', 'credentials', 'settings'];

export interface CopyProgress {
  table: string;
  rows: number;
  /** Rows of this table in the source. */
  total: number;
}

export interface CopyResult {
  tables: { table: string; rows: number; sha256: string }[];
  events: number;
  verify: VerifyResult;
  seconds: number;
}

/** Copies `source` into the empty `target`, rebuilds its read models and verifies it. */
export function copyShop(source: SqlShopStore, target: SqlShopStore, onProgress: (progress: CopyProgress) => void = () => undefined): CopyResult {
  const started = performance.now();
  const columns = columnsOfEachTable();
  const nonEmpty = CONTENT_TABLES.filter((table) => target.db.prepare(`SELECT 1 FROM ${table} LIMIT 1`).get() !== undefined);
  if (nonEmpty.length > 0) {
    throw new StoreError('TARGET_NOT_EMPTY', `the target already holds a shop (${nonEmpty.join(', ')} not empty); copy into a new file or an empty database`, 'usage', { tables: nonEmpty });
  }
  // One target transaction holding the target's write lock: the rows, the rebuilt read models
  // and the checks. A copy that fails at any step (a log that cannot be projected, a mismatch)
  // leaves the target as it was: a database without a shop, which the next copy may fill.
  const { tables, rebuilt, verify } = target.writeTransaction(() => {
    // The source is read in one snapshot (a writer committing meanwhile is wholly in the copy or
    // wholly out of it).
    const tables = source.db.transaction(() => {
      readOneSnapshot(source.db);
      return COPIED_TABLES.map(({ table, key }) => copyTable(source.db, target.db, table, key, columns.get(table)!, onProgress));
    })();
    const rebuilt = target.rebuildReadModels();
    const verify = target.verifyReadModels();
    if (verify.differences.length > 0) {
      throw new StoreError('COPY_MISMATCH', `the target's rebuilt read models differ from its log in ${verify.differences.length} place(s)`, 'internal', { differences: verify.differences.slice(0, 10) });
    }
    for (const copied of tables) {
      const readBack = digestTable(target.db, copied.table, COPIED_TABLES.find((t) => t.table === copied.table)!.key, columns.get(copied.table)!);
      if (readBack.rows !== copied.rows || readBack.sha256 !== copied.sha256) {
        throw new StoreError('COPY_MISMATCH', `the copy of ${copied.table} reads back differently from the target (${readBack.rows} rows, expected ${copied.rows}); the target is not a faithful copy`, 'internal', { table: copied.table });
      }
    }
    return { tables, rebuilt, verify };
  });
  return { tables, events: rebuilt.events, verify, seconds: (performance.now() - started) / 1000 };
}

function copyTable(
  from: SqlDatabase, to: SqlDatabase, table: string, key: string, columns: readonly string[], onProgress: (progress: CopyProgress) => void,
): { table: string; rows: number; sha256: string } {
  const total = Number(from.prepare(`SELECT count(*) FROM ${table}`).pluck().get());
  key = orderOf(from, key);
  const insert = to.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`);
  const hash = createHash('sha256');
  let rows = 0;
  onProgress({ table, rows, total });
  for (const row of from.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${key}`).raw().iterate() as IterableIterator<unknown[]>) {
    insert.run(...row);
    hash.update(JSON.stringify(row)).update('\n');
    if (++rows % 10_000 === 0) onProgress({ table, rows, total });
  }
  onProgress({ table, rows, total });
  return { table, rows, sha256: hash.digest('hex') };
}

function digestTable(db: SqlDatabase, table: string, key: string, columns: readonly string[]): { rows: number; sha256: string } {
  key = orderOf(db, key);
  const hash = createHash('sha256');
  let rows = 0;
  for (const row of db.prepare(`SELECT ${columns.join(', ')} FROM ${table} ORDER BY ${key}`).raw().iterate() as IterableIterator<unknown[]>) {
    hash.update(JSON.stringify(row)).update('\n');
    rows++;
  }
  return { rows, sha256: hash.digest('hex') };
}

function orderOf(db: SqlDatabase, key: string): string {
  return key === RECORD_ORDER ? importRecordOrder(db) : key;
}

/** Each copied table's columns, from the schema itself (a scratch SQLite database of it). */
function columnsOfEachTable(): Map<string, string[]> {
  const scratch = new (sqliteDriver())(':memory:');
  try {
    for (const migration of MIGRATIONS) scratch.exec(migration);
    return new Map(COPIED_TABLES.map(({ table }) => [
      table, (scratch.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name),
    ]));
  } finally {
    scratch.close();
  }
}
