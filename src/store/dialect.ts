// The few places where one query text cannot serve both stores ask which SQL dialect the
// connection speaks. Everything else is written once (SQLite's text; the PostgreSQL connection
// translates placeholders and identifiers, postgres/dialect.ts).
import type { SqlDatabase, SqlStatement } from './sql.js';

export type SqlDialect = 'sqlite' | 'postgres';

export function dialectOf(db: SqlDatabase): SqlDialect {
  return (db as { dialect?: SqlDialect }).dialect ?? 'sqlite';
}

/**
 * Called first inside a read transaction that must see one snapshot across statements: SQLite's
 * read transaction does; PostgreSQL's default (READ COMMITTED) gives each statement its own.
 */
export function readOneSnapshot(db: SqlDatabase): void {
  if (dialectOf(db) === 'postgres') db.exec('SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY');
}

/**
 * Runs `body`, whose writes (up to `runs` of them) the connection may hold and send together at
 * the next read or COMMIT: PostgreSQL's write-behind (postgres/pgDatabase.ts, holdWrites);
 * SQLite writes as it goes.
 */
export function holdingWrites<T>(db: SqlDatabase, runs: number, body: () => T): T {
  const holder = db as { holdWrites?: <R>(runs: number, body: () => R) => R };
  return dialectOf(db) === 'postgres' && holder.holdWrites ? holder.holdWrites(runs, body) : body();
}

/** One read of readTogether(): its statement (prepared on `db`) and its parameters. */
export interface Read {
  statement: SqlStatement;
  params: unknown[];
}

/**
 * Runs `reads` in order; their rows as objects. On PostgreSQL, where each statement would be a
 * round trip to the server, all of them in one (PgDatabase.readTogether); on SQLite, where a
 * statement is a function call, one after the other.
 */
export function readTogether(db: SqlDatabase, reads: readonly Read[]): Record<string, unknown>[][] {
  const together = db as { readTogether?: (reads: [string, unknown[]][], rows: 'objects') => Record<string, unknown>[][] };
  if (dialectOf(db) === 'postgres' && together.readTogether) return together.readTogether(reads.map((read) => [read.statement.source, read.params]), 'objects');
  return reads.map((read) => read.statement.all(...read.params) as Record<string, unknown>[]);
}
