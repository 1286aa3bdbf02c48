// Which store the tests run on: SQLite files by default, PostgreSQL databases when the vitest
// project sets SHOPCTL_TEST_STORE=postgres (vitest.config.ts). Tests that look into the database
// get a SqlDatabase either way (better-sqlite3 on a file, PgDatabase on a URL), so the same SQL
// text works on both: the PostgreSQL translator quotes the camelCase identifiers.
import crypto from 'node:crypto';
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { closeIdleConnections, isPostgresUrl, PgDatabase, reuseConnections } from '../../src/store/postgres/pgDatabase.js';
import { WRITER_LOCK } from '../../src/store/postgres/pgShopStore.js';
import type { SqlDatabase } from '../../src/store/sql.js';
import { testServerUrl } from './postgres.js';

export const onPostgres = process.env.SHOPCTL_TEST_STORE === 'postgres';
// In-process commands (most tests) reuse one connection per database instead of starting a
// worker and logging in for every command; spawned shopctl processes connect as a user's do.
if (onPostgres) reuseConnections(true);

/** Connections to the server's `postgres` database, one per test process, for CREATE DATABASE. */
let admin: PgDatabase | undefined;

function adminDb(): PgDatabase {
  if (!admin?.open) admin = new PgDatabase(testServerUrl());
  return admin;
}

/**
 * The URL of a test database, without the server's password: shopctl warns about a password in
 * `--db` (others see it in the process list). The password goes in PGPASSWORD instead, as a user
 * would do it, which spawned shopctl processes and connection workers inherit.
 */
function databaseUrl(name: string): string {
  const url = new URL(testServerUrl());
  if (url.password) process.env.PGPASSWORD = decodeURIComponent(url.password);
  url.password = '';
  url.pathname = `/${name}`;
  return url.toString();
}

function nameOf(url: string): string {
  return decodeURIComponent(new URL(url).pathname.slice(1));
}

/** A new, empty PostgreSQL database on the test server (synchronously); its URL. */
export function newPgDatabase(template?: string): string {
  const name = `shopctl_t${process.pid}_${crypto.randomBytes(5).toString('hex')}`;
  const from = template ? ` TEMPLATE "${nameOf(template)}"` : '';
  // CREATE DATABASE cannot run in a transaction: exec() outside one sends it on its own.
  adminDb().exec(`CREATE DATABASE "${name}"${from}`);
  return databaseUrl(name);
}

/**
 * A copy of the database `template` (whose every connection is closed: PostgreSQL refuses to
 * copy a database in use). Files are copied; PostgreSQL databases with CREATE DATABASE … TEMPLATE.
 */
export function copyDatabase(template: string, to: string): string {
  if (!isPostgresUrl(template)) {
    fs.copyFileSync(template, to);
    return to;
  }
  // Parked connections (reuse) and a store closed a moment ago may still hold a backend on the
  // template: end them, and wait until PostgreSQL has let them go.
  closeIdleConnections();
  const terminate = adminDb().prepare('SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = ? AND pid <> pg_backend_pid()');
  for (let tries = 0; ; tries++) {
    terminate.all(nameOf(template));
    try {
      return newPgDatabase(template);
    } catch (error) {
      // 55006: "source database is being accessed by other users" (a backend still ending)
      if ((error as { code?: string }).code !== '55006' || tries >= 50) throw error;
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
    }
  }
}

/** Whether a shop was written at `db` at all (a read never creates one). */
export function shopExists(db: string): boolean {
  if (!isPostgresUrl(db)) return fs.existsSync(db);
  const conn = new PgDatabase(db);
  try {
    return Boolean(conn.prepare(`SELECT to_regclass('events') IS NOT NULL`).pluck().get());
  } finally {
    conn.close();
  }
}

/** A connection to the database for assertions: read-only on a SQLite file. */
export function openSql(db: string): SqlDatabase {
  return isPostgresUrl(db) ? new PgDatabase(db) : new Database(db, { readonly: true, fileMustExist: true });
}

/** A connection that may also write (to plant rows), to the file or database `db`. */
export function openSqlWritable(db: string): SqlDatabase {
  return isPostgresUrl(db) ? new PgDatabase(db) : new Database(db, { fileMustExist: true });
}

/** Makes every INSERT into `table` fail with `message` (a store write that breaks mid-command). */
export function failInserts(db: string, table: string, message: string): void {
  const conn = openSqlWritable(db);
  try {
    if (isPostgresUrl(db)) {
      conn.exec(`CREATE FUNCTION fail_${table}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION '${message}'; END $$`);
      conn.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} FOR EACH ROW EXECUTE FUNCTION fail_${table}()`);
    } else {
      conn.exec(`CREATE TRIGGER fail_${table} BEFORE INSERT ON ${table} BEGIN SELECT RAISE(ABORT, '${message}'); END`);
    }
  } finally {
    conn.close();
  }
}

/** SQL for the text of `key` in the JSON text column `column`, in the dialect of `db`. */
export function jsonField(db: string, column: string, key: string): string {
  return isPostgresUrl(db) ? `(${column}::json ->> '${key}')` : `json_extract(${column}, '$.${key}')`;
}

/**
 * Takes the write lock as a very long import would and holds it until the returned function is
 * called: SQLite's BEGIN IMMEDIATE, or on PostgreSQL the writers' advisory lock in an open
 * transaction.
 */
export function holdWriteLock(db: string): () => void {
  const holder = openSqlWritable(db);
  if (isPostgresUrl(db)) {
    holder.exec('BEGIN');
    holder.prepare('SELECT pg_advisory_xact_lock(?, ?)').get(...WRITER_LOCK);
  } else {
    holder.exec('BEGIN IMMEDIATE');
  }
  return () => {
    holder.exec('ROLLBACK');
    holder.close();
  };
}

/** Whether nothing is connected to the database `db` any more (SQLite: its WAL file is gone). */
export function everyConnectionClosed(db: string): boolean {
  // SQLite deletes the WAL file when the last connection to the database closes.
  if (!isPostgresUrl(db)) return fs.existsSync(db) && !fs.existsSync(`${db}-wal`);
  // Parked connections (reuse) belong to no store: end them, then only a store left open counts.
  closeIdleConnections();
  // A backend leaves pg_stat_activity a moment after its client said goodbye: wait for that.
  const count = adminDb().prepare('SELECT count(*) FROM pg_stat_activity WHERE datname = ?').pluck();
  for (let tries = 0; tries < 100; tries++) {
    if (Number(count.get(nameOf(db))) === 0) return true;
    Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 20);
  }
  return false;
}

/** A test's own timeout, longer on PostgreSQL, where each command opens a connection (about ten times the work). */
export function storeTimeout(ms: number): number {
  return onPostgres ? ms * 4 : ms;
}
