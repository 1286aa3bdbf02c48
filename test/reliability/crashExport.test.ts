// Killed at a random moment (SIGKILL: no cleanup, no flush) during `outbox export --out`: no
// outbox message is lost or marked delivered without having been written out.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShopApp } from '../../src/app/shopApp.js';
import { streamIdOf } from '../../src/domain/events.js';
import { storeDb, tempDb } from '../helpers/cli.js';
import { ADDRESS, orderShop, register, runIn, runJson } from '../helpers/shop.js';
import { copyDatabase, onPostgres, storeTimeout } from '../helpers/store.js';
import { expectIntact, expectOutboxComplete, inspect, killMoment, runAndKill, timed } from './kill.js';
import { expectCleanStderr, expectReplayVerifies, prng } from './support.js';

const SEED = 4_711;
// Five batches, as many kills as it takes to drain them and more: the count is not the point.
const EXPORT_MESSAGES = 6_000;
const EXPORT_BATCH = 1_200;
const EXPORT_KILLS = 8;

describe('SIGKILL at random moments', () => {
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

    // A copy with no WAL beside it: everything checkpointed into the file first.
    if (!onPostgres) inspect(db, (raw) => (raw as import('better-sqlite3').Database).pragma('wal_checkpoint(TRUNCATE)'));
    const scratch = copyDatabase(db, path.join(dir, 'scratch.db'));
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
  }, storeTimeout(180_000));
});

/** `count` placed orders appended in one transaction through the app layer (outbox rows included). */
function appendOrders(db: string, count: number): void {
  const app = new ShopApp({ dbPath: db });
  try {
    const product = storeDb(app.store).prepare(`SELECT id, inventoryId, name FROM products WHERE sku = 'MUG-1'`).get() as { id: string; inventoryId: string; name: string };
    const customerId = storeDb(app.store).prepare('SELECT id FROM customers LIMIT 1').pluck().get() as string;
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
