// The few places where one query text cannot serve both stores ask which SQL dialect the
// connection speaks. Everything else is written once (SQLite's text; the PostgreSQL connection
// translates placeholders and identifiers, postgres/dialect.ts).
import type { SqlDatabase } from './sql.js';

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
