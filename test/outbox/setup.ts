// Test data for the outbox: every integration event type, produced by appending domain
// events through the application layer (the order/customer commands are built elsewhere) and,
// where a command exists, through the CLI itself.
import fs from 'node:fs';
import path from 'node:path';
import { Ajv } from 'ajv';
import formats, { type FormatsPlugin } from 'ajv-formats';
import { ShopApp } from '../../src/app/shopApp.js';
import type { Address, DomainEvent, OrderLineItem } from '../../src/domain/events.js';
import { streamIdOf } from '../../src/domain/events.js';
import { readOnly, shopctl, shopctlJson, storeDb } from '../helpers/cli.js';

export const NOW = '2026-03-01T10:00:00.000Z';
export const CUSTOMER_ID = '11111111-1111-4111-8111-111111111111';
export const ORDER_ID = '22222222-2222-4222-8222-222222222222';
export const CANCELLED_ORDER_ID = '33333333-3333-4333-8333-333333333333';
export const TOKEN = 'verify-8f14e45fceea167a5a36dedd4bea2543';
export const ADDRESS: Address = {
  name: 'Ada Lovelace', line1: '12 Analytical Row', line2: null, city: 'London', region: null, postalCode: 'N1 9GU', country: 'GB',
};
/** What the credentials table holds for the customer: must never reach an exported line. */
export const SECRET_SALT = 'c2FsdHNhbHRzYWx0c2FsdA';
export const SECRET_HASH = 'aGFzaGhhc2hoYXNoaGFzaGhhc2hoYXNo';

export interface Scenario {
  productId: string;
  productName: string;
  inventoryId: string;
  lineItem: OrderLineItem;
}

function append(app: ShopApp, streamId: string, command: string, events: DomainEvent[], before?: (app: ShopApp) => void) {
  return app.execute(command, (uow, info) => {
    before?.(app);
    const { version } = uow.load(streamId, { initialState: null, evolve: (s: null) => s });
    return uow.append(streamId, version, events, info);
  });
}

/** A product with one unit in stock, made through the CLI. */
export function createProduct(db: string): { productId: string; inventoryId: string; name: string } {
  shopctlJson(db, ['category', 'create', 'Apparel']);
  const created = shopctlJson(db, ['product', 'create', '--name', 'Linen shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'SHIRT-1', '--stock', '1']);
  const product = created.events.find((e: { type: string }) => e.type === 'ProductCreated').data;
  return { productId: product.productId, inventoryId: product.inventoryId, name: product.name };
}

/**
 * All 7 integration event types: a registration, an order placed → confirmed → shipped →
 * delivered (its reservation takes the last unit: out of stock), and a second order cancelled.
 */
export function produceAllTypes(db: string): Scenario {
  const product = createProduct(db);
  const usd = (amount: number) => ({ amount, currency: 'USD' });
  const lineItem: OrderLineItem = {
    productId: product.productId, variantId: null, inventoryId: product.inventoryId, sku: 'SHIRT-1', name: product.name,
    quantity: 1, unitPrice: usd(1999), lineTotal: usd(1999),
  };
  const placed = (orderId: string): DomainEvent => ({
    type: 'OrderPlaced',
    data: {
      orderId, customerId: CUSTOMER_ID, lineItems: [lineItem], totalAmount: usd(1999), shippingAddress: ADDRESS,
      paymentAuthorizationId: `auth-${orderId}`, placedAt: NOW, paymentMethod: 'pm_card_visa', cartId: `cart-of-${orderId}`,
    },
  });
  const app = new ShopApp({ dbPath: db, fixedNow: NOW });
  try {
    append(app, streamIdOf.customer(CUSTOMER_ID), 'RegisterCustomer', [{
      type: 'CustomerRegistered',
      data: { customerId: CUSTOMER_ID, email: 'ada@example.com', status: 'REGISTERED', registeredAt: NOW, name: 'Ada Lovelace' },
    }], (a) => {
      storeDb(a.store).prepare('INSERT INTO verification_tokens (customerId, token, createdAt) VALUES (?, ?, ?)').run(CUSTOMER_ID, TOKEN, NOW);
      storeDb(a.store).prepare('INSERT INTO credentials (customerId, algorithm, salt, hash) VALUES (?, ?, ?, ?)').run(CUSTOMER_ID, 'scrypt', SECRET_SALT, SECRET_HASH);
    });
    append(app, streamIdOf.order(ORDER_ID), 'PlaceOrder', [placed(ORDER_ID)]);
  } finally {
    app.close();
  }
  // The real reserve command takes the only unit: InventoryReserved + OutOfStock.
  const reserved = shopctl(['--db', db, 'inventory', 'reserve', 'SHIRT-1', '1', '--order', ORDER_ID]);
  if (reserved.code !== 0) throw new Error(reserved.stderr);
  const again = new ShopApp({ dbPath: db, fixedNow: NOW });
  try {
    const order = streamIdOf.order(ORDER_ID);
    append(again, order, 'ConfirmOrder', [{ type: 'OrderConfirmed', data: { orderId: ORDER_ID, confirmedAt: NOW, paymentCaptureId: `cap-${ORDER_ID}` } }]);
    append(again, order, 'ShipOrder', [{ type: 'OrderShipped', data: { orderId: ORDER_ID, trackingNumber: '1Z999AA10123456784', carrier: 'UPS', shippedAt: NOW } }]);
    append(again, order, 'DeliverOrder', [{ type: 'OrderDelivered', data: { orderId: ORDER_ID, deliveredAt: NOW } }]);
    const cancelled = streamIdOf.order(CANCELLED_ORDER_ID);
    append(again, cancelled, 'PlaceOrder', [placed(CANCELLED_ORDER_ID)]);
    append(again, cancelled, 'CancelOrder', [{
      type: 'OrderCancelled',
      data: { orderId: CANCELLED_ORDER_ID, reason: 'changed my mind', cancelledAt: NOW, refundAmount: usd(0), paymentAction: 'void' },
    }]);
  } finally {
    again.close();
  }
  return { productId: product.productId, productName: product.name, inventoryId: product.inventoryId, lineItem };
}

/** Fills the outbox with `count` order-placed messages quickly (one transaction of real appends). */
export function produceManyMessages(db: string, count: number, existing?: { productId: string; inventoryId: string; name: string }): void {
  const product = existing ?? createProduct(db);
  const app = new ShopApp({ dbPath: db });
  try {
    app.execute('PlaceOrder', (uow, info) => {
      for (let i = 0; i < count; i++) {
        const orderId = uow.newId();
        const usd = { amount: 1999, currency: 'USD' };
        uow.append(streamIdOf.order(orderId), 0, [{
          type: 'OrderPlaced',
          data: {
            orderId, customerId: CUSTOMER_ID, totalAmount: usd, shippingAddress: ADDRESS, paymentAuthorizationId: `auth-${i}`,
            placedAt: uow.now, paymentMethod: 'pm_card_visa', cartId: orderId,
            lineItems: [{
              productId: product.productId, variantId: null, inventoryId: product.inventoryId, sku: 'SHIRT-1', name: product.name,
              quantity: 1, unitPrice: usd, lineTotal: usd,
            }],
          },
        }], info);
      }
    });
  } finally {
    app.close();
  }
}

/**
 * The official CloudEvents 1.0 JSON Schema (cloudevents/spec, cloudevents/cloudevents.json,
 * Apache-2.0), vendored byte for byte beside this file so a fresh clone can run the tests;
 * compiled with the date-time and uri-reference formats.
 */
export function cloudEventsValidator() {
  const schema = JSON.parse(fs.readFileSync(path.join(__dirname, 'cloudevents.schema.json'), 'utf8'));
  const ajv = new Ajv({ strict: false, allErrors: true });
  // ajv-formats is CommonJS: its function is the module's default export.
  const addFormats = ((formats as unknown as { default?: FormatsPlugin }).default ?? formats) as FormatsPlugin;
  addFormats(ajv);
  return ajv.compile(schema);
}

export function parseLines(text: string): any[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

export function pendingCount(db: string): number {
  const status = shopctlJson(db, ['outbox', 'status']);
  return status.pending;
}

/** The ids of the messages marked delivered (read directly). */
export function deliveredIds(db: string): Set<string> {
  return readOnly(db, (conn) => new Set(conn.prepare('SELECT messageId FROM outbox WHERE deliveredAt IS NOT NULL').pluck().all() as string[]));
}

/** The first product of the shop with its inventory item, for planting messages about it. */
export function firstProduct(db: string): { productId: string; inventoryId: string; name: string } {
  return readOnly(db, (conn) => conn.prepare('SELECT id AS productId, inventoryId, name FROM products LIMIT 1').get() as { productId: string; inventoryId: string; name: string });
}
