// All 7 integration event types produced by real CLI commands, exported and checked against
// the seed's payloads and the CloudEvents schema; a declined payment leaves no outbox row.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openReadOnly, run, runJson, tempDb } from '../helpers/shop.js';
import { cloudEventsValidator, parseLines } from './setup.js';

const PASSWORD = 'correct horse battery staple 42';
const ADDRESS_FLAGS = ['--name', 'Ada Lovelace', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];
const ADDRESS = { name: 'Ada Lovelace', line1: '1 Main St', line2: null, city: 'Springfield', region: null, postalCode: '12345', country: 'US' };

let db: string;
let dir: string;
let customerId: string;
let shirt: { id: string; name: string };
let delivered: any;
let cancelled: any;
let lines: any[];
let text: string;
let outboxBeforeDecline: number;
let declined: { code: number; stderr: string };
let eventsBeforeDecline: number;

const outboxRows = () => {
  const check = openReadOnly(db);
  try {
    return check.prepare('SELECT COUNT(*) FROM outbox').pluck().get() as number;
  } finally {
    check.close();
  }
};
const eventCount = () => {
  const check = openReadOnly(db);
  try {
    return check.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  } finally {
    check.close();
  }
};
const step = (args: string[], input?: string) => runJson(db, args, { input });

beforeAll(async () => {
  ({ db, dir } = tempDb());
  await step(['category', 'create', 'Apparel']);
  const created = await step(['product', 'create', '--name', 'Linen shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'SHIRT-1', '--stock', '3']);
  shirt = { id: created.id, name: 'Linen shirt' };
  await step(['product', 'create', '--name', 'Stoneware mug', '--price', '12.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '10']);
  customerId = (await step(['customer', 'register', '--email', 'Ada@Example.com', '--name', 'Ada Lovelace', '--password-stdin'], `${PASSWORD}\n`)).id;

  // Order 1 takes every shirt (out of stock), then goes all the way to delivered.
  await step(['cart', 'add', 'ada@example.com', '--product', 'SHIRT-1', '--quantity', '3']);
  delivered = await step(['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS_FLAGS]);
  await step(['order', 'confirm', delivered.id]);
  await step(['order', 'ship', delivered.id, '--tracking', '1Z999AA10123456784', '--carrier', 'UPS']);
  await step(['order', 'deliver', delivered.id, '--tracking', '1Z999AA10123456784']);

  // Order 2 is confirmed (payment captured), then cancelled: refunded in full.
  await step(['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
  cancelled = await step(['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS_FLAGS]);
  await step(['order', 'confirm', cancelled.id]);
  await step(['order', 'cancel', cancelled.id, '--reason', 'customer changed their mind']);

  // Order 3 is declined at authorization: the command is rolled back.
  await step(['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '1']);
  outboxBeforeDecline = outboxRows();
  eventsBeforeDecline = eventCount();
  declined = await run(['--db', db, 'order', 'place', 'ada@example.com', '--payment', 'pm_card_declined', ...ADDRESS_FLAGS]);

  const out = path.join(dir, 'batch.ndjson');
  const exported = await run(['--db', db, 'outbox', 'export', '--out', out]);
  if (exported.code !== 0) throw new Error(exported.stderr);
  text = fs.readFileSync(out, 'utf8');
  lines = parseLines(text);
});

describe('integration events from real commands', () => {
  it('exports all 7 types, each line a valid CloudEvents 1.0 object', async () => {
    const validate = cloudEventsValidator();
    for (const line of lines) expect(validate(line), JSON.stringify(validate.errors)).toBe(true);
    expect(lines.map((l) => l.type)).toEqual([
      'com.shopctl.customer.registered.v1',
      'com.shopctl.order.placed.v1', 'com.shopctl.inventory.out-of-stock.v1',
      'com.shopctl.order.confirmed.v1', 'com.shopctl.order.shipped.v1', 'com.shopctl.order.delivered.v1',
      'com.shopctl.order.placed.v1', 'com.shopctl.order.confirmed.v1', 'com.shopctl.order.cancelled.v1',
    ]);
    for (const line of lines) {
      expect(line).toMatchObject({ specversion: '1.0', datacontenttype: 'application/json', partitionkey: line.subject });
      expect(line.source).toMatch(/^\/shopctl\//);
    }
    expect(new Set(lines.map((l) => l.id)).size).toBe(lines.length);
  });

  it('carries the seed payload of each type', async () => {
    const check = openReadOnly(db);
    const token = check.prepare('SELECT token FROM verification_tokens WHERE customerId = ?').pluck().get(customerId);
    check.close();
    const of = (type: string, subject: string) => lines.filter((l) => l.type === type && l.subject === subject).map((l) => l.data);

    expect(of('com.shopctl.customer.registered.v1', customerId)).toEqual([{ customerId, email: 'ada@example.com', verificationToken: token }]);
    expect(token).toEqual(expect.any(String));
    expect(of('com.shopctl.order.placed.v1', delivered.id)).toEqual([
      { orderId: delivered.id, customerId, totalAmount: { amount: 5997, currency: 'USD' }, lineItems: delivered.lineItems },
    ]);
    expect(of('com.shopctl.inventory.out-of-stock.v1', shirt.id)).toEqual([{ productId: shirt.id, productName: shirt.name, variantId: null }]);
    expect(of('com.shopctl.order.confirmed.v1', delivered.id)).toEqual([{ orderId: delivered.id, customerId, shippingAddress: ADDRESS }]);
    expect(of('com.shopctl.order.shipped.v1', delivered.id)).toEqual([
      { orderId: delivered.id, customerId, trackingNumber: '1Z999AA10123456784', carrier: 'UPS' },
    ]);
    expect(of('com.shopctl.order.delivered.v1', delivered.id)).toEqual([{ orderId: delivered.id, customerId }]);
    expect(of('com.shopctl.order.cancelled.v1', cancelled.id)).toEqual([
      { orderId: cancelled.id, customerId, refundAmount: { amount: 2500, currency: 'USD' } },
    ]);
  });

  it('has no password or hash in any exported line', async () => {
    const check = openReadOnly(db);
    const credential = check.prepare('SELECT salt, hash FROM credentials WHERE customerId = ?').get(customerId) as { salt: string; hash: string };
    check.close();
    expect(credential.hash.length).toBeGreaterThan(8); // the secret exists, so its absence below means something
    for (const line of text.split('\n')) {
      expect(line).not.toContain(PASSWORD);
      expect(line).not.toContain(credential.hash);
      expect(line).not.toContain(credential.salt);
      expect(line).not.toMatch(/password|"hash"|"salt"|scrypt/i);
    }
  });

  it('a declined payment (PAYMENT_FAILED) is rolled back: no events, no outbox row', async () => {
    expect(declined.code).toBe(3);
    expect(declined.stderr).toMatch(/PAYMENT_FAILED/);
    expect(outboxRows()).toBe(outboxBeforeDecline);
    expect(eventCount()).toBe(eventsBeforeDecline);
    expect(lines.filter((l) => l.type === 'com.shopctl.order.placed.v1')).toHaveLength(2);
  });
});
