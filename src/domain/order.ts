// Order aggregate: CMD-ORD-001..005 → EVT-ORD-001..005, with the status machine
// PENDING → CONFIRMED → SHIPPED → DELIVERED, and CANCELLED from PENDING or CONFIRMED.
// Payment results come in with the command (the gateway is called by the application layer).
import { checkAddress, type AddressInput } from './address.js';
import { cartTotal } from './cart.js';
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { Address, DateTime, OrderEvent, OrderLineItem, OrderStatus, UUID } from './events.js';
import type { Money } from './money.js';
import { requireSuccess, type PaymentResult } from './payment.js';
import { checkText } from './validation.js';

/** One cart line with the catalogue as it is at checkout. */
export interface CheckoutLine {
  product: {
    productId: UUID; name: string; sku: string | null; active: boolean; price: Money; inventoryId: UUID;
    /** Whether the product has variants now (a line without one predates them and cannot be sold). */
    hasVariants?: boolean;
  };
  variant: { variantId: UUID; sku: string; size: string | null; color: string | null; priceModifier: Money; inventoryId: UUID } | null;
  quantity: number;
}

export interface Checkout { lineItems: OrderLineItem[]; totalAmount: Money; shippingAddress: Address }

export type PlaceOrder = {
  type: 'PlaceOrder';
  data: {
    orderId: UUID; customerId: UUID; cartId: UUID; lines: CheckoutLine[]; address: AddressInput;
    paymentMethod: string; currency: string;
    /** The shop-wide number this order gets (the next after the last one given). */
    number: number;
    /** The gateway's answer to the authorization of the checkout total. */
    authorization: PaymentResult;
    now: DateTime;
  };
};
export type ConfirmOrder = { type: 'ConfirmOrder'; data: { orderId: UUID; capture: PaymentResult; now: DateTime } };
export type ShipOrder = { type: 'ShipOrder'; data: { orderId: UUID; trackingNumber: string; carrier: string; now: DateTime } };
export type DeliverOrder = { type: 'DeliverOrder'; data: { orderId: UUID; trackingNumber: string; now: DateTime } };
export type CancelOrder = {
  type: 'CancelOrder';
  /** `payment`: the answer to the void (pending order) or the refund (confirmed order). */
  data: { orderId: UUID; reason: string; payment: PaymentResult; now: DateTime };
};
export type OrderCommand = PlaceOrder | ConfirmOrder | ShipOrder | DeliverOrder | CancelOrder;

export interface PlacedOrder {
  status: OrderStatus;
  orderId: UUID;
  customerId: UUID;
  lineItems: OrderLineItem[];
  totalAmount: Money;
  shippingAddress: Address;
  paymentMethod: string;
  paymentAuthorizationId: string;
  trackingNumber: string | null;
}
export type OrderState = { status: 'none' } | PlacedOrder;

export const orderDecider: Decider<OrderCommand, OrderEvent, OrderState> = {
  initialState: { status: 'none' },
  stateVersion: 1,
  decide(command, state) {
    switch (command.type) {
      case 'PlaceOrder': return place(command.data, state);
      case 'ConfirmOrder': return confirm(command.data, requireOrder(state, command.data.orderId));
      case 'ShipOrder': return ship(command.data, requireOrder(state, command.data.orderId));
      case 'DeliverOrder': return deliver(command.data, requireOrder(state, command.data.orderId));
      case 'CancelOrder': return cancel(command.data, requireOrder(state, command.data.orderId));
    }
  },
  evolve(state, event) {
    if (event.type === 'OrderPlaced') {
      const d = event.data;
      return {
        status: 'PENDING', orderId: d.orderId, customerId: d.customerId, lineItems: d.lineItems, totalAmount: d.totalAmount,
        shippingAddress: d.shippingAddress, paymentMethod: d.paymentMethod, paymentAuthorizationId: d.paymentAuthorizationId,
        trackingNumber: null,
      };
    }
    if (state.status === 'none') return state;
    switch (event.type) {
      case 'OrderConfirmed': return { ...state, status: 'CONFIRMED' };
      case 'OrderShipped': return { ...state, status: 'SHIPPED', trackingNumber: event.data.trackingNumber };
      case 'OrderDelivered': return { ...state, status: 'DELIVERED' };
      case 'OrderCancelled': return { ...state, status: 'CANCELLED' };
    }
  },
};

export function requireOrder(state: OrderState, orderId: UUID): PlacedOrder {
  if (state.status === 'none') throw new DomainError('ORDER_NOT_FOUND', `order ${orderId} does not exist`, { orderId });
  return state;
}

/**
 * Prices the cart at today's catalogue prices and checks the address: CART_EMPTY,
 * PRODUCT_INACTIVE, INVALID_ADDRESS. Used before the payment is authorized and again by place.
 */
export function prepareCheckout(lines: readonly CheckoutLine[], address: AddressInput, currency: string): Checkout {
  if (lines.length === 0) throw new DomainError('CART_EMPTY', 'the cart is empty: add items with `shopctl cart add` first', {});
  const lineItems = lines.map((line): OrderLineItem => {
    const { product, variant } = line;
    if (!product.active) {
      throw new DomainError('PRODUCT_INACTIVE', `product "${product.name}" is no longer sold; remove it from the cart`, {
        productId: product.productId,
      });
    }
    if (!variant && product.hasVariants) {
      throw new DomainError('VARIANT_REQUIRED', `product "${product.name}" now comes in variants; replace its cart line with one of them`, {
        productId: product.productId,
      });
    }
    const unitPrice = { amount: product.price.amount + (variant?.priceModifier.amount ?? 0), currency };
    const attributes = variant ? [variant.size, variant.color].filter(Boolean).join(', ') : '';
    return {
      productId: product.productId,
      variantId: variant?.variantId ?? null,
      inventoryId: variant?.inventoryId ?? product.inventoryId,
      sku: variant?.sku ?? product.sku,
      name: attributes ? `${product.name} (${attributes})` : product.name,
      quantity: line.quantity,
      unitPrice,
      lineTotal: { amount: unitPrice.amount * line.quantity, currency },
    };
  });
  const shippingAddress = checkAddress(address);
  return { lineItems, totalAmount: cartTotal(lineItems, currency), shippingAddress };
}

function sameAddress(a: Address, b: Address): boolean {
  return a.name === b.name && a.line1 === b.line1 && a.line2 === b.line2 && a.city === b.city &&
    a.region === b.region && a.postalCode === b.postalCode && a.country === b.country;
}

function place(data: PlaceOrder['data'], state: OrderState): OrderEvent[] {
  if (state.status !== 'none') {
    // Re-running a place with the same --id: unchanged when it names the same order.
    const address = checkAddress(data.address);
    if (state.customerId === data.customerId && state.paymentMethod === data.paymentMethod && sameAddress(state.shippingAddress, address)) {
      return [];
    }
    throw new DomainError('ID_CONFLICT', `order ${data.orderId} already exists with other attributes`, { id: data.orderId });
  }
  const checkout = prepareCheckout(data.lines, data.address, data.currency);
  const paymentAuthorizationId = requireSuccess(data.authorization, 'PAYMENT_FAILED', 'payment authorization');
  return [{
    type: 'OrderPlaced',
    data: {
      orderId: data.orderId, customerId: data.customerId, lineItems: checkout.lineItems, totalAmount: checkout.totalAmount,
      shippingAddress: checkout.shippingAddress, paymentAuthorizationId, placedAt: data.now,
      paymentMethod: data.paymentMethod, cartId: data.cartId, number: data.number,
    },
  }];
}

/** What can happen to an order next, by its status (the status machine above). */
export type OrderMove = 'confirm' | 'ship' | 'deliver' | 'cancel';
export const MOVES_FROM: Readonly<Record<OrderStatus, readonly OrderMove[]>> = {
  PENDING: ['confirm', 'cancel'], CONFIRMED: ['ship', 'cancel'], SHIPPED: ['deliver'], DELIVERED: [], CANCELLED: [],
};

function wrongStatus(order: PlacedOrder, action: string): DomainError {
  const possible = MOVES_FROM[order.status];
  const now = possible.length === 0 ? 'nothing more can happen to it' : `possible now: ${possible.join(', ')}`;
  return new DomainError('INVALID_STATUS_TRANSITION', `order ${order.orderId} is ${order.status}; it cannot be ${action}; ${now}`, {
    orderId: order.orderId, status: order.status, possibleMoves: possible,
  });
}

/**
 * Whether the order's status allows `move`, with the error the command itself would give —
 * checked before anything is asked or any payment is touched.
 */
export function checkMove(order: PlacedOrder, move: OrderMove): void {
  switch (move) {
    case 'confirm': return checkCanConfirm(order);
    case 'ship': if (order.status !== 'CONFIRMED') throw wrongStatus(order, 'shipped (only a confirmed order ships)'); return;
    case 'deliver': if (order.status !== 'SHIPPED') throw wrongStatus(order, 'delivered (only a shipped order is delivered)'); return;
    case 'cancel': prepareCancel(order, 'check'); return;
  }
}

/** Confirm needs a PENDING order (checked before the capture is attempted). */
export function checkCanConfirm(order: PlacedOrder): void {
  if (order.status !== 'PENDING') throw wrongStatus(order, 'confirmed');
}

function confirm(data: ConfirmOrder['data'], order: PlacedOrder): OrderEvent[] {
  checkCanConfirm(order);
  const paymentCaptureId = requireSuccess(data.capture, 'PAYMENT_CAPTURE_FAILED', 'payment capture');
  return [{ type: 'OrderConfirmed', data: { orderId: order.orderId, confirmedAt: data.now, paymentCaptureId } }];
}

function ship(data: ShipOrder['data'], order: PlacedOrder): OrderEvent[] {
  checkMove(order, 'ship');
  const trackingNumber = checkText(data.trackingNumber, 'tracking number', 1, 100, 'INVALID_TRACKING');
  const carrier = checkText(data.carrier, 'carrier', 1, 100, 'INVALID_TRACKING');
  return [{ type: 'OrderShipped', data: { orderId: order.orderId, trackingNumber, carrier, shippedAt: data.now } }];
}

function deliver(data: DeliverOrder['data'], order: PlacedOrder): OrderEvent[] {
  checkMove(order, 'deliver');
  // Tracking numbers are compared trimmed and without regard to letter case.
  if (data.trackingNumber.trim().toUpperCase() !== (order.trackingNumber ?? '').toUpperCase()) {
    throw new DomainError('TRACKING_MISMATCH', `tracking number "${data.trackingNumber.trim()}" is not the one given at shipping`, {
      orderId: order.orderId,
    });
  }
  return [{ type: 'OrderDelivered', data: { orderId: order.orderId, deliveredAt: data.now } }];
}

export type CancelAction = 'void' | 'refund';

/** What cancelling needs from the gateway (checked before it is called): void or refund. */
export function prepareCancel(order: PlacedOrder, reason: string): { action: CancelAction; reason: string } {
  if (order.status === 'SHIPPED' || order.status === 'DELIVERED') {
    const possible = MOVES_FROM[order.status];
    throw new DomainError('ORDER_ALREADY_SHIPPED', `order ${order.orderId} is ${order.status}; a shipped order cannot be cancelled${possible.length ? `; possible now: ${possible.join(', ')}` : ''}`, {
      orderId: order.orderId, status: order.status, possibleMoves: possible,
    });
  }
  if (order.status === 'CANCELLED') throw wrongStatus(order, 'cancelled again');
  const text = checkText(reason, 'cancellation reason', 1, 500, 'INVALID_REASON');
  return { action: order.status === 'PENDING' ? 'void' : 'refund', reason: text };
}

function cancel(data: CancelOrder['data'], order: PlacedOrder): OrderEvent[] {
  const { action, reason } = prepareCancel(order, data.reason);
  requireSuccess(data.payment, 'REFUND_FAILED', action === 'void' ? 'voiding the payment authorization' : 'the refund');
  const refundAmount = { amount: action === 'refund' ? order.totalAmount.amount : 0, currency: order.totalAmount.currency };
  return [{
    type: 'OrderCancelled',
    data: { orderId: order.orderId, reason, cancelledAt: data.now, refundAmount, paymentAction: action },
  }];
}
