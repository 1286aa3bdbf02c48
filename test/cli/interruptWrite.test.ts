// Ctrl-C in the middle of a long write (the built CLI, a real SIGINT): the import or replay is
// inside its one write transaction when the signal comes (the test waits until the database's
// write lock is held), and still ends in `cancelled` on stderr, exit 130, nothing written; the
// next run succeeds. Before long writes yielded inside their transaction, the process died by
// the signal itself (no `cancelled`, no exit code 130 from the process).
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { countEvents, SHOPCTL, tempDb } from '../helpers/cli.js';
import { runIn, runJson } from '../helpers/shop.js';
import { onPostgres } from '../helpers/store.js';

// Several of the import's chunks and replay's batches: the signal comes at the first one, since
// the test waits until the transaction holds the write lock (an import that finished first fails it).
const ROWS = 10_000;
const SKUS = ['MUG-1', 'TEE-1', 'CAP-1'];

function restockFile(dir: string, name: string, quantity: number): string {
  const file = path.join(dir, name);
  const lines = ['sku,quantity'];
  for (let i = 0; i < ROWS; i++) lines.push(`${SKUS[i % SKUS.length]},${quantity}`);
  fs.writeFileSync(file, `${lines.join('\n')}\n`);
  return file;
}

/** Whether another connection holds the write lock (BEGIN IMMEDIATE is refused at once). */
function writeLockHeld(conn: Database.Database): boolean {
  try {
    conn.exec('BEGIN IMMEDIATE');
    conn.exec('ROLLBACK');
    return false;
  } catch (error) {
    if ((error as { code?: string }).code !== 'SQLITE_BUSY') throw error;
    return true;
  }
}

/** Runs shopctl and sends SIGINT once `ready` says so (default: its write transaction holds the write lock). */
function interruptDuringWrite(
  db: string, args: string[], ready: (conn: Database.Database) => boolean = writeLockHeld,
): Promise<{ code: number | null; signal: string | null; stderr: string; stdout: string }> {
  return new Promise((resolve, reject) => {
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
    delete env.SHOPCTL_DB;
    delete env.SHOPCTL_NOW;
    const child = spawn(process.execPath, [SHOPCTL, '--db', db, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('error', reject);
    let conn: Database.Database | undefined;
    let exited = false;
    const poll = () => {
      if (exited) return;
      // The file may not exist yet (fixtures apply creates it).
      if (!conn && fs.existsSync(db)) conn = new Database(db, { timeout: 0 });
      if (conn && ready(conn)) child.kill('SIGINT');
      else setTimeout(poll, 2);
    };
    poll();
    child.on('close', (code, signal) => {
      exited = true;
      conn?.close();
      resolve({ code, signal, stderr, stdout });
    });
  });
}

// The moment to interrupt is found by probing SQLite's write lock; on PostgreSQL the same
// stepwise transactions are covered at the store (test/store/stepwise.test.ts).
describe.skipIf(onPostgres)('Ctrl-C during a long write transaction', () => {
  let dir: string;
  let db: string;
  // Only the interrupted command is a process; the set-up and the looks before and after run in-process.
  beforeAll(async () => {
    ({ dir, db } = tempDb());
    await runJson(db, ['category', 'create', 'Kitchen']);
    for (const sku of SKUS) await runJson(db, ['product', 'create', '--name', sku, '--price', '5', '--category', 'Kitchen', '--sku', sku]);
    // The log the replay below rebuilds: ROWS restock events.
    expect((await runIn(db, ['--json', 'import', 'restock', restockFile(dir, 'first.csv', 1)])).code).toBe(0);
  }, 120_000);

  it('import restock: "cancelled", exit 130, nothing of it in the log; the same import then succeeds', async () => {
    const file = restockFile(dir, 'second.csv', 2);
    const events = countEvents(db);
    const stock = await runJson(db, ['inventory', 'list']);
    const result = await interruptDuringWrite(db, ['import', 'restock', file]);
    expect({ code: result.code, signal: result.signal }, result.stderr).toEqual({ code: 130, signal: null });
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('cancelled');
    expect(result.stderr).not.toMatch(/internal error/i);
    expect(countEvents(db)).toBe(events);
    expect(await runJson(db, ['inventory', 'list'])).toEqual(stock);
    expect(await runJson(db, ['import', 'history'])).toHaveLength(1);

    const next = await runJson(db, ['import', 'restock', file]);
    expect(next.rowsApplied).toBe(ROWS);
    expect(countEvents(db)).toBe(events + ROWS);
  }, 120_000);

  it('replay: "cancelled", exit 130, the read models as they were', async () => {
    const stock = await runJson(db, ['inventory', 'list']);
    const products = await runJson(db, ['product', 'list', '--all']);
    const result = await interruptDuringWrite(db, ['replay']);
    expect({ code: result.code, signal: result.signal }, result.stderr).toEqual({ code: 130, signal: null });
    expect(result.stderr.trimEnd().split('\n').at(-1)).toBe('cancelled');
    expect(result.stdout).toBe('');
    expect(await runJson(db, ['inventory', 'list'])).toEqual(stock);
    expect(await runJson(db, ['product', 'list', '--all'])).toEqual(products);
    expect((await runIn(db, ['replay', '--verify'])).code).toBe(0);
    expect((await runJson(db, ['replay'])).events).toBe(countEvents(db));
  }, 120_000);
});

describe.skipIf(onPostgres)('Ctrl-C during fixtures apply', () => {
  it('stops between two steps: "cancelled", exit 130, every step before it whole, none after', async () => {
    const { dir, db } = tempDb();
    const STEPS = 3000;
    const steps = [
      { command: 'category create', args: { name: 'Kitchen' } },
      { command: 'product create', args: { name: 'Mug', price: '5', category: 'Kitchen', sku: 'MUG-1' } },
      ...Array.from({ length: STEPS }, () => ({ command: 'inventory restock', args: { 'product-or-sku': 'MUG-1', quantity: 1 } })),
    ];
    const file = path.join(dir, 'big.json');
    fs.writeFileSync(file, JSON.stringify({ description: 'many restocks', steps }));
    const restocked = (conn: Database.Database) => {
      try {
        return conn.prepare(`SELECT COUNT(*) FROM events WHERE type = 'InventoryRestocked'`).pluck().get() as number;
      } catch {
        return 0; // not migrated yet
      }
    };
    const result = await interruptDuringWrite(db, ['fixtures', 'apply', file], (conn) => restocked(conn) > 20);
    expect({ code: result.code, signal: result.signal }, result.stderr).toEqual({ code: 130, signal: null });
    const lines = result.stderr.trimEnd().split('\n');
    expect(lines.at(-1)).toBe('cancelled');
    const stopped = /stopped after (\d+) step\(s\)/.exec(result.stderr);
    expect(stopped, result.stderr).not.toBeNull();
    const done = Number(stopped![1]);
    expect(done).toBeLessThan(steps.length);
    const conn = new Database(db, { readonly: true });
    try {
      expect(restocked(conn)).toBe(done - 2); // each step whole, none after the stop
    } finally {
      conn.close();
    }
    expect((await runJson(db, ['inventory', 'list']))[0].onHand).toBe(done - 2);
    expect((await runIn(db, ['replay', '--verify'])).code).toBe(0);
  }, 120_000);
});
