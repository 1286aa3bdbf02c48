// order place|confirm|ship|deliver|cancel|list|show through the built CLI: the whole lifecycle,
// payments with the TEST gateway's tokens, stock, and every wrong transition.
import { describe, expect, it } from 'vitest';
import { ADDRESS, expectRejected, fromTemplate, inventoryOf, openReadOnly, orderShop, orderShopWith, readEvents, register, run, runIn, runJson, tempDb } from '../helpers/shop.js';
import { failInserts } from '../helpers/store.js';

const types = (result: { events: { type: string }[] }) => result.events.map((e) => e.type);

function outboxCount(db: string): number {
  const rdb = openReadOnly(db);
  const n = rdb.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  rdb.close();
  return n;
}

/** A shop with Ada's cart holding 2 × MUG-1 (8.50) and 1 × TEE-1-M (21.99): total 38.99. */
async function shopWithCart(mugStock = 10) {
  const { db, value } = await fromTemplate(`shopWithCart:${mugStock}`, async (file) => {
    const shop = await orderShop(file, mugStock);
    const customerId = await register(file, 'ada@example.com');
    await runJson(file, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
    await runJson(file, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    return { ...shop, customerId };
  });
  return { ...value, db };
}

async function place(db: string, payment = 'pm_card_visa') {
  return await runJson(db, ['order', 'place', 'ada@example.com', '--payment', payment, ...ADDRESS]);
}

describe('order lifecycle', () => {
  it('register → add (with and without variant) → place → confirm → ship → deliver', async () => {
    const { db, customerId, mug, teeM } = await shopWithCart();
    const human = await runIn(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    expect(human.code).toBe(0);
    // People see the order number; the hint uses it too.
    expect(human.stdout).toMatch(/order #1001 placed/);
    expect(human.stdout).toContain('Next: shopctl order confirm 1001');
    const orderId = (await runJson(db, ['order', 'show', '#1001'])).id;
    expect(human.stdout).toMatch(/TEST payment gateway/);
    expect(human.stdout).toMatch(/38\.99 USD/);

    const placedEvents = (await readEvents(db)).filter((e) => e.metadata.command === 'PlaceOrder');
    expect(placedEvents.map((e) => e.type)).toEqual(['OrderPlaced', 'InventoryReserved', 'InventoryReserved', 'CartCleared']);
    expect(new Set(placedEvents.map((e) => e.metadata.causationId)).size).toBe(1);
    const placed = placedEvents[0].data;
    expect(placed).toMatchObject({ orderId, customerId, totalAmount: { amount: 3899, currency: 'USD' }, paymentMethod: 'pm_card_visa' });
    expect(placed.paymentAuthorizationId).toMatch(/^auth_test_/);
    expect(placed.lineItems.map((l: { productId: string; variantId: string | null; quantity: number; unitPrice: { amount: number } }) =>
      [l.variantId ?? l.productId, l.quantity, l.unitPrice.amount])).toEqual([[mug, 2, 850], [teeM, 1, 2199]]);
    expect(placed.shippingAddress).toMatchObject({ name: 'Ada Lovelace', country: 'US', line2: null });
    expect(placedEvents[1].data).toMatchObject({ orderId, reservedQuantity: 2 });
    expect(placedEvents[3].data).toMatchObject({ reason: 'order placed', orderId, customerId });
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(await inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect((await runJson(db, ['cart', 'show', 'ada@example.com'])).lines).toEqual([]);

    const confirmed = await runJson(db, ['order', 'confirm', orderId]);
    expect(types(confirmed)).toEqual(['OrderConfirmed']);
    expect(confirmed).toMatchObject({ id: orderId, status: 'CONFIRMED', payment: { action: 'captured' } });
    expect(confirmed.events[0].data.paymentCaptureId).toMatch(/^cap_test_/);

    const shipped = await runJson(db, ['order', 'ship', orderId, '--tracking', '1Z999AA1', '--carrier', 'UPS']);
    expect(types(shipped)).toEqual(['OrderShipped', 'InventoryDeducted', 'InventoryDeducted']);
    expect(shipped.events[1].data).toMatchObject({ orderId, deductedQuantity: 2 });
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(await inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 4, reserved: 0, available: 4 });

    const delivered = await runJson(db, ['order', 'deliver', orderId, '--tracking', '1Z999AA1']);
    expect(types(delivered)).toEqual(['OrderDelivered']);

    const shown = await runJson(db, ['order', 'show', orderId]);
    expect(shown).toMatchObject({
      id: orderId, customerId, status: 'DELIVERED', totalAmount: { amount: 3899, currency: 'USD' }, trackingNumber: '1Z999AA1', carrier: 'UPS',
    });
    expect(shown.lineItems).toHaveLength(2);
    expect(shown.history.map((h: { status: string }) => h.status)).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED']);
    const table = await runIn(db, ['order', 'show', orderId]);
    expect(table.stdout).toMatch(/T-shirt \(M\)/);
    expect(table.stdout).toMatch(/38\.99 USD/);
    expect(table.stdout).toMatch(/^DELIVERED\s+\d{4}-\d\d-\d\d \d\d:\d\d/m); // history row, local time to the minute
    expect(table.stdout).toMatch(/^customer Ada Lovelace <ada@example\.com>/m);
    expect((await runJson(db, ['order', 'list', '--status', 'delivered', '--customer', 'ada@example.com'])).map((o: { id: string }) => o.id)).toEqual([orderId]);
    expect(await runJson(db, ['order', 'list', '--status', 'PENDING'])).toEqual([]);
    expect((await runIn(db, ['order', 'list', '--status', 'LOST'])).code).toBe(2);

    const rdb = openReadOnly(db);
    const outbox = rdb.prepare('SELECT type FROM outbox ORDER BY sequence').pluck().all();
    rdb.close();
    expect(outbox).toEqual(expect.arrayContaining([
      'OrderPlacedNotification', 'OrderConfirmedNotification', 'OrderShippedNotification', 'OrderDeliveredNotification',
    ]));
  });

  it('OutOfStock is recorded when an order takes the last units', async () => {
    const { db } = await shopWithCart(2);
    const placed = await place(db);
    expect(types(placed)).toEqual(['OrderPlaced', 'InventoryReserved', 'OutOfStock', 'InventoryReserved', 'CartCleared']);
  });

  it('--id re-run of place: same order unchanged (exit 0), other attributes ID_CONFLICT (exit 5)', async () => {
    const { db } = await shopWithCart();
    const id = '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a';
    const args = ['order', 'place', 'ada@example.com', '--id', id, '--payment', 'pm_card_visa', ...ADDRESS];
    expect((await runJson(db, args)).id).toBe(id);
    expect(await runJson(db, args)).toMatchObject({ id, unchanged: true, events: [] });
    await expectRejected(db, [...args.slice(0, -1), 'DE'], 5, 'ID_CONFLICT');
  });
});

describe('order place failures write nothing', () => {
  it('PAYMENT_FAILED for a declined card: no order, no reservation, cart intact, no outbox message', async () => {
    const { db } = await shopWithCart();
    const before = { events: (await readEvents(db)).length, outbox: outboxCount(db), cart: await runJson(db, ['cart', 'show', 'ada@example.com']) };
    await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_declined', ...ADDRESS], 3, 'PAYMENT_FAILED');
    expect(await readEvents(db)).toHaveLength(before.events);
    expect(outboxCount(db)).toBe(before.outbox);
    expect(await runJson(db, ['order', 'list'])).toEqual([]);
    expect((await inventoryOf(db, 'MUG-1')).reserved).toBe(0);
    expect(await runJson(db, ['cart', 'show', 'ada@example.com'])).toEqual(before.cart);
  });

  it('PAYMENT_FAILED for a payment method the test gateway does not know', async () => {
    const { db } = await shopWithCart();
    const result = await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_amex', ...ADDRESS], 3, 'PAYMENT_FAILED');
    expect(result.stderr).toMatch(/does not know payment method/);
  });

  it('INVALID_ADDRESS for a missing part; a --country that is no ISO code is INVALID_ARGUMENT (exit 2) with the likely one', async () => {
    const { db } = await shopWithCart();
    await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, -1), 'XX'], 2, 'INVALID_ARGUMENT');
    const usa = await run(['--db', db, 'order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, -1), 'USA']);
    expect(usa.code).toBe(2);
    expect(usa.stderr).toMatch(/^error: --country "USA" is not a two-letter country code .*\[INVALID_ARGUMENT\] \(hint: did you mean US\?\)\n$/);
    await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, 2), '--line1', ' ', ...ADDRESS.slice(4)], 3, 'INVALID_ADDRESS');
  });

  it('CART_EMPTY when the customer has nothing in the cart', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 3, 'CART_EMPTY');
  });

  it('without a terminal a missing flag is a usage error naming it', async () => {
    const { db } = await shopWithCart();
    const noCountry = await runIn(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, -2)]);
    expect(noCountry.code).toBe(2);
    expect(noCountry.stderr).toMatch(/--country/);
    const noCustomer = await runIn(db, ['order', 'place']);
    expect(noCustomer.code).toBe(2);
    expect(noCustomer.stderr).toMatch(/<customer>/);
    const noPayment = await runIn(db, ['order', 'place', 'ada@example.com', ...ADDRESS]);
    expect(noPayment.code).toBe(2);
    expect(noPayment.stderr).toMatch(/--payment/);
  });

  it('INSUFFICIENT_STOCK: two customers compete for the last unit, exactly one order is placed', async () => {
    const { db } = await orderShopWith([['ada@example.com'], ['bob@example.com', 'Bob']], 1);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    await runJson(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1']);
    const results = await Promise.all(['ada@example.com', 'bob@example.com'].map((c) =>
      run(['--db', db, '--json', 'order', 'place', c, '--payment', 'pm_card_visa', ...ADDRESS])));
    expect(results.map((r) => r.code).sort()).toEqual([0, 3]);
    const loser = results.find((r) => r.code === 3)!;
    // The loser may have been authorized before it lost the race: with --json, stderr is still
    // only the JSON error, which then says in details.warnings that the authorization was voided.
    const loserError = JSON.parse(loser.stderr).error;
    expect(loserError.code).toBe('INSUFFICIENT_STOCK');
    for (const warning of loserError.details.warnings ?? []) expect(warning).toMatch(/^payment authorization \S+ voided /);
    expect((await readEvents(db)).filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 1, reserved: 1, available: 0 });
    const carts = (await Promise.all(['ada@example.com', 'bob@example.com'].map(async (c) => (await runJson(db, ['cart', 'show', c])).lines.length))).sort();
    expect(carts).toEqual([0, 1]);
  });

  it('INSUFFICIENT_STOCK reserves nothing when only one of several lines is short', async () => {
    const { db } = await shopWithCart();
    await register(db, 'bob@example.com', 'Bob');
    await runJson(db, ['cart', 'add', 'bob@example.com', '--product', 'TEE-1-M', '--quantity', '5']);
    await runJson(db, ['order', 'place', 'bob@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    const before = (await readEvents(db)).length;
    const result = await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 3, 'INSUFFICIENT_STOCK');
    expect(JSON.parse(result.stderr).error.details.lines).toEqual([expect.objectContaining({ sku: 'TEE-1-M', requested: 1, available: 0 })]);
    expect(await readEvents(db)).toHaveLength(before);
    expect((await inventoryOf(db, 'MUG-1')).reserved).toBe(0);
    expect((await runJson(db, ['cart', 'show', 'ada@example.com'])).lines).toHaveLength(2);
  });

  it('voids the authorization when the store write fails after it', async () => {
    const { db } = await shopWithCart();
    failInserts(db, 'orders', 'disk on fire');
    const before = (await readEvents(db)).length;
    const result = await runIn(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/payment authorization auth_test_\w+ voided/);
    expect(await readEvents(db)).toHaveLength(before);
    expect((await inventoryOf(db, 'MUG-1')).reserved).toBe(0);
    // With --json stderr carries only the JSON error document; the void is in its details.
    const json = await run(['--db', db, '--json', 'order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    expect(json.code).toBe(1);
    expect(json.stderr.trimEnd().split('\n')).toHaveLength(1);
    expect(JSON.parse(json.stderr).error.details.warnings).toEqual([expect.stringMatching(/^payment authorization auth_test_\w+ voided /)]);
    expect(await readEvents(db)).toHaveLength(before);
  });
});

describe('confirm, ship, deliver, cancel', () => {
  it('PAYMENT_CAPTURE_FAILED at confirm leaves the order PENDING; it can still be cancelled (void)', async () => {
    const { db } = await shopWithCart();
    const order = await place(db, 'pm_card_capture_fails');
    await expectRejected(db, ['order', 'confirm', order.id], 3, 'PAYMENT_CAPTURE_FAILED');
    expect((await runJson(db, ['order', 'show', order.id])).status).toBe('PENDING');
    expect(types(await runJson(db, ['order', 'cancel', order.id, '--reason', 'capture failed']))[0]).toBe('OrderCancelled');
  });

  it('cancel before confirm voids: refund 0, inventory released', async () => {
    const { db } = await shopWithCart();
    const order = await place(db);
    const cancelled = await runJson(db, ['order', 'cancel', order.id, '--reason', 'changed my mind']);
    expect(types(cancelled)).toEqual(['OrderCancelled', 'InventoryReleased', 'InventoryReleased']);
    expect(cancelled.events[0].data).toMatchObject({ reason: 'changed my mind', refundAmount: { amount: 0, currency: 'USD' }, paymentAction: 'void' });
    expect(cancelled.payment.action).toBe('voided');
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(await inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    await expectRejected(db, ['order', 'cancel', order.id, '--reason', 'again'], 3, 'INVALID_STATUS_TRANSITION');
    await expectRejected(db, ['order', 'confirm', order.id], 3, 'INVALID_STATUS_TRANSITION');
  });

  it('cancel after confirm refunds the total, recorded in OrderCancelled and its integration event', async () => {
    const { db } = await shopWithCart();
    const order = await place(db);
    await runJson(db, ['order', 'confirm', order.id]);
    const cancelled = await runJson(db, ['order', 'cancel', order.id, '--reason', 'damaged']);
    expect(types(cancelled)).toEqual(['OrderCancelled', 'InventoryReleased', 'InventoryReleased']);
    expect(cancelled.events[0].data).toMatchObject({ refundAmount: { amount: 3899, currency: 'USD' }, paymentAction: 'refund' });
    expect(cancelled.refundAmount).toEqual({ amount: 3899, currency: 'USD' });
    expect((await inventoryOf(db, 'MUG-1')).reserved).toBe(0);
    const rdb = openReadOnly(db);
    const message = rdb.prepare("SELECT data FROM outbox WHERE type = 'OrderCancelledNotification'").pluck().get() as string;
    rdb.close();
    expect(JSON.parse(message)).toMatchObject({ orderId: order.id, refundAmount: { amount: 3899, currency: 'USD' } });
  });

  it('REFUND_FAILED when the refund of a confirmed order fails: still CONFIRMED, stock still held', async () => {
    const { db } = await shopWithCart();
    const order = await place(db, 'pm_card_refund_fails');
    await runJson(db, ['order', 'confirm', order.id]);
    const before = (await readEvents(db)).length;
    await expectRejected(db, ['order', 'cancel', order.id, '--reason', 'x'], 3, 'REFUND_FAILED');
    expect(await readEvents(db)).toHaveLength(before);
    expect((await runJson(db, ['order', 'show', order.id])).status).toBe('CONFIRMED');
    expect((await inventoryOf(db, 'MUG-1')).reserved).toBe(2);
  });

  it('ORDER_ALREADY_SHIPPED cancelling after shipping; INVALID_STATUS_TRANSITION for other wrong moves', async () => {
    const { db } = await shopWithCart();
    const order = await place(db);
    await expectRejected(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS'], 3, 'INVALID_STATUS_TRANSITION');
    await expectRejected(db, ['order', 'deliver', order.id, '--tracking', 'T1'], 3, 'INVALID_STATUS_TRANSITION');
    await runJson(db, ['order', 'confirm', order.id]);
    await expectRejected(db, ['order', 'confirm', order.id], 3, 'INVALID_STATUS_TRANSITION');
    await runJson(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS']);
    await expectRejected(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS'], 3, 'INVALID_STATUS_TRANSITION');
    await expectRejected(db, ['order', 'cancel', order.id, '--reason', 'too late'], 3, 'ORDER_ALREADY_SHIPPED');
    await runJson(db, ['order', 'deliver', order.id, '--tracking', 'T1']);
    await expectRejected(db, ['order', 'cancel', order.id, '--reason', 'too late'], 3, 'ORDER_ALREADY_SHIPPED');
  });

  it('TRACKING_MISMATCH delivering with another tracking number; the right one delivers', async () => {
    const { db } = await shopWithCart();
    const order = await place(db);
    await runJson(db, ['order', 'confirm', order.id]);
    await runJson(db, ['order', 'ship', order.id, '--tracking', '1Z999', '--carrier', 'DHL']);
    await expectRejected(db, ['order', 'deliver', order.id, '--tracking', '1Z998'], 3, 'TRACKING_MISMATCH');
    expect((await runJson(db, ['order', 'show', order.id])).status).toBe('SHIPPED');
    expect((await runJson(db, ['order', 'deliver', order.id, '--tracking', '1Z999'])).status).toBe('DELIVERED');
  });

  it('ORDER_NOT_FOUND and CUSTOMER_NOT_FOUND exit 4', async () => {
    const { db } = tempDb();
    await orderShop(db);
    await expectRejected(db, ['order', 'show', '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'], 4, 'ORDER_NOT_FOUND');
    await expectRejected(db, ['order', 'confirm', '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'], 4, 'ORDER_NOT_FOUND');
    await expectRejected(db, ['order', 'place', 'nobody@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 4, 'CUSTOMER_NOT_FOUND');
    await expectRejected(db, ['order', 'list', '--customer', 'nobody@example.com'], 4, 'CUSTOMER_NOT_FOUND');
  });
});
