// Spawning the built shopctl against a temporary database, as a user would run it.
import { spawn, spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { expect } from 'vitest';
import type { SqlDatabase } from '../../src/store/sql.js';
import { newPgDatabase, onPostgres, openSql, shopExists } from './store.js';

export const SHOPCTL = path.resolve(__dirname, '../../bin/shopctl.js');

export interface RunResult {
  code: number;
  stdout: string;
  stderr: string;
}

export interface RunOptions {
  /** Written to stdin, then stdin is closed. */
  input?: string;
  env?: Record<string, string | undefined>;
  cwd?: string;
}

/**
 * A fresh folder and a database for one test: a path in the folder (the file itself is not
 * created), or on PostgreSQL (SHOPCTL_TEST_STORE=postgres) the URL of a new, empty database.
 */
export function tempDb(name = 'shop.db'): { dir: string; db: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-'));
  return { dir, db: onPostgres ? newPgDatabase() : path.join(dir, name) };
}

function childEnv(extra: Record<string, string | undefined> = {}): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.SHOPCTL_DB;
  delete env.SHOPCTL_NOW;
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs shopctl synchronously (stdin closed unless `input` is given). */
export function shopctl(args: string[], options: RunOptions = {}): RunResult {
  const result = spawnSync(process.execPath, [SHOPCTL, ...args], {
    input: options.input ?? '',
    env: childEnv(options.env),
    cwd: options.cwd,
    encoding: 'utf8',
    maxBuffer: 256 * 1024 * 1024,
  });
  if (result.error) throw result.error;
  return { code: result.status ?? -1, stdout: result.stdout, stderr: result.stderr };
}

/** Runs shopctl asynchronously (for concurrent processes). */
export function shopctlAsync(args: string[], options: RunOptions = {}): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [SHOPCTL, ...args], { env: childEnv(options.env), cwd: options.cwd });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code: code ?? -1, stdout, stderr }));
    child.stdin.end(options.input ?? '');
  });
}

/** Runs shopctl with --db and --json and parses stdout; fails the test on a non-zero exit. */
export function shopctlJson<T = any>(db: string, args: string[], options: RunOptions = {}): T {
  const result = shopctl(['--db', db, '--json', ...args], options);
  if (result.code !== 0) throw new Error(`shopctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** All events in the log, parsed (`events list --json` is NDJSON). */
export function eventsOf(db: string): any[] {
  // No shop at all: nothing was written (and a read never creates one: NO_DATABASE).
  if (!shopExists(db)) return [];
  const result = shopctl(['--db', db, '--json', 'events', 'list']);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** A look into the database for assertions (read-only on a SQLite file); the same SQL on both stores. */
export function openReadOnly(db: string): SqlDatabase {
  return openSql(db);
}

/** Runs `read` on a connection to the database (read-only on a file) and closes it. */
export function readOnly<T>(db: string, read: (conn: SqlDatabase) => T): T {
  const conn = openReadOnly(db);
  try {
    return read(conn);
  } finally {
    conn.close();
  }
}

/** How many events the log holds, read directly (no process spawned); 0 before a shop exists. */
export function countEvents(db: string): number {
  if (!shopExists(db)) return 0;
  return readOnly(db, (conn) => conn.prepare('SELECT COUNT(*) FROM events').pluck().get() as number);
}

export interface ErrorDocument {
  code: string;
  message: string;
  details: Record<string, any>;
}

/**
 * Runs with --db and --json and expects a rejection: the exit code, the JSON error with `code`
 * on stderr, nothing on stdout, and no event written.
 */
export function expectFailure(
  db: string, args: string[], exitCode: number, code: string, options: RunOptions = {},
): RunResult & { error: ErrorDocument } {
  const before = countEvents(db);
  return checkRejection(db, before, shopctl(['--db', db, '--json', ...args], options), exitCode, code);
}

/** A run that must have been refused: its exit code, one JSON error with `code`, no stdout, no event written. */
export function checkRejection(
  db: string, eventsBefore: number, result: RunResult, exitCode: number, code: string,
): RunResult & { error: ErrorDocument } {
  expect(result.code, result.stderr).toBe(exitCode);
  expect(result.stdout).toBe('');
  const error = JSON.parse(result.stderr).error as ErrorDocument;
  expect(error.code).toBe(code);
  expect(typeof error.message).toBe('string');
  expect(countEvents(db)).toBe(eventsBefore);
  return { ...result, error };
}

/** The SQL connection behind a store (either), for tests that look at or plant rows directly (the app never sees it). */
export function storeDb(store: object): SqlDatabase {
  return (store as { db: SqlDatabase }).db;
}

/** The SQLite handle behind a SQLite store, for SQLite-only tests (pragma). */
export function sqliteDb(store: object): import('better-sqlite3').Database {
  return (store as { db: import('better-sqlite3').Database }).db;
}
