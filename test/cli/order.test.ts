// order place|confirm|ship|deliver|cancel|list|show through the built CLI: the whole lifecycle,
// payments with the TEST gateway's tokens, stock, and every wrong transition.
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { eventsOf, openReadOnly, shopctlAsync, shopctlJson, tempDb } from '../helpers/cli.js';
import { ADDRESS, buildShop, expectFailure, inventoryOf, register, run } from './orderShop.js';

const types = (result: { events: { type: string }[] }) => result.events.map((e) => e.type);

function outboxCount(db: string): number {
  const rdb = openReadOnly(db);
  const n = rdb.prepare('SELECT count(*) FROM outbox').pluck().get() as number;
  rdb.close();
  return n;
}

/** A shop with Ada's cart holding 2 × MUG-1 (8.50) and 1 × TEE-1-M (21.99): total 38.99. */
function shopWithCart(mugStock = 10) {
  const { db } = tempDb();
  const shop = buildShop(db, mugStock);
  const customerId = register(db, 'ada@example.com');
  shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
  shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
  return { ...shop, customerId };
}

function place(db: string, payment = 'pm_card_visa') {
  return shopctlJson(db, ['order', 'place', 'ada@example.com', '--payment', payment, ...ADDRESS]);
}

describe('order lifecycle', () => {
  it('register → add (with and without variant) → place → confirm → ship → deliver', () => {
    const { db, customerId, mug, teeM } = shopWithCart();
    const human = run(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    expect(human.code).toBe(0);
    // People see the order number; the hint uses it too.
    expect(human.stdout).toMatch(/order #1001 placed/);
    expect(human.stdout).toContain('Next: shopctl order confirm 1001');
    const orderId = shopctlJson(db, ['order', 'show', '#1001']).id;
    expect(human.stdout).toMatch(/TEST payment gateway/);
    expect(human.stdout).toMatch(/38\.99 USD/);

    const placedEvents = eventsOf(db).filter((e) => e.metadata.command === 'PlaceOrder');
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
    expect(inventoryOf(db, 'MUG-1')).toEqual({ onHand: 10, reserved: 2, available: 8 });
    expect(inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 5, reserved: 1, available: 4 });
    expect(shopctlJson(db, ['cart', 'show', 'ada@example.com']).lines).toEqual([]);

    const confirmed = shopctlJson(db, ['order', 'confirm', orderId]);
    expect(types(confirmed)).toEqual(['OrderConfirmed']);
    expect(confirmed).toMatchObject({ id: orderId, status: 'CONFIRMED', payment: { action: 'captured' } });
    expect(confirmed.events[0].data.paymentCaptureId).toMatch(/^cap_test_/);

    const shipped = shopctlJson(db, ['order', 'ship', orderId, '--tracking', '1Z999AA1', '--carrier', 'UPS']);
    expect(types(shipped)).toEqual(['OrderShipped', 'InventoryDeducted', 'InventoryDeducted']);
    expect(shipped.events[1].data).toMatchObject({ orderId, deductedQuantity: 2 });
    expect(inventoryOf(db, 'MUG-1')).toEqual({ onHand: 8, reserved: 0, available: 8 });
    expect(inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 4, reserved: 0, available: 4 });

    const delivered = shopctlJson(db, ['order', 'deliver', orderId, '--tracking', '1Z999AA1']);
    expect(types(delivered)).toEqual(['OrderDelivered']);

    const shown = shopctlJson(db, ['order', 'show', orderId]);
    expect(shown).toMatchObject({
      id: orderId, customerId, status: 'DELIVERED', totalAmount: { amount: 3899, currency: 'USD' }, trackingNumber: '1Z999AA1', carrier: 'UPS',
    });
    expect(shown.lineItems).toHaveLength(2);
    expect(shown.history.map((h: { status: string }) => h.status)).toEqual(['PENDING', 'CONFIRMED', 'SHIPPED', 'DELIVERED']);
    const table = run(db, ['order', 'show', orderId]);
    expect(table.stdout).toMatch(/T-shirt \(M\)/);
    expect(table.stdout).toMatch(/38\.99 USD/);
    expect(table.stdout).toMatch(/^DELIVERED\s+\d{4}-\d\d-\d\d \d\d:\d\d/m); // history row, local time to the minute
    expect(table.stdout).toMatch(/^customer Ada Lovelace <ada@example\.com>/m);
    expect(shopctlJson(db, ['order', 'list', '--status', 'delivered', '--customer', 'ada@example.com']).map((o: { id: string }) => o.id)).toEqual([orderId]);
    expect(shopctlJson(db, ['order', 'list', '--status', 'PENDING'])).toEqual([]);
    expect(run(db, ['order', 'list', '--status', 'LOST']).code).toBe(2);

    const rdb = openReadOnly(db);
    const outbox = rdb.prepare('SELECT type FROM outbox ORDER BY sequence').pluck().all();
    rdb.close();
    expect(outbox).toEqual(expect.arrayContaining([
      'OrderPlacedNotification', 'OrderConfirmedNotification', 'OrderShippedNotification', 'OrderDeliveredNotification',
    ]));
  });

  it('OutOfStock is recorded when an order takes the last units', () => {
    const { db } = shopWithCart(2);
    const placed = place(db);
    expect(types(placed)).toEqual(['OrderPlaced', 'InventoryReserved', 'OutOfStock', 'InventoryReserved', 'CartCleared']);
  });

  it('--id re-run of place: same order unchanged (exit 0), other attributes ID_CONFLICT (exit 5)', () => {
    const { db } = shopWithCart();
    const id = '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a';
    const args = ['order', 'place', 'ada@example.com', '--id', id, '--payment', 'pm_card_visa', ...ADDRESS];
    expect(shopctlJson(db, args).id).toBe(id);
    expect(shopctlJson(db, args)).toMatchObject({ id, unchanged: true, events: [] });
    expectFailure(db, [...args.slice(0, -1), 'DE'], 5, 'ID_CONFLICT');
  });
});

describe('order place failures write nothing', () => {
  it('PAYMENT_FAILED for a declined card: no order, no reservation, cart intact, no outbox message', () => {
    const { db } = shopWithCart();
    const before = { events: eventsOf(db).length, outbox: outboxCount(db), cart: shopctlJson(db, ['cart', 'show', 'ada@example.com']) };
    expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_declined', ...ADDRESS], 3, 'PAYMENT_FAILED');
    expect(eventsOf(db)).toHaveLength(before.events);
    expect(outboxCount(db)).toBe(before.outbox);
    expect(shopctlJson(db, ['order', 'list'])).toEqual([]);
    expect(inventoryOf(db, 'MUG-1').reserved).toBe(0);
    expect(shopctlJson(db, ['cart', 'show', 'ada@example.com'])).toEqual(before.cart);
  });

  it('PAYMENT_FAILED for a payment method the test gateway does not know', () => {
    const { db } = shopWithCart();
    const result = expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_amex', ...ADDRESS], 3, 'PAYMENT_FAILED');
    expect(result.stderr).toMatch(/does not know payment method/);
  });

  it('INVALID_ADDRESS for a missing part or a non-ISO country', () => {
    const { db } = shopWithCart();
    expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, -1), 'XX'], 3, 'INVALID_ADDRESS');
    expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, 2), '--line1', ' ', ...ADDRESS.slice(4)], 3, 'INVALID_ADDRESS');
  });

  it('CART_EMPTY when the customer has nothing in the cart', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 3, 'CART_EMPTY');
  });

  it('without a terminal a missing flag is a usage error naming it', () => {
    const { db } = shopWithCart();
    const noCountry = run(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS.slice(0, -2)]);
    expect(noCountry.code).toBe(2);
    expect(noCountry.stderr).toMatch(/--country/);
    const noCustomer = run(db, ['order', 'place']);
    expect(noCustomer.code).toBe(2);
    expect(noCustomer.stderr).toMatch(/<customer>/);
    const noPayment = run(db, ['order', 'place', 'ada@example.com', ...ADDRESS]);
    expect(noPayment.code).toBe(2);
    expect(noPayment.stderr).toMatch(/--payment/);
  });

  it('INSUFFICIENT_STOCK: two customers compete for the last unit, exactly one order is placed', async () => {
    const { db } = tempDb();
    buildShop(db, 1);
    register(db, 'ada@example.com');
    register(db, 'bob@example.com', 'Bob');
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    shopctlJson(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1']);
    const results = await Promise.all(['ada@example.com', 'bob@example.com'].map((c) =>
      shopctlAsync(['--db', db, '--json', 'order', 'place', c, '--payment', 'pm_card_visa', ...ADDRESS])));
    expect(results.map((r) => r.code).sort()).toEqual([0, 3]);
    const loser = results.find((r) => r.code === 3)!;
    expect(JSON.parse(loser.stderr).error.code).toBe('INSUFFICIENT_STOCK');
    expect(eventsOf(db).filter((e) => e.type === 'OrderPlaced')).toHaveLength(1);
    expect(inventoryOf(db, 'MUG-1')).toEqual({ onHand: 1, reserved: 1, available: 0 });
    const carts = ['ada@example.com', 'bob@example.com'].map((c) => shopctlJson(db, ['cart', 'show', c]).lines.length).sort();
    expect(carts).toEqual([0, 1]);
  });

  it('INSUFFICIENT_STOCK reserves nothing when only one of several lines is short', () => {
    const { db } = shopWithCart();
    register(db, 'bob@example.com', 'Bob');
    shopctlJson(db, ['cart', 'add', 'bob@example.com', '--product', 'TEE-1-M', '--quantity', '5']);
    shopctlJson(db, ['order', 'place', 'bob@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    const before = eventsOf(db).length;
    const result = expectFailure(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 3, 'INSUFFICIENT_STOCK');
    expect(JSON.parse(result.stderr).error.details.lines).toEqual([expect.objectContaining({ sku: 'TEE-1-M', requested: 1, available: 0 })]);
    expect(eventsOf(db)).toHaveLength(before);
    expect(inventoryOf(db, 'MUG-1').reserved).toBe(0);
    expect(shopctlJson(db, ['cart', 'show', 'ada@example.com']).lines).toHaveLength(2);
  });

  it('voids the authorization when the store write fails after it', () => {
    const { db } = shopWithCart();
    const rdb = new Database(db);
    rdb.exec("CREATE TRIGGER fail_orders BEFORE INSERT ON orders BEGIN SELECT RAISE(ABORT, 'disk on fire'); END");
    rdb.close();
    const before = eventsOf(db).length;
    const result = run(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    expect(result.code).toBe(1);
    expect(result.stderr).toMatch(/payment authorization auth_test_\w+ voided/);
    expect(eventsOf(db)).toHaveLength(before);
    expect(inventoryOf(db, 'MUG-1').reserved).toBe(0);
  });
});

describe('confirm, ship, deliver, cancel', () => {
  it('PAYMENT_CAPTURE_FAILED at confirm leaves the order PENDING; it can still be cancelled (void)', () => {
    const { db } = shopWithCart();
    const order = place(db, 'pm_card_capture_fails');
    expectFailure(db, ['order', 'confirm', order.id], 3, 'PAYMENT_CAPTURE_FAILED');
    expect(shopctlJson(db, ['order', 'show', order.id]).status).toBe('PENDING');
    expect(types(shopctlJson(db, ['order', 'cancel', order.id, '--reason', 'capture failed']))[0]).toBe('OrderCancelled');
  });

  it('cancel before confirm voids: refund 0, inventory released', () => {
    const { db } = shopWithCart();
    const order = place(db);
    const cancelled = shopctlJson(db, ['order', 'cancel', order.id, '--reason', 'changed my mind']);
    expect(types(cancelled)).toEqual(['OrderCancelled', 'InventoryReleased', 'InventoryReleased']);
    expect(cancelled.events[0].data).toMatchObject({ reason: 'changed my mind', refundAmount: { amount: 0, currency: 'USD' }, paymentAction: 'void' });
    expect(cancelled.payment.action).toBe('voided');
    expect(inventoryOf(db, 'MUG-1')).toEqual({ onHand: 10, reserved: 0, available: 10 });
    expect(inventoryOf(db, 'TEE-1-M')).toEqual({ onHand: 5, reserved: 0, available: 5 });
    expectFailure(db, ['order', 'cancel', order.id, '--reason', 'again'], 3, 'INVALID_STATUS_TRANSITION');
    expectFailure(db, ['order', 'confirm', order.id], 3, 'INVALID_STATUS_TRANSITION');
  });

  it('cancel after confirm refunds the total, recorded in OrderCancelled and its integration event', () => {
    const { db } = shopWithCart();
    const order = place(db);
    shopctlJson(db, ['order', 'confirm', order.id]);
    const cancelled = shopctlJson(db, ['order', 'cancel', order.id, '--reason', 'damaged']);
    expect(types(cancelled)).toEqual(['OrderCancelled', 'InventoryReleased', 'InventoryReleased']);
    expect(cancelled.events[0].data).toMatchObject({ refundAmount: { amount: 3899, currency: 'USD' }, paymentAction: 'refund' });
    expect(cancelled.refundAmount).toEqual({ amount: 3899, currency: 'USD' });
    expect(inventoryOf(db, 'MUG-1').reserved).toBe(0);
    const rdb = openReadOnly(db);
    const message = rdb.prepare("SELECT data FROM outbox WHERE type = 'OrderCancelledNotification'").pluck().get() as string;
    rdb.close();
    expect(JSON.parse(message)).toMatchObject({ orderId: order.id, refundAmount: { amount: 3899, currency: 'USD' } });
  });

  it('REFUND_FAILED when the refund of a confirmed order fails: still CONFIRMED, stock still held', () => {
    const { db } = shopWithCart();
    const order = place(db, 'pm_card_refund_fails');
    shopctlJson(db, ['order', 'confirm', order.id]);
    const before = eventsOf(db).length;
    expectFailure(db, ['order', 'cancel', order.id, '--reason', 'x'], 3, 'REFUND_FAILED');
    expect(eventsOf(db)).toHaveLength(before);
    expect(shopctlJson(db, ['order', 'show', order.id]).status).toBe('CONFIRMED');
    expect(inventoryOf(db, 'MUG-1').reserved).toBe(2);
  });

  it('ORDER_ALREADY_SHIPPED cancelling after shipping; INVALID_STATUS_TRANSITION for other wrong moves', () => {
    const { db } = shopWithCart();
    const order = place(db);
    expectFailure(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS'], 3, 'INVALID_STATUS_TRANSITION');
    expectFailure(db, ['order', 'deliver', order.id, '--tracking', 'T1'], 3, 'INVALID_STATUS_TRANSITION');
    shopctlJson(db, ['order', 'confirm', order.id]);
    expectFailure(db, ['order', 'confirm', order.id], 3, 'INVALID_STATUS_TRANSITION');
    shopctlJson(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS']);
    expectFailure(db, ['order', 'ship', order.id, '--tracking', 'T1', '--carrier', 'UPS'], 3, 'INVALID_STATUS_TRANSITION');
    expectFailure(db, ['order', 'cancel', order.id, '--reason', 'too late'], 3, 'ORDER_ALREADY_SHIPPED');
    shopctlJson(db, ['order', 'deliver', order.id, '--tracking', 'T1']);
    expectFailure(db, ['order', 'cancel', order.id, '--reason', 'too late'], 3, 'ORDER_ALREADY_SHIPPED');
  });

  it('TRACKING_MISMATCH delivering with another tracking number; the right one delivers', () => {
    const { db } = shopWithCart();
    const order = place(db);
    shopctlJson(db, ['order', 'confirm', order.id]);
    shopctlJson(db, ['order', 'ship', order.id, '--tracking', '1Z999', '--carrier', 'DHL']);
    expectFailure(db, ['order', 'deliver', order.id, '--tracking', '1Z998'], 3, 'TRACKING_MISMATCH');
    expect(shopctlJson(db, ['order', 'show', order.id]).status).toBe('SHIPPED');
    expect(shopctlJson(db, ['order', 'deliver', order.id, '--tracking', '1Z999']).status).toBe('DELIVERED');
  });

  it('ORDER_NOT_FOUND and CUSTOMER_NOT_FOUND exit 4', () => {
    const { db } = tempDb();
    buildShop(db);
    expectFailure(db, ['order', 'show', '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'], 4, 'ORDER_NOT_FOUND');
    expectFailure(db, ['order', 'confirm', '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'], 4, 'ORDER_NOT_FOUND');
    expectFailure(db, ['order', 'place', 'nobody@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 4, 'CUSTOMER_NOT_FOUND');
    expectFailure(db, ['order', 'list', '--customer', 'nobody@example.com'], 4, 'CUSTOMER_NOT_FOUND');
  });
});
