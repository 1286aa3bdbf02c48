// better-sqlite3, loaded when a SQLite database is first opened rather than when the store's
// modules load: a command on PostgreSQL never needs the native addon, whose load was a few
// tens of milliseconds of its start-up on the loaded 2-core machine (README "Performance").
import { createRequire } from 'node:module';
import type Database from 'better-sqlite3';

let driver: typeof Database | undefined;

/** The better-sqlite3 constructor, loaded at the first call. */
export function sqliteDriver(): typeof Database {
  driver ??= createRequire(import.meta.url)('better-sqlite3') as typeof Database;
  return driver;
}
