// Pure parts of the outbox: deriving integration events from domain events (the seed's
// payloads) and mapping an outbox row to a CloudEvents 1.0 object / NDJSON line.
import { describe, expect, it } from 'vitest';
import {
  cloudEventLine, CLOUD_EVENT_TYPES, formatSequence, integrationTypeNamed, toCloudEvent, type OutboxMessage,
} from '../../src/domain/cloudEvents.js';
import type { DomainEvent, OrderLineItem } from '../../src/domain/events.js';
import { INTEGRATION_EVENT_TYPES, integrationEventsFor, type IntegrationLookup } from '../../src/domain/integration.js';
import { ADDRESS, cloudEventsValidator } from './setup.js';

const ORDER = 'aaaaaaaa-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
const CUSTOMER = 'bbbbbbbb-bbbb-4bbb-8bbb-bbbbbbbbbbbb';
const PRODUCT = 'cccccccc-cccc-4ccc-8ccc-cccccccccccc';
const VARIANT = 'dddddddd-dddd-4ddd-8ddd-dddddddddddd';
const AT = '2026-03-01T10:00:00.000Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const line: OrderLineItem = {
  productId: PRODUCT, variantId: null, inventoryId: 'inv-1', sku: 'SHIRT-1', name: 'Linen shirt', quantity: 2,
  unitPrice: usd(1999), lineTotal: usd(3998),
};

const lookup: IntegrationLookup = {
  order: (id) => (id === ORDER ? { customerId: CUSTOMER, shippingAddress: ADDRESS } : undefined),
  productName: (id) => (id === PRODUCT ? 'Linen shirt' : undefined),
  verificationToken: (id) => (id === CUSTOMER ? 'token-123' : undefined),
};

describe('integration events derived from domain events (seed payloads)', () => {
  const cases: [DomainEvent, string, Record<string, unknown>][] = [
    [
      { type: 'OrderPlaced', data: { orderId: ORDER, customerId: CUSTOMER, lineItems: [line], totalAmount: usd(3998), shippingAddress: ADDRESS, paymentAuthorizationId: 'auth', placedAt: AT, paymentMethod: 'pm_card_visa', cartId: 'cart' } },
      'OrderPlacedNotification', { orderId: ORDER, customerId: CUSTOMER, totalAmount: usd(3998), lineItems: [line] },
    ],
    [
      { type: 'OrderConfirmed', data: { orderId: ORDER, confirmedAt: AT, paymentCaptureId: 'cap' } },
      'OrderConfirmedNotification', { orderId: ORDER, customerId: CUSTOMER, shippingAddress: ADDRESS },
    ],
    [
      { type: 'OrderShipped', data: { orderId: ORDER, trackingNumber: '1Z9', carrier: 'UPS', shippedAt: AT } },
      'OrderShippedNotification', { orderId: ORDER, customerId: CUSTOMER, trackingNumber: '1Z9', carrier: 'UPS' },
    ],
    [
      { type: 'OrderDelivered', data: { orderId: ORDER, deliveredAt: AT } },
      'OrderDeliveredNotification', { orderId: ORDER, customerId: CUSTOMER },
    ],
    [
      { type: 'OrderCancelled', data: { orderId: ORDER, reason: 'late', cancelledAt: AT, refundAmount: usd(3998), paymentAction: 'refund' } },
      'OrderCancelledNotification', { orderId: ORDER, customerId: CUSTOMER, refundAmount: usd(3998) },
    ],
    [
      { type: 'CustomerRegistered', data: { customerId: CUSTOMER, email: 'ada@example.com', status: 'REGISTERED', registeredAt: AT, name: 'Ada' } },
      'CustomerRegistrationNotification', { customerId: CUSTOMER, email: 'ada@example.com', verificationToken: 'token-123' },
    ],
    [
      { type: 'OutOfStock', data: { inventoryId: 'inv-2', productId: PRODUCT, variantId: VARIANT, occurredAt: AT } },
      'OutOfStockAlert', { productId: PRODUCT, productName: 'Linen shirt', variantId: VARIANT },
    ],
  ];

  it.each(cases)('%#: %s → the seed payload', (event, type, data) => {
    const subject = (data.orderId ?? data.customerId ?? data.productId) as string;
    expect(integrationEventsFor(event, lookup)).toEqual([{ type, subject, data }]);
  });

  it('covers each of the 7 types exactly once', () => {
    expect(cases.map(([, type]) => type).sort()).toEqual([...INTEGRATION_EVENT_TYPES].sort());
  });

  it('derives nothing from events downstream systems do not hear about', () => {
    const restocked: DomainEvent = {
      type: 'InventoryRestocked', data: { inventoryId: 'i', productId: PRODUCT, variantId: null, addedQuantity: 1, newTotalQuantity: 1, restockedAt: AT },
    };
    const reserved: DomainEvent = {
      type: 'InventoryReserved', data: { inventoryId: 'i', productId: PRODUCT, variantId: null, orderId: ORDER, reservedQuantity: 1, reservedAt: AT },
    };
    expect(integrationEventsFor(restocked, lookup)).toEqual([]);
    expect(integrationEventsFor(reserved, lookup)).toEqual([]);
  });

  it('refuses to emit a registration without its token or an alert without the product name', () => {
    const registered: DomainEvent = { type: 'CustomerRegistered', data: { customerId: 'other', email: 'x@example.com', status: 'REGISTERED', registeredAt: AT, name: 'X' } };
    const outOfStock: DomainEvent = { type: 'OutOfStock', data: { inventoryId: 'i', productId: 'missing', variantId: null, occurredAt: AT } };
    expect(() => integrationEventsFor(registered, lookup)).toThrow(/verification token/);
    expect(() => integrationEventsFor(outOfStock, lookup)).toThrow(/missing from the read model/);
  });
});

describe('CloudEvents mapping', () => {
  const validate = cloudEventsValidator();
  const message = (overrides: Partial<OutboxMessage> = {}): OutboxMessage => ({
    sequence: 42, messageId: '0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f', type: 'OrderShippedNotification', subject: ORDER,
    data: JSON.stringify({ orderId: ORDER, customerId: CUSTOMER, trackingNumber: '1Z9', carrier: 'UPS' }), occurredAt: AT,
    ...overrides,
  });

  it('maps every attribute of an outbox row', () => {
    expect(toCloudEvent(message())).toEqual({
      specversion: '1.0', id: '0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f', source: '/shopctl/order-service',
      type: 'com.shopctl.order.shipped.v1', subject: ORDER, time: AT, datacontenttype: 'application/json',
      data: { orderId: ORDER, customerId: CUSTOMER, trackingNumber: '1Z9', carrier: 'UPS' },
      sequence: '000000000042', partitionkey: ORDER,
    });
  });

  it.each(INTEGRATION_EVENT_TYPES.map((t) => [t]))('%s: the fast line equals the object and validates', (type) => {
    // A payload with characters JSON must escape, to hold the spliced line to JSON.stringify.
    const m = message({ type, data: JSON.stringify({ note: 'quote " backslash \\ newline \n tab \t é ✓', n: 1 }) });
    const line = cloudEventLine(m);
    expect(line).toBe(JSON.stringify(toCloudEvent(m)) + '\n');
    const parsed = JSON.parse(line);
    expect(validate(parsed), JSON.stringify(validate.errors)).toBe(true);
    expect(parsed.type).toBe(CLOUD_EVENT_TYPES[type]);
    expect(parsed.type).toMatch(/^com\.shopctl\.[a-z]+\.[a-z-]+\.v1$/);
    expect(parsed.source).toMatch(/^\/shopctl\/[a-z]+-service$/);
  });

  it('pads the sequence so text order is numeric order', () => {
    const numbers = [1, 9, 10, 99, 100, 123456, 999999999999];
    const padded = numbers.map(formatSequence);
    expect(padded[0]).toBe('000000000001');
    expect([...padded].sort()).toEqual(padded);
    expect(padded.every((s) => s.length === 12)).toBe(true);
    expect(() => formatSequence(10 ** 12)).toThrow();
  });

  it('refuses a row of an unknown type instead of inventing a CloudEvents type', () => {
    expect(() => cloudEventLine(message({ type: 'SomethingElse' }))).toThrow(/unknown type/);
  });

  it('names a type by its seed name or its CloudEvents type', () => {
    expect(integrationTypeNamed('OrderPlacedNotification')).toBe('OrderPlacedNotification');
    expect(integrationTypeNamed('outofstockalert')).toBe('OutOfStockAlert');
    expect(integrationTypeNamed('com.shopctl.customer.registered.v1')).toBe('CustomerRegistrationNotification');
    expect(integrationTypeNamed('OrderPlaced')).toBeUndefined();
  });
});
