// Order commands (CMD-ORD-001..005): given/when/then per failure code and the status machine.
import { describe, expect, it } from 'vitest';
import { checkCountry, suggestCountry, type AddressInput } from '../../src/domain/address.js';
import type { OrderEvent, OrderPlaced } from '../../src/domain/events.js';
import { inventoryDecider } from '../../src/domain/inventory.js';
import { checkMove, MOVES_FROM, orderDecider, type CheckoutLine, type PlaceOrder, type PlacedOrder } from '../../src/domain/order.js';
import type { PaymentResult } from '../../src/domain/payment.js';
import { given } from '../helpers/decider.js';

const ORDER = 'e0000000-0000-4000-8000-000000000000';
const CUSTOMER = 'd0000000-0000-4000-8000-000000000000';
const CART = 'c0000000-0000-4000-8000-000000000000';
const T = '2026-01-01T00:00:00.000Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });
const ok = (reference: string): PaymentResult => ({ ok: true, reference });
const failed: PaymentResult = { ok: false, reason: 'declined' };

const mugLine: CheckoutLine = {
  product: { productId: 'p-mug', name: 'Mug', sku: 'MUG-1', active: true, price: usd(850), inventoryId: 'i-mug' },
  variant: null, quantity: 2,
};
const teeLine: CheckoutLine = {
  product: { productId: 'p-tee', name: 'T-shirt', sku: 'TEE-1', active: true, price: usd(1999), inventoryId: 'i-tee' },
  variant: { variantId: 'v-m', sku: 'TEE-1-M', size: 'M', color: 'red', priceModifier: usd(200), inventoryId: 'i-tee-m' },
  quantity: 1,
};
const address: AddressInput = { name: ' Ada ', line1: '1 Main St', line2: '', city: 'Springfield', region: null, postalCode: '12345', country: 'us' };
const place = (data: Partial<PlaceOrder['data']> = {}): PlaceOrder => ({
  type: 'PlaceOrder',
  data: {
    orderId: ORDER, customerId: CUSTOMER, cartId: CART, lines: [mugLine, teeLine], address, paymentMethod: 'pm_card_visa',
    currency: 'USD', number: 1001, authorization: ok('auth_1'), now: T, ...data,
  },
});
const placed = given(orderDecider).when(place()).thenEvents()[0] as OrderPlaced;
const confirmed: OrderEvent = { type: 'OrderConfirmed', data: { orderId: ORDER, confirmedAt: T, paymentCaptureId: 'cap_1' } };
const shipped: OrderEvent = { type: 'OrderShipped', data: { orderId: ORDER, trackingNumber: '1Z999', carrier: 'UPS', shippedAt: T } };
const delivered: OrderEvent = { type: 'OrderDelivered', data: { orderId: ORDER, deliveredAt: T } };
const cancelled: OrderEvent = {
  type: 'OrderCancelled', data: { orderId: ORDER, reason: 'x', cancelledAt: T, refundAmount: usd(0), paymentAction: 'void' },
};

const confirm = (capture: PaymentResult = ok('cap_1')) => ({ type: 'ConfirmOrder' as const, data: { orderId: ORDER, capture, now: T } });
const ship = (trackingNumber = '1Z999') => ({ type: 'ShipOrder' as const, data: { orderId: ORDER, trackingNumber, carrier: 'UPS', now: T } });
const deliver = (trackingNumber = '1Z999') => ({ type: 'DeliverOrder' as const, data: { orderId: ORDER, trackingNumber, now: T } });
const cancel = (payment: PaymentResult = ok('r_1'), reason = 'customer asked') =>
  ({ type: 'CancelOrder' as const, data: { orderId: ORDER, reason, payment, now: T } });

describe('order numbers and the moves an order can make', () => {
  it('given no order, when placed with number 1001, then OrderPlaced carries it', () => {
    expect(placed.data.number).toBe(1001);
  });

  it('given a pending order, when shipped, then INVALID_STATUS_TRANSITION naming confirm and cancel', () => {
    let caught: unknown;
    try {
      orderDecider.decide(ship(), orderDecider.evolve(orderDecider.initialState, placed));
    } catch (error) {
      caught = error;
    }
    expect(caught).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { possibleMoves: ['confirm', 'cancel'] } });
    expect((caught as Error).message).toContain('possible now: confirm, cancel');
  });

  it('given a delivered order, every move is refused and none is offered', () => {
    const state = [placed, confirmed, shipped, delivered].reduce(orderDecider.evolve, orderDecider.initialState);
    for (const move of ['confirm', 'ship', 'deliver', 'cancel'] as const) {
      expect(() => checkMove(state as PlacedOrder, move)).toThrow(/DELIVERED/);
    }
    expect(MOVES_FROM.DELIVERED).toEqual([]);
    expect(() => checkMove([placed, confirmed].reduce(orderDecider.evolve, orderDecider.initialState) as PlacedOrder, 'ship')).not.toThrow();
  });

  it('--country USA suggests US; a real code passes', () => {
    expect(() => checkCountry('USA')).toThrow(/did you mean US\?/);
    expect(suggestCountry('deu')).toBe('DE');
    expect(checkCountry(' gb ')).toBe('GB');
  });
});

describe('PlaceOrder', () => {
  it('prices every line at today\'s price (variant = product + modifier) and sums the total', () => {
    expect(placed.data.lineItems.map((l) => [l.sku, l.name, l.quantity, l.unitPrice.amount, l.lineTotal.amount, l.inventoryId])).toEqual([
      ['MUG-1', 'Mug', 2, 850, 1700, 'i-mug'],
      ['TEE-1-M', 'T-shirt (M, red)', 1, 2199, 2199, 'i-tee-m'],
    ]);
    expect(placed.data.totalAmount).toEqual(usd(3899));
    expect(placed.data.shippingAddress).toEqual({ name: 'Ada', line1: '1 Main St', line2: null, city: 'Springfield', region: null, postalCode: '12345', country: 'US' });
    expect(placed.data.paymentAuthorizationId).toBe('auth_1');
  });

  it('CART_EMPTY with no lines', () => {
    given(orderDecider).when(place({ lines: [] })).thenError('CART_EMPTY');
  });

  it('INVALID_ADDRESS without name, line1, city or postal code', () => {
    for (const missing of ['name', 'line1', 'city', 'postalCode'] as const) {
      given(orderDecider).when(place({ address: { ...address, [missing]: '  ' } })).thenError('INVALID_ADDRESS');
    }
  });

  it('INVALID_ADDRESS for a country that is not ISO 3166-1 alpha-2', () => {
    for (const country of ['XX', 'USA', '', 'U1']) given(orderDecider).when(place({ address: { ...address, country } })).thenError('INVALID_ADDRESS');
  });

  it('PAYMENT_FAILED when the authorization was declined', () => {
    given(orderDecider).when(place({ authorization: failed })).thenError('PAYMENT_FAILED');
  });

  it('PRODUCT_INACTIVE when a line\'s product was deactivated', () => {
    given(orderDecider).when(place({ lines: [{ ...mugLine, product: { ...mugLine.product, active: false } }] })).thenError('PRODUCT_INACTIVE');
  });

  it('VARIANT_REQUIRED when a line without variant is for a product that has variants since', () => {
    given(orderDecider).when(place({ lines: [{ ...mugLine, product: { ...mugLine.product, hasVariants: true } }] })).thenError('VARIANT_REQUIRED');
  });

  it('a re-run with the same id is unchanged; with another customer it is ID_CONFLICT', () => {
    given(orderDecider, [placed]).when(place({ lines: [] })).then([]);
    given(orderDecider, [placed]).when(place({ customerId: 'd1111111-0000-4000-8000-000000000000' })).thenError('ID_CONFLICT');
  });

  it('INSUFFICIENT_STOCK (inventory) when a line cannot be reserved', () => {
    const item = { inventoryId: 'i-mug', productId: 'p-mug', variantId: null };
    given(inventoryDecider, [{ type: 'InventoryRestocked', data: { ...item, addedQuantity: 1, newTotalQuantity: 1, restockedAt: T } }])
      .when({ type: 'ReserveInventory', data: { item, orderId: ORDER, quantity: 2, now: T } }).thenError('INSUFFICIENT_STOCK');
  });
});

describe('ConfirmOrder', () => {
  it('confirms a pending order with the capture id', () => {
    given(orderDecider, [placed]).when(confirm()).then([confirmed]);
  });
  it('PAYMENT_CAPTURE_FAILED when the capture fails', () => {
    given(orderDecider, [placed]).when(confirm(failed)).thenError('PAYMENT_CAPTURE_FAILED');
  });
  it('INVALID_STATUS_TRANSITION unless PENDING', () => {
    given(orderDecider, [placed, confirmed]).when(confirm()).thenError('INVALID_STATUS_TRANSITION');
    given(orderDecider, [placed, cancelled]).when(confirm()).thenError('INVALID_STATUS_TRANSITION');
  });
  it('ORDER_NOT_FOUND for an unknown order', () => {
    given(orderDecider).when(confirm()).thenError('ORDER_NOT_FOUND');
  });
});

describe('ShipOrder and DeliverOrder', () => {
  it('ships a confirmed order and delivers it with the same tracking number (any case)', () => {
    given(orderDecider, [placed, confirmed]).when(ship()).then([shipped]);
    given(orderDecider, [placed, confirmed, shipped]).when(deliver(' 1z999 ')).then([delivered]);
  });
  it('INVALID_STATUS_TRANSITION shipping a pending, shipped or cancelled order', () => {
    given(orderDecider, [placed]).when(ship()).thenError('INVALID_STATUS_TRANSITION');
    given(orderDecider, [placed, confirmed, shipped]).when(ship()).thenError('INVALID_STATUS_TRANSITION');
    given(orderDecider, [placed, cancelled]).when(ship()).thenError('INVALID_STATUS_TRANSITION');
  });
  it('INVALID_TRACKING for an empty tracking number', () => {
    given(orderDecider, [placed, confirmed]).when(ship('  ')).thenError('INVALID_TRACKING');
  });
  it('TRACKING_MISMATCH when delivering with another tracking number', () => {
    given(orderDecider, [placed, confirmed, shipped]).when(deliver('1Z998')).thenError('TRACKING_MISMATCH');
  });
  it('INVALID_STATUS_TRANSITION delivering an order that is not shipped', () => {
    given(orderDecider, [placed, confirmed]).when(deliver()).thenError('INVALID_STATUS_TRANSITION');
    given(orderDecider, [placed, confirmed, shipped, delivered]).when(deliver()).thenError('INVALID_STATUS_TRANSITION');
  });
});

describe('CancelOrder', () => {
  it('from PENDING voids: refund amount zero', () => {
    given(orderDecider, [placed]).when(cancel(ok('void_1'), 'customer asked')).then([{
      type: 'OrderCancelled',
      data: { orderId: ORDER, reason: 'customer asked', cancelledAt: T, refundAmount: usd(0), paymentAction: 'void' },
    }]);
  });
  it('from CONFIRMED refunds the whole total', () => {
    given(orderDecider, [placed, confirmed]).when(cancel()).then([{
      type: 'OrderCancelled',
      data: { orderId: ORDER, reason: 'customer asked', cancelledAt: T, refundAmount: usd(3899), paymentAction: 'refund' },
    }]);
  });
  it('REFUND_FAILED when the refund fails', () => {
    given(orderDecider, [placed, confirmed]).when(cancel(failed)).thenError('REFUND_FAILED');
  });
  it('ORDER_ALREADY_SHIPPED after shipping or delivery', () => {
    given(orderDecider, [placed, confirmed, shipped]).when(cancel()).thenError('ORDER_ALREADY_SHIPPED');
    given(orderDecider, [placed, confirmed, shipped, delivered]).when(cancel()).thenError('ORDER_ALREADY_SHIPPED');
  });
  it('INVALID_STATUS_TRANSITION cancelling twice', () => {
    given(orderDecider, [placed, cancelled]).when(cancel()).thenError('INVALID_STATUS_TRANSITION');
  });
  it('INVALID_REASON without a reason', () => {
    given(orderDecider, [placed]).when(cancel(ok('v'), ' ')).thenError('INVALID_REASON');
  });
});
