// Killed at a random moment (SIGKILL: no cleanup, no flush): a large `import restock` and an
// `outbox export --out`. After every kill the database is intact, the import is wholly there
// or wholly absent (and can be run again), no outbox message is lost or marked delivered
// without having been written out, and replay agrees with the read models.
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { ShopApp } from '../../src/app/shopApp.js';
import { streamIdOf } from '../../src/domain/events.js';
import { SHOPCTL, shopctl, tempDb } from '../helpers/cli.js';
import { ADDRESS, orderShop, register, runIn, runJson } from '../helpers/shop.js';
import { expectCleanStderr, expectReplayVerifies, prng } from './support.js';

const SEED = 4_711;
const SKUS = 20;
const IMPORT_ROWS = 10_000;
const IMPORT_KILLS = 5;
const EXPORT_MESSAGES = 12_000;
const EXPORT_BATCH = 2_400;
const EXPORT_KILLS = 8;
const REPLAY_KILLS = 3;

/** The domain events that each put exactly one integration event in the outbox. */
const INTEGRATION_CAUSES = ['OrderPlaced', 'OrderConfirmed', 'OrderShipped', 'OrderDelivered', 'OrderCancelled', 'CustomerRegistered', 'OutOfStock'];

interface Killed { code: number | null; signal: NodeJS.Signals | null; stderr: string; ms: number }

/** Runs shopctl and SIGKILLs it after `delayMs` (unless it finished first). */
function runAndKill(args: string[], delayMs: number): Promise<Killed> {
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
function killMoment(random: ReturnType<typeof prng>, k: number, n: number, fullMs: number): number {
  return Math.floor(((k + random.next()) / n) * fullMs * 1.25);
}

/** Wall time of a complete run, to spread the kills over a whole run. */
function timed(args: string[]): number {
  const started = Date.now();
  const result = shopctl(args);
  expect(result.code, result.stderr).toBe(0);
  return Date.now() - started;
}

/**
 * Opens the file read-write, as the next shopctl would (a hot WAL left by the killed process
 * is recovered on open), and runs `check` on it.
 */
function inspect<T>(db: string, check: (raw: Database.Database) => T): T {
  const raw = new Database(db);
  try {
    return check(raw);
  } finally {
    raw.close();
  }
}

function expectIntact(db: string): void {
  expect(inspect(db, (raw) => raw.pragma('integrity_check', { simple: true }))).toBe('ok');
}

/** Every integration event the log calls for is in the outbox, pending or delivered. */
function expectOutboxComplete(db: string): { total: number; pending: number; delivered: number } {
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

function restockFile(dir: string, index: number): { file: string; sha256: string; units: Map<string, number> } {
  const random = prng(SEED * 31 + index);
  const units = new Map<string, number>();
  const lines = ['sku,quantity,note'];
  for (let row = 0; row < IMPORT_ROWS; row++) {
    const sku = `SKU-${random.int(1, SKUS)}`;
    const quantity = random.int(1, 5);
    units.set(sku, (units.get(sku) ?? 0) + quantity);
    lines.push(`${sku},${quantity},delivery ${index}`);
  }
  const content = `${lines.join('\n')}\n`;
  const file = path.join(dir, `restock-${index}.csv`);
  fs.writeFileSync(file, content);
  return { file, sha256: createHash('sha256').update(content).digest('hex'), units };
}

async function onHandBySku(db: string): Promise<Map<string, number>> {
  const items = await runJson<{ sku: string; onHand: number }[]>(db, ['inventory', 'list']);
  return new Map(items.map((i) => [i.sku, i.onHand]));
}

describe('SIGKILL at random moments', () => {
  it(`import restock of ${IMPORT_ROWS} rows: all or nothing after each kill, and it can be run again; replay killed changes nothing`, async () => {
    const { dir, db } = tempDb();
    const catalogue = ['sku,name,description,price,category,stock', ...Array.from({ length: SKUS }, (_, i) => `SKU-${i + 1},Product ${i + 1},,1.00,Home,0`)];
    fs.writeFileSync(path.join(dir, 'products.csv'), `${catalogue.join('\n')}\n`);
    expect((await runIn(db, ['import', 'products', path.join(dir, 'products.csv'), '--create-categories'])).code).toBe(0);

    // How long a whole import takes here (on a scratch copy), to place the kills inside it.
    const scratch = path.join(dir, 'scratch.db');
    fs.copyFileSync(db, scratch);
    const full = timed(['--db', scratch, 'import', 'restock', restockFile(dir, 999).file]);

    const random = prng(SEED);
    const expected = await onHandBySku(db);
    const outcomes: string[] = [];
    for (let k = 0; k < IMPORT_KILLS; k++) {
      const { file, sha256, units } = restockFile(dir, k);
      for (const [sku, n] of units) expected.set(sku, (expected.get(sku) ?? 0) + n);
      const delay = killMoment(random, k, IMPORT_KILLS, full);
      const killed = await runAndKill(['--db', db, 'import', 'restock', file], delay);
      expectCleanStderr(killed.stderr, `kill ${k}`);

      expectIntact(db);
      const [events, history] = inspect(db, (raw) => [
        raw.prepare(`SELECT count(*) FROM events WHERE type = 'InventoryRestocked' AND json_extract(metadata, '$.source') = ?`).pluck().get(`import:${sha256}`) as number,
        raw.prepare(`SELECT count(*) FROM imports WHERE kind = 'restock' AND sha256 = ? AND dryRun = 0`).pluck().get(sha256) as number,
      ]);
      expect([0, IMPORT_ROWS], `kill ${k} after ${delay} ms`).toContain(events);
      expect(history).toBe(events === IMPORT_ROWS ? 1 : 0);
      outcomes.push(`${delay}ms:${killed.signal ?? `exit ${killed.code}`}:${events === 0 ? 'absent' : 'present'}`);
      expectOutboxComplete(db);
      // Read models are checked against a replay once after all kills (below): nothing rebuilds
      // them in between, so a kill that left them wrong would still show there.

      // Run it again: applied now if it was absent, refused (nothing written) if it was present.
      const again = await runIn(db, ['--json', 'import', 'restock', file]);
      expect(again.code, again.stderr).toBe(events === 0 ? 0 : 3);
      const after = inspect(db, (raw) => raw.prepare(`SELECT count(*) FROM events WHERE json_extract(metadata, '$.source') = ?`).pluck().get(`import:${sha256}`));
      expect(after).toBe(IMPORT_ROWS);
    }
    // Every file counted exactly once in the stock, whatever moment each kill hit.
    expect(await onHandBySku(db)).toEqual(expected);
    const history = await runJson<unknown[]>(db, ['import', 'history']);
    expect(history.length).toBeGreaterThanOrEqual(IMPORT_KILLS + 1);
    await expectReplayVerifies(db);
    // Kills did interrupt imports (the import was then absent, and its re-run applied it once).
    expect(outcomes.some((o) => o.includes('SIGKILL:absent')), outcomes.join(' ')).toBe(true);

    // `replay` rebuilds every read model in one transaction: killed, it leaves them as they were.
    const replayFull = timed(['--db', db, 'replay']);
    for (let k = 0; k < REPLAY_KILLS; k++) {
      const killed = await runAndKill(['--db', db, 'replay'], killMoment(random, k, REPLAY_KILLS, replayFull));
      expectCleanStderr(killed.stderr, `replay kill ${k}`);
      expectIntact(db);
      expect(await onHandBySku(db)).toEqual(expected);
      await expectReplayVerifies(db);
    }
  }, 180_000);

  it(`outbox export --out of ${EXPORT_MESSAGES} messages: nothing lost, nothing marked delivered that was not written`, async () => {
    const { dir, db } = tempDb();
    // Real traffic for every kind of message the CLI makes…
    await orderShop(db, 1);
    await register(db, 'ada@example.com');
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    const orderId = (await runJson(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS])).id;
    await runJson(db, ['order', 'confirm', orderId]);
    await runJson(db, ['order', 'ship', orderId, '--tracking', '1Z', '--carrier', 'UPS']);
    await runJson(db, ['order', 'deliver', orderId, '--tracking', '1Z']);
    // …and a bulk of orders appended through the application layer, so an export takes a while.
    appendOrders(db, EXPORT_MESSAGES);
    const { total } = expectOutboxComplete(db);

    const scratch = path.join(dir, 'scratch.db');
    inspect(db, (raw) => raw.pragma('wal_checkpoint(TRUNCATE)'));
    fs.copyFileSync(db, scratch);
    const full = timed(['--db', scratch, 'outbox', 'export', '--limit', String(EXPORT_BATCH), '--out', path.join(dir, 'scratch.ndjson')]);

    const random = prng(SEED + 1);
    const batches: string[] = [];
    const outcomes: string[] = [];
    const exportedIds = () => {
      const ids = new Set<string>();
      for (const file of batches) {
        if (!fs.existsSync(file)) continue;
        const text = fs.readFileSync(file, 'utf8');
        expect(text === '' || text.endsWith('\n'), `${file} is cut short`).toBe(true);
        for (const line of text.split('\n').filter(Boolean)) ids.add(JSON.parse(line).id);
      }
      return ids;
    };
    for (let k = 0; k < EXPORT_KILLS; k++) {
      const target = path.join(dir, `batch-${k}.ndjson`);
      batches.push(target);
      const delay = killMoment(random, k, EXPORT_KILLS, full);
      const killed = await runAndKill(['--db', db, 'outbox', 'export', '--limit', String(EXPORT_BATCH), '--out', target], delay);
      expectCleanStderr(killed.stderr, `kill ${k}`);
      outcomes.push(`${delay}ms:${killed.signal ?? `exit ${killed.code}`}`);

      expectIntact(db);
      const counts = expectOutboxComplete(db);
      expect(counts.total).toBe(total);
      // At-least-once: a message is marked delivered only once a complete file holding it exists.
      const written = exportedIds();
      const delivered = inspect(db, (raw) => raw.prepare('SELECT messageId FROM outbox WHERE deliveredAt IS NOT NULL').pluck().all() as string[]);
      for (const id of delivered) expect(written.has(id), `message ${id} delivered but in no export file`).toBe(true);
    }
    // An export changes no read model: one replay check after all kills is enough.
    await expectReplayVerifies(db);
    // Drain what is left; then every message is in some file (duplicates allowed, losses not).
    for (let k = 0; ; k++) {
      const pending = expectOutboxComplete(db).pending;
      if (pending === 0) break;
      const target = path.join(dir, `drain-${k}.ndjson`);
      batches.push(target);
      expect((await runIn(db, ['outbox', 'export', '--limit', String(EXPORT_BATCH), '--out', target])).code).toBe(0);
    }
    const written = exportedIds();
    const all = inspect(db, (raw) => raw.prepare('SELECT messageId FROM outbox').pluck().all() as string[]);
    expect(all).toHaveLength(total);
    for (const id of all) expect(written.has(id), `message ${id} lost`).toBe(true);
    expect(outcomes.some((o) => o.includes('SIGKILL')), outcomes.join(' ')).toBe(true);
  }, 180_000);
});

/** `count` placed orders appended in one transaction through the app layer (outbox rows included). */
function appendOrders(db: string, count: number): void {
  const app = new ShopApp({ dbPath: db });
  try {
    const product = app.store.db.prepare(`SELECT id, inventoryId, name FROM products WHERE sku = 'MUG-1'`).get() as { id: string; inventoryId: string; name: string };
    const customerId = app.store.db.prepare('SELECT id FROM customers LIMIT 1').pluck().get() as string;
    app.execute('PlaceOrder', (uow, info) => {
      for (let i = 0; i < count; i++) {
        const orderId = uow.newId();
        const usd = { amount: 850, currency: 'USD' };
        uow.append(streamIdOf.order(orderId), 0, [{
          type: 'OrderPlaced',
          data: {
            orderId, customerId, totalAmount: usd, shippingAddress: { name: 'Ada', line1: '1 Main St', line2: null, city: 'Springfield', region: null, postalCode: '12345', country: 'US' },
            paymentAuthorizationId: `auth-${i}`, placedAt: uow.now, paymentMethod: 'pm_card_visa', cartId: orderId,
            lineItems: [{ productId: product.id, variantId: null, inventoryId: product.inventoryId, sku: 'MUG-1', name: product.name, quantity: 1, unitPrice: usd, lineTotal: usd }],
          },
        }], info);
      }
    });
  } finally {
    app.close();
  }
}
