// Shared by the SIGKILL tests: run the built shopctl and kill it at a chosen moment, then look
// into the database as the next shopctl would.
import { spawn } from 'node:child_process';
import { expect } from 'vitest';
import type { SqlDatabase } from '../../src/store/sql.js';
import { SHOPCTL, shopctl } from '../helpers/cli.js';
import { onPostgres, openSqlWritable } from '../helpers/store.js';
import type { prng } from './support.js';

/** The domain events that each put exactly one integration event in the outbox. */
export const INTEGRATION_CAUSES = ['OrderPlaced', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled', 'CustomerRegistered', 'OutOfStock'];

export interface Killed { code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }

/** Runs shopctl and SIGKILLs it after `delayMs` (unless it finished first). */
export function runAndKill(args: string[], delayMs: number): Promise<Killed> {
  return new Promise((resolve, reject) => {
    const started = Date.now();
    const child = spawn(process.execPath, [SHOPCTL, ...args], { env: { ...process.env, NO_COLOR: '1', CI: '1' }, stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.on('data', (d) => (stderr += d));
    const timer = setTimeout(() => child.kill('SIGKILL'), delayMs);
    child.on('error', reject);
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stderr, ms: Date.now() - started });
    });
  });
}

/**
 * The k-th of n kill moments: one random moment in each n-th of [0, 1.25 × a full run], so the
 * kills cover start-up, reading, writing, commit and (the last ones) a run that just finished.
 */
export function killMoment(random: ReturnType<typeof prng>, k: number, n: number, fullMs: number): number {
  return Math.floor(((k + random.next()) / n) * fullMs * 1.25);
}

/** Wall time of a complete run, to spread the kills over a whole run. */
export function timed(args: string[]): number {
  const started = Date.now();
  const result = shopctl(args);
  expect(result.code, result.stderr).toBe(0);
  return Date.now() - started;
}

/**
 * Opens the file read-write, as the next shopctl would (a hot WAL left by the killed process
 * is recovered on open), and runs `check` on it.
 */
export function inspect<T>(db: string, check: (raw: SqlDatabase) => T): T {
  const raw = openSqlWritable(db);
  try {
    return check(raw);
  } finally {
    raw.close();
  }
}

/** SQLite's integrity check of the file (PostgreSQL has no file of ours a kill could damage). */
export function expectIntact(db: string): void {
  if (onPostgres) return;
  expect(inspect(db, (raw) => (raw as import('better-sqlite3').Database).pragma('integrity_check', { simple: true }))).toBe('ok');
}

/** Every integration event the log calls for is in the outbox, pending or delivered. */
export function expectOutboxComplete(db: string): { total: number; pending: number; delivered: number } {
  return inspect(db, (raw) => {
    const causes = raw.prepare(`SELECT count(*) FROM events WHERE type IN (${INTEGRATION_CAUSES.map(() => '?').join(',')})`).pluck().get(...INTEGRATION_CAUSES) as number;
    const total = raw.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
    const pending = raw.prepare('SELECT count(*) FROM outbox WHERE deliveredAt IS NULL').pluck().get() as number;
    const delivered = raw.prepare('SELECT count(*) FROM outbox WHERE deliveredAt IS NOT NULL').pluck().get() as number;
    expect(pending + delivered).toBe(total);
    expect(total).toBe(causes);
    return { total, pending, delivered };
  });
}

