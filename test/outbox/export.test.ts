// outbox export / ack / status through the built CLI, on data holding every integration type.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly, run, runJson, tempDb } from '../helpers/shop.js';
import { copyDatabase } from '../helpers/store.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { streamIdOf } from '../../src/domain/events.js';
import {
  ADDRESS, CANCELLED_ORDER_ID, cloudEventsValidator, CUSTOMER_ID, NOW, ORDER_ID, parseLines, pendingCount,
  produceAllTypes, SECRET_HASH, SECRET_SALT, TOKEN, type Scenario,
} from './setup.js';

const validate = cloudEventsValidator();
const TYPES = [
  'com.shopctl.customer.registered.v1', 'com.shopctl.order.placed.v1', 'com.shopctl.inventory.out-of-stock.v1',
  'com.shopctl.order.confirmed.v1', 'com.shopctl.order.shipped.v1', 'com.shopctl.order.delivered.v1',
  'com.shopctl.order.placed.v1', 'com.shopctl.order.cancelled.v1',
];

/** A fresh database with all 7 types pending (8 messages), copied from one made once. */
let template: { db: string; scenario: Scenario };
beforeAll(async () => {
  const { db } = tempDb();
  template = { db, scenario: await produceAllTypes(db) };
});
function freshShop(): { db: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-'));
  const db = copyDatabase(template.db, path.join(dir, 'shop.db'));
  // Every connection to the template is closed (WAL checkpointed), but copy a WAL if one is left.
  if (fs.existsSync(`${template.db}-wal`)) fs.copyFileSync(`${template.db}-wal`, `${db}-wal`);
  return { db, dir };
}
const ids = (lines: { id: string }[]) => lines.map((l) => l.id);

describe('outbox export', () => {
  it('writes every pending message as a CloudEvents 1.0 line carrying the seed payload, then marks them delivered', async () => {
    const { db, dir } = freshShop();
    const out = path.join(dir, 'batch.ndjson');
    const result = await run(['--db', db, 'outbox', 'export', '--out', out]);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout).toMatch(/exported 8 messages \(sequence 000000000001–000000000008\) to .*batch\.ndjson, marked delivered/);
    const text = fs.readFileSync(out, 'utf8');
    const lines = parseLines(text);
    expect(text.endsWith('\n')).toBe(true);
    expect(lines.map((l) => l.type)).toEqual(TYPES);

    for (const line of lines) {
      expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
      expect(line.specversion).toBe('1.0');
      expect(line.datacontenttype).toBe('application/json');
      expect(line.id).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
      expect(line.partitionkey).toBe(line.subject);
      expect(line.sequence).toMatch(/^\d{12}$/);
      expect(Number.isNaN(Date.parse(line.time))).toBe(false);
    }
    // oldest first; sequence sorts as text; ids unique
    const sequences = lines.map((l) => l.sequence);
    expect(sequences).toEqual(['000000000001', '000000000002', '000000000003', '000000000004', '000000000005', '000000000006', '000000000007', '000000000008']);
    expect(new Set(ids(lines)).size).toBe(8);

    const { productId, productName, lineItem } = template.scenario;
    const byType = (type: string, subject: string) => lines.find((l) => l.type === type && l.subject === subject);
    expect(byType('com.shopctl.customer.registered.v1', CUSTOMER_ID)).toMatchObject({
      source: '/shopctl/customer-service', time: NOW,
      data: { customerId: CUSTOMER_ID, email: 'ada@example.com', verificationToken: TOKEN },
    });
    expect(byType('com.shopctl.order.placed.v1', ORDER_ID)).toMatchObject({ source: '/shopctl/order-service', time: NOW });
    expect(byType('com.shopctl.order.placed.v1', ORDER_ID)!.data).toEqual({
      orderId: ORDER_ID, customerId: CUSTOMER_ID, totalAmount: { amount: 1999, currency: 'USD' }, lineItems: [lineItem],
    });
    expect(byType('com.shopctl.inventory.out-of-stock.v1', productId)).toMatchObject({ source: '/shopctl/inventory-service', partitionkey: productId });
    expect(byType('com.shopctl.inventory.out-of-stock.v1', productId)!.data).toEqual({ productId, productName, variantId: null });
    expect(byType('com.shopctl.order.confirmed.v1', ORDER_ID)!.data).toEqual({ orderId: ORDER_ID, customerId: CUSTOMER_ID, shippingAddress: ADDRESS });
    expect(byType('com.shopctl.order.shipped.v1', ORDER_ID)!.data).toEqual({
      orderId: ORDER_ID, customerId: CUSTOMER_ID, trackingNumber: '1Z999AA10123456784', carrier: 'UPS',
    });
    expect(byType('com.shopctl.order.delivered.v1', ORDER_ID)!.data).toEqual({ orderId: ORDER_ID, customerId: CUSTOMER_ID });
    expect(byType('com.shopctl.order.cancelled.v1', CANCELLED_ORDER_ID)!.data).toEqual({
      orderId: CANCELLED_ORDER_ID, customerId: CUSTOMER_ID, refundAmount: { amount: 0, currency: 'USD' },
    });

    // No credential material anywhere in the export.
    expect(text).not.toContain(SECRET_HASH);
    expect(text).not.toContain(SECRET_SALT);
    expect(text).not.toMatch(/password|"hash"|"salt"/i);

    // Delivered: status shows it, nothing pending, and the next export is empty.
    const status = await runJson(db, ['outbox', 'status']);
    expect(status).toMatchObject({ pending: 0, delivered: 8, oldestPending: null });
    expect(status.types.find((t: { type: string }) => t.type === 'OrderPlacedNotification')).toMatchObject({ pending: 0, delivered: 2 });
    const again = await run(['--db', db, 'outbox', 'export']);
    expect(again.code).toBe(0);
    expect(again.stdout).toBe('');
    expect(again.stderr).toMatch(/Nothing pending/);
    // No temporary file left beside the output.
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });

  it('keeps ids stable across re-exports and replaces --out atomically', async () => {
    const { db, dir } = freshShop();
    const out = path.join(dir, 'batch.ndjson');
    fs.writeFileSync(out, 'old content\n');
    const first = await run(['--db', db, 'outbox', 'export', '--no-ack']);
    const second = await run(['--db', db, 'outbox', 'export', '--out', out]);
    expect(second.code, second.stderr).toBe(0);
    expect(ids(parseLines(fs.readFileSync(out, 'utf8')))).toEqual(ids(parseLines(first.stdout)));
    expect(fs.readFileSync(out, 'utf8')).not.toContain('old content');
  });

  it('to an unwritable path fails non-zero, marks nothing, and the next export repeats the same ids', async () => {
    const { db, dir } = freshShop();
    const notAFolder = path.join(dir, 'plain-file');
    fs.writeFileSync(notAFolder, '');
    const failed = await run(['--db', db, 'outbox', 'export', '--out', path.join(notAFolder, 'batch.ndjson')]);
    expect(failed.code).toBe(2); // the --out path is wrong: a usage error
    expect(failed.stderr).toMatch(/^error: export failed: cannot write .*batch\.ndjson \(ENOTDIR\); nothing was marked delivered \[EXPORT_FAILED\]/);
    expect(failed.stdout).toBe('');
    expect(await pendingCount(db)).toBe(8);

    const failedJson = await run(['--db', db, '--json', 'outbox', 'export', '--out', path.join(dir, 'missing', 'x.ndjson')]);
    expect(failedJson.code).toBe(2);
    expect(JSON.parse(failedJson.stderr).error).toMatchObject({ code: 'EXPORT_FAILED', details: { acknowledged: 0 } });
    expect(await pendingCount(db)).toBe(8);

    const next = await run(['--db', db, 'outbox', 'export']);
    expect(next.code).toBe(0);
    const db2 = openReadOnly(db);
    const stored = db2.prepare('SELECT messageId FROM outbox ORDER BY sequence').pluck().all();
    db2.close();
    expect(ids(parseLines(next.stdout))).toEqual(stored);
  });

  it('--no-ack leaves everything pending and prints the last sequence; ack --through marks up to it', async () => {
    const { db } = freshShop();
    const first = await run(['--db', db, 'outbox', 'export', '--no-ack', '--limit', '5']);
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/^last sequence: 000000000005$/m);
    expect(first.stderr).toContain('shopctl outbox ack --through 000000000005');
    const second = await run(['--db', db, 'outbox', 'export', '--no-ack', '--limit', '5']);
    expect(ids(parseLines(second.stdout))).toEqual(ids(parseLines(first.stdout)));
    expect(parseLines(first.stdout)).toHaveLength(5);
    expect(await pendingCount(db)).toBe(8);

    const acked = await runJson(db, ['outbox', 'ack', '--through', '000000000005']);
    expect(acked).toEqual({ through: '000000000005', acknowledged: 5 });
    const rest = await run(['--db', db, 'outbox', 'export', '--no-ack']);
    expect(parseLines(rest.stdout).map((l) => l.sequence)).toEqual(['000000000006', '000000000007', '000000000008']);

    const human = await run(['--db', db, 'outbox', 'ack', '--through', '8']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/marked 3 messages delivered through sequence 000000000008/);
    expect(await pendingCount(db)).toBe(0);
    const empty = await run(['--db', db, 'outbox', 'export']);
    expect(empty.stdout).toBe('');
    // Acking again is harmless.
    expect(await runJson(db, ['outbox', 'ack', '--through', '8'])).toEqual({ through: '000000000008', acknowledged: 0 });
  });

  it('--json puts the summary on stderr when the data is on stdout, on stdout when it went to a file', async () => {
    const { db, dir } = freshShop();
    const toStdout = await run(['--db', db, '--json', 'outbox', 'export', '--no-ack']);
    expect(toStdout.code).toBe(0);
    expect(parseLines(toStdout.stdout)).toHaveLength(8);
    expect(JSON.parse(toStdout.stderr)).toMatchObject({
      exported: 8, firstSequence: '000000000001', lastSequence: '000000000008', acknowledged: 0, acked: false, out: '-',
      byType: { OrderPlacedNotification: 2, OutOfStockAlert: 1 },
    });
    const out = path.join(dir, 'b.ndjson');
    const toFile = await run(['--db', db, '--json', 'outbox', 'export', '--out', out]);
    expect(JSON.parse(toFile.stdout)).toMatchObject({ exported: 8, acknowledged: 8, acked: true, out });
    expect(toFile.stderr).toBe('');
  });

  it('--type exports and marks only that type', async () => {
    const { db } = freshShop();
    const placed = await run(['--db', db, 'outbox', 'export', '--type', 'OrderPlacedNotification', '--limit', '1']);
    expect(parseLines(placed.stdout).map((l) => [l.type, l.subject])).toEqual([['com.shopctl.order.placed.v1', ORDER_ID]]);
    const alerts = await run(['--db', db, 'outbox', 'export', '--type', 'com.shopctl.inventory.out-of-stock.v1']);
    expect(parseLines(alerts.stdout).map((l) => l.type)).toEqual(['com.shopctl.inventory.out-of-stock.v1']);
    const status = await runJson(db, ['outbox', 'status']);
    expect(status.pending).toBe(6);
    const count = (type: string) => status.types.find((t: { type: string }) => t.type === type);
    expect(count('OrderPlacedNotification')).toMatchObject({ pending: 1, delivered: 1 });
    expect(count('OutOfStockAlert')).toMatchObject({ pending: 0, delivered: 1 });
    expect(count('CustomerRegistrationNotification')).toMatchObject({ pending: 1, delivered: 0 });
    // ack --type marks that type only, even through a later sequence
    await runJson(db, ['outbox', 'ack', '--through', '8', '--type', 'OrderCancelledNotification']);
    expect((await runJson(db, ['outbox', 'status'])).pending).toBe(5);
  });

  it('rejects bad arguments with usage or not-found exits and marks nothing', async () => {
    const { db } = freshShop();
    expect((await run(['--db', db, 'outbox', 'export', '--type', 'OrderPlaced'])).code).toBe(2);
    expect((await run(['--db', db, 'outbox', 'export', '--limit', '0'])).code).toBe(2);
    expect((await run(['--db', db, 'outbox', 'ack', '--through', 'abc'])).code).toBe(2);
    expect((await run(['--db', db, 'outbox', 'ack'])).code).toBe(2);
    const beyond = await run(['--db', db, 'outbox', 'ack', '--through', '9']);
    expect(beyond.code).toBe(4);
    expect(beyond.stderr).toMatch(/no outbox message has sequence 9 \(the highest is 000000000008\) \[OUTBOX_MESSAGE_NOT_FOUND\]/);
    expect(await pendingCount(db)).toBe(8);
  });

  it('status shows counts by type and the age of the oldest pending message', async () => {
    const { db } = freshShop();
    const later = { env: { SHOPCTL_NOW: '2026-03-01T12:30:00Z' } };
    const json = await runJson(db, ['outbox', 'status'], later);
    expect(json.pending).toBe(8);
    expect(json.types).toHaveLength(7);
    expect(json.oldestPending).toEqual({ sequence: '000000000001', type: 'CustomerRegistrationNotification', occurredAt: NOW, ageSeconds: 9000 });
    const human = await run(['--db', db, 'outbox', 'status'], later);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/^OrderPlacedNotification\s+com\.shopctl\.order\.placed\.v1\s+2\s+0$/m);
    expect(human.stdout).toMatch(/Oldest pending: 2h 30m old \(sequence 000000000001, CustomerRegistrationNotification/);
  });
});

describe('outbox rows and transactions', () => {
  it('a rolled-back command writes no outbox row', async () => {
    const { db } = freshShop();
    const app = new ShopApp({ dbPath: db });
    const orderId = '44444444-4444-4444-8444-444444444444';
    try {
      expect(() => app.execute('PlaceOrder', (uow, info) => {
        uow.append(streamIdOf.order(orderId), 0, [{
          type: 'OrderPlaced',
          data: {
            orderId, customerId: CUSTOMER_ID, lineItems: [template.scenario.lineItem], totalAmount: { amount: 1999, currency: 'USD' },
            shippingAddress: ADDRESS, paymentAuthorizationId: 'auth', placedAt: NOW, paymentMethod: 'pm_card_declined', cartId: 'c',
          },
        }], info);
        expect(uow.outboxWritten).toBe(1); // written inside the transaction...
        throw new Error('payment declined after the append');
      })).toThrow(/payment declined/);
    } finally {
      app.close();
    }
    const check = openReadOnly(db);
    expect(check.prepare('SELECT COUNT(*) FROM outbox').pluck().get()).toBe(8); // ...and rolled back with it
    expect(check.prepare('SELECT COUNT(*) FROM events WHERE streamId = ?').pluck().get(streamIdOf.order(orderId))).toBe(0);
    check.close();
  });
});
