// In-process shopctl for the snapshot and pagination tests: runCli with captured output, plus raw looks into
// the snapshots table (tests may tamper with it: it is a cache, the log stays untouched).
import { run, type RunResult } from '../helpers/shop.js';
import { openSql, openSqlWritable } from '../helpers/store.js';

export type InProcessResult = RunResult;

/** `--db db --json --no-input …` through the shared in-process runner (../helpers/shop.ts). */
export function cli(db: string, argv: string[], env: Record<string, string | undefined> = {}, input?: string): Promise<InProcessResult> {
  return run(['--db', db, '--json', '--no-input', ...argv], { env, input });
}

/** Runs a command that must succeed and returns its JSON output. */
export async function ok<T = any>(db: string, argv: string[], env?: Record<string, string | undefined>, input?: string): Promise<T> {
  const result = await cli(db, argv, env, input);
  if (result.code !== 0) throw new Error(`shopctl ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export interface SnapshotRecord {
  streamId: string;
  streamVersion: number;
  stateVersion: number;
  state: string;
}

export function snapshotsOf(db: string): SnapshotRecord[] {
  const conn = openSql(db);
  try {
    return conn.prepare('SELECT * FROM snapshots ORDER BY streamId').all() as SnapshotRecord[];
  } finally {
    conn.close();
  }
}

/** Runs raw SQL against the database (for tampering with snapshots). */
export function sql(db: string, text: string, ...params: unknown[]): void {
  const conn = openSqlWritable(db);
  try {
    conn.prepare(text).run(...params);
  } finally {
    conn.close();
  }
}

/** The stream's head version, straight from the log. */
export function headOf(db: string, streamId: string): number {
  const conn = openSql(db);
  try {
    return (conn.prepare('SELECT MAX(streamVersion) FROM events WHERE streamId = ?').pluck().get(streamId) as number | null) ?? 0;
  } finally {
    conn.close();
  }
}

/** Everything of the log, outbox and read models that a snapshot must never change. */
export function durableContent(db: string): { events: unknown[]; outbox: unknown[]; inventory: unknown[] } {
  const conn = openSql(db);
  try {
    return {
      events: conn.prepare('SELECT position, eventId, streamId, streamVersion, type, data, metadata, recordedAt FROM events ORDER BY position').all(),
      outbox: conn.prepare('SELECT sequence, messageId, type, subject, data FROM outbox_messages ORDER BY sequence').all(),
      inventory: conn.prepare('SELECT inventoryId, onHand, reserved FROM inventory ORDER BY inventoryId').all(),
    };
  } finally {
    conn.close();
  }
}
