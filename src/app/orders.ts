// Order use cases: place, confirm, ship, deliver, cancel (CMD-ORD-001..005) and the views.
// The payment gateway is called between two short transactions, never while the write lock
// is held: first a check that writes nothing, then the gateway, then the write, which
// re-checks everything. If the write fails after an authorization, the authorization is voided.
import type { AddressInput } from '../domain/address.js';
import { cartDecider } from '../domain/cart.js';
import { DomainError } from '../domain/errors.js';
import { ORDER_STATUSES, streamIdOf, type Address, type InventoryEvent, type OrderLineItem, type OrderStatus } from '../domain/events.js';
import { available, inventoryDecider } from '../domain/inventory.js';
import type { Money } from '../domain/money.js';
import {
  checkCanConfirm, checkMove, orderDecider, type OrderMove, prepareCancel, prepareCheckout, requireOrder, type Checkout, type CheckoutLine, type PlacedOrder,
} from '../domain/order.js';
import { nextOrderNumber } from '../domain/references.js';
import { requireSuccess, type Authorization, type PaymentGateway, type PaymentResult } from '../domain/payment.js';
import { OrderQueries, type CommandInfo, type OrderHistoryEntry, type OrderRow, type StoredEvent, type UnitOfWork } from '../store/index.js';
import { checkoutLines } from './carts.js';
import { resolveCustomer } from './customers.js';
import type { CommandOutcome } from './outcome.js';
import { derivedId, type ShopApp } from './shopApp.js';

export interface PlaceOrderInput { id?: string; customer: string; address: AddressInput; paymentMethod: string }
export interface PaymentNote { gateway: string; action: string; reference: string | null }
export interface OrderChange { outcome: CommandOutcome; order: OrderView; payment: PaymentNote | null }

/** Called with messages worth telling the merchant on stderr (e.g. a voided authorization). */
export type Notify = (message: string) => void;

interface PlacementCheck { customerId: string; cartId: string; cartVersion: number; lines: CheckoutLine[]; checkout: Checkout }

/** Reserves every line, or throws one INSUFFICIENT_STOCK naming every line that cannot be. */
function decideReservations(uow: UnitOfWork, orderId: string, lineItems: readonly OrderLineItem[]) {
  const decided: { streamId: string; version: number; events: InventoryEvent[] }[] = [];
  const short: { sku: string | null; name: string; requested: number; available: number }[] = [];
  for (const line of lineItems) {
    const streamId = streamIdOf.inventory(line.inventoryId);
    const { state, version } = uow.load(streamId, inventoryDecider);
    try {
      const item = { inventoryId: line.inventoryId, productId: line.productId, variantId: line.variantId };
      decided.push({ streamId, version, events: inventoryDecider.decide({ type: 'ReserveInventory', data: { item, orderId, quantity: line.quantity, now: uow.now } }, state) });
    } catch (error) {
      if (!(error instanceof DomainError) || error.code !== 'INSUFFICIENT_STOCK') throw error;
      short.push({ sku: line.sku, name: line.name, requested: line.quantity, available: available(state) });
    }
  }
  if (short.length > 0) {
    const list = short.map((s) => `${s.sku ?? s.name}: ${s.requested} wanted, ${s.available} available`).join('; ');
    throw new DomainError('INSUFFICIENT_STOCK', `not enough stock, nothing was reserved (${list})`, { lines: short });
  }
  return decided;
}

function checkPlacement(app: ShopApp, uow: UnitOfWork, input: PlaceOrderInput): PlacementCheck {
  const customer = resolveCustomer(app, input.customer);
  const cartId = derivedId.cartOfCustomer(customer.id);
  const { state, version } = uow.load(streamIdOf.cart(cartId), cartDecider);
  const lines = checkoutLines(app, state);
  const checkout = prepareCheckout(lines, input.address, app.currency());
  return { customerId: customer.id, cartId, cartVersion: version, lines, checkout };
}

export async function placeOrder(app: ShopApp, gateway: PaymentGateway, input: PlaceOrderInput, notify: Notify = () => {}): Promise<OrderChange> {
  // 1. Check without writing: a re-run of an existing --id, the cart, the address, the stock.
  const check = app.execute('PlaceOrder', (uow, info) => {
    if (input.id !== undefined) {
      const streamId = streamIdOf.order(input.id);
      const { state, version } = uow.load(streamId, orderDecider);
      if (state.status !== 'none') {
        const customer = resolveCustomer(app, input.customer);
        const decided = orderDecider.decide({
          type: 'PlaceOrder',
          data: {
            orderId: input.id, customerId: customer.id, cartId: derivedId.cartOfCustomer(customer.id), lines: [],
            address: input.address, paymentMethod: input.paymentMethod, currency: app.currency(), number: 0,
            authorization: { ok: false, reason: 'not attempted: the order exists' }, now: uow.now,
          },
        }, state);
        uow.append(streamId, version, decided, info); // nothing: an unchanged re-run
        return 'exists' as const;
      }
    }
    const placement = checkPlacement(app, uow, input);
    decideReservations(uow, input.id ?? 'check', placement.checkout.lineItems);
    return placement;
  }).value;
  if (check === 'exists') {
    return { outcome: { id: input.id!, events: [], unchanged: true }, order: showOrder(app, input.id!), payment: null };
  }

  // 2. Authorize the total with the gateway.
  const result = await gateway.authorize({
    method: input.paymentMethod, amount: check.checkout.totalAmount, idempotencyKey: `${check.cartId}|${check.cartVersion}`,
  });
  const authorizationId = requireSuccess(result, 'PAYMENT_FAILED', 'payment authorization');
  const authorization: Authorization = { authorizationId, method: input.paymentMethod, amount: check.checkout.totalAmount };

  // 3. Write: OrderPlaced, InventoryReserved per line (+ OutOfStock), CartCleared — one transaction.
  let recorded: { orderId: string; events: StoredEvent[] };
  try {
    const { value: orderId, events } = app.execute('PlaceOrder', (uow, info) => {
      const now = checkPlacement(app, uow, input);
      if (now.cartVersion !== check.cartVersion || now.checkout.totalAmount.amount !== check.checkout.totalAmount.amount) {
        throw new DomainError('CONCURRENCY_CONFLICT', 'the cart or its prices changed while the payment was authorized; nothing was charged, run the command again', {
          cartId: check.cartId,
        });
      }
      const orderId = input.id ?? uow.newId();
      const streamId = streamIdOf.order(orderId);
      const { state, version } = uow.load(streamId, orderDecider);
      const placed = orderDecider.decide({
        type: 'PlaceOrder',
        data: {
          orderId, customerId: now.customerId, cartId: now.cartId, lines: now.lines,
          address: input.address, paymentMethod: input.paymentMethod, currency: app.currency(),
          number: nextOrderNumber(app.store.queries(OrderQueries).lastOrderNumber()),
          authorization: { ok: true, reference: authorizationId }, now: uow.now,
        },
      }, state);
      const reservations = decideReservations(uow, orderId, now.checkout.lineItems);
      uow.append(streamId, version, placed, info);
      for (const r of reservations) uow.append(r.streamId, r.version, r.events, info);
      const cartStream = streamIdOf.cart(now.cartId);
      const cart = uow.load(cartStream, cartDecider);
      uow.append(cartStream, cart.version, cartDecider.decide({
        type: 'ClearCart', data: { cartId: now.cartId, reason: 'order placed', orderId, now: uow.now },
      }, cart.state), info);
      return orderId;
    });
    recorded = { orderId, events };
  } catch (error) {
    const voided = await gateway.void(authorization);
    notify(voided.ok
      ? `payment authorization ${authorizationId} voided (${gateway.displayName}): the order was not recorded`
      : `could not void payment authorization ${authorizationId}: ${voided.reason}`);
    throw error;
  }
  // Read after the try: the order is recorded, so a failing read must not void its payment.
  return {
    outcome: { id: recorded.orderId, events: recorded.events, unchanged: false }, order: showOrder(app, recorded.orderId),
    payment: { gateway: gateway.displayName, action: 'authorized', reference: authorizationId },
  };
}

/** Whether an order may make `move` now; throws what the command would (asked before any prompt). */
export function checkOrderMove(app: ShopApp, ref: string, move: OrderMove): void {
  checkMove(loadOrder(app, 'CheckOrder', ref), move);
}

/** Whether the customer's cart can be checked out at all (CART_EMPTY), before address and payment are asked. */
export function checkCartNotEmpty(app: ShopApp, customerRef: string): void {
  const customer = resolveCustomer(app, customerRef);
  const state = app.execute('CheckCart', (uow) => uow.load(streamIdOf.cart(derivedId.cartOfCustomer(customer.id)), cartDecider).state).value;
  if (checkoutLines(app, state).length === 0) throw new DomainError('CART_EMPTY', `the cart of ${customer.email} is empty: add items with \`shopctl cart add ${customer.email} --product <product>\` first`, {});
}

/** The order's current state, read in a transaction that writes nothing. */
function loadOrder(app: ShopApp, command: string, ref: string): PlacedOrder {
  const orderId = resolveOrderId(app, ref);
  return app.execute(command, (uow) => requireOrder(uow.load(streamIdOf.order(orderId), orderDecider).state, orderId)).value;
}

function authorizationOf(order: PlacedOrder): Authorization {
  return { authorizationId: order.paymentAuthorizationId, method: order.paymentMethod, amount: order.totalAmount };
}

/** Appends the order's decision, plus what it means for each inventory item the order holds. */
function writeOrderChange(
  app: ShopApp, commandName: string, orderId: string,
  decide: (order: PlacedOrder, uow: UnitOfWork) => ReturnType<typeof orderDecider.decide>,
  inventory?: (item: { inventoryId: string; productId: string; variantId: string | null }, uow: UnitOfWork, info: CommandInfo) => void,
): CommandOutcome {
  const { events } = app.execute(commandName, (uow, info) => {
    const streamId = streamIdOf.order(orderId);
    const { state, version } = uow.load(streamId, orderDecider);
    const order = requireOrder(state, orderId);
    uow.append(streamId, version, decide(order, uow), info);
    if (inventory) {
      const seen = new Set<string>();
      for (const line of order.lineItems) {
        if (seen.has(line.inventoryId)) continue;
        seen.add(line.inventoryId);
        inventory({ inventoryId: line.inventoryId, productId: line.productId, variantId: line.variantId }, uow, info);
      }
    }
  });
  return { id: orderId, events, unchanged: false };
}

export async function confirmOrder(app: ShopApp, gateway: PaymentGateway, ref: string): Promise<OrderChange> {
  const order = loadOrder(app, 'ConfirmOrder', ref);
  checkCanConfirm(order);
  const capture = await gateway.capture(authorizationOf(order));
  const outcome = writeOrderChange(app, 'ConfirmOrder', order.orderId, (current, uow) =>
    orderDecider.decide({ type: 'ConfirmOrder', data: { orderId: current.orderId, capture, now: uow.now } }, current));
  return { outcome, order: showOrder(app, order.orderId), payment: paymentNote(gateway, 'captured', capture) };
}

export function shipOrder(app: ShopApp, ref: string, trackingNumber: string, carrier: string): OrderChange {
  const orderId = loadOrder(app, 'ShipOrder', ref).orderId;
  const outcome = writeOrderChange(app, 'ShipOrder', orderId,
    (order, uow) => orderDecider.decide({ type: 'ShipOrder', data: { orderId, trackingNumber, carrier, now: uow.now } }, order),
    (item, uow, info) => applyInventory(uow, info, { type: 'DeductInventory', data: { item, orderId, now: uow.now } }));
  return { outcome, order: showOrder(app, orderId), payment: null };
}

export function deliverOrder(app: ShopApp, ref: string, trackingNumber: string): OrderChange {
  const orderId = loadOrder(app, 'DeliverOrder', ref).orderId;
  const outcome = writeOrderChange(app, 'DeliverOrder', orderId,
    (order, uow) => orderDecider.decide({ type: 'DeliverOrder', data: { orderId, trackingNumber, now: uow.now } }, order));
  return { outcome, order: showOrder(app, orderId), payment: null };
}

export async function cancelOrder(app: ShopApp, gateway: PaymentGateway, ref: string, reason: string): Promise<OrderChange> {
  const order = loadOrder(app, 'CancelOrder', ref);
  const { action } = prepareCancel(order, reason);
  const payment = action === 'void'
    ? await gateway.void(authorizationOf(order))
    : await gateway.refund(authorizationOf(order), order.totalAmount);
  const orderId = order.orderId;
  const outcome = writeOrderChange(app, 'CancelOrder', orderId,
    (current, uow) => {
      // The gateway was asked to void (or refund) for the status read before; it must still hold.
      if (prepareCancel(current, reason).action !== action) {
        throw new DomainError('CONCURRENCY_CONFLICT', `order ${orderId} changed while the payment was being ${action === 'void' ? 'voided' : 'refunded'}; check it with \`shopctl order show ${orderId}\``, { orderId });
      }
      return orderDecider.decide({ type: 'CancelOrder', data: { orderId, reason, payment, now: uow.now } }, current);
    },
    (item, uow, info) => applyInventory(uow, info, { type: 'ReleaseInventory', data: { item, orderId, now: uow.now } }));
  return { outcome, order: showOrder(app, orderId), payment: paymentNote(gateway, action === 'void' ? 'voided' : 'refunded', payment) };
}

function applyInventory(uow: UnitOfWork, info: CommandInfo, command: Parameters<typeof inventoryDecider.decide>[0]): void {
  const streamId = streamIdOf.inventory(command.data.item.inventoryId);
  const { state, version } = uow.load(streamId, inventoryDecider);
  uow.append(streamId, version, inventoryDecider.decide(command, state), info);
}

function paymentNote(gateway: PaymentGateway, action: string, result: PaymentResult): PaymentNote {
  return { gateway: gateway.displayName, action, reference: result.ok ? result.reference : null };
}

// ---- views ----

export const ORDER_STATUS_NAMES: readonly OrderStatus[] = ORDER_STATUSES;

export interface OrderView {
  id: string;
  /** Added: the shop-wide order number (#1001…). */
  number: number | null;
  customerId: string; status: string; lineItems: OrderLineItem[]; totalAmount: Money;
  shippingAddress: Address; paymentMethod: string; paymentAuthorizationId: string; paymentCaptureId: string | null;
  trackingNumber: string | null; carrier: string | null; cancelReason: string | null; refundAmount: Money | null;
  history: OrderHistoryEntry[]; placedAt: string; updatedAt: string;
}

function orderView(row: OrderRow): OrderView {
  return {
    id: row.id, number: row.number, customerId: row.customerId, status: row.status, lineItems: JSON.parse(row.lineItems) as OrderLineItem[],
    totalAmount: { amount: row.totalAmount, currency: row.currency },
    shippingAddress: JSON.parse(row.shippingAddress) as Address, paymentMethod: row.paymentMethod,
    paymentAuthorizationId: row.paymentAuthorizationId, paymentCaptureId: row.paymentCaptureId,
    trackingNumber: row.trackingNumber, carrier: row.carrier, cancelReason: row.cancelReason,
    refundAmount: row.refundAmount === null ? null : { amount: row.refundAmount, currency: row.currency },
    history: JSON.parse(row.history) as OrderHistoryEntry[], placedAt: row.placedAt, updatedAt: row.updatedAt,
  };
}

/** An order's id from its id, number (`1001`, `#1001`) or a unique id prefix; ORDER_NOT_FOUND otherwise. */
export function resolveOrderId(app: ShopApp, ref: string): string {
  const row = app.store.queries(OrderQueries).order(ref);
  if (!row) throw new DomainError('ORDER_NOT_FOUND', `order ${ref.trim()} does not exist`, { orderId: ref.trim() });
  return row.id;
}

export function showOrder(app: ShopApp, ref: string): OrderView {
  const row = app.store.queries(OrderQueries).order(ref);
  if (!row) throw new DomainError('ORDER_NOT_FOUND', `order ${ref.trim()} does not exist`, { orderId: ref.trim() });
  return orderView(row);
}

export interface OrderListOptions {
  status?: OrderStatus;
  customer?: string;
  /** An order id: list only the orders after it (the last one of the previous page). */
  after?: string;
  limit?: number;
}

export function listOrders(app: ShopApp, filter: OrderListOptions): OrderView[] {
  const customerId = filter.customer === undefined ? undefined : resolveCustomer(app, filter.customer).id;
  const queries = app.store.queries(OrderQueries);
  let after: { placedAt: string; id: string } | undefined;
  if (filter.after !== undefined) {
    const row = queries.order(filter.after);
    if (!row) throw new DomainError('ORDER_NOT_FOUND', `order ${filter.after.trim()} does not exist (--after takes the last order id of the previous page)`, { orderId: filter.after.trim() });
    after = { placedAt: row.placedAt, id: row.id };
  }
  return queries.list({ status: filter.status, customerId, after, limit: filter.limit }).map(orderView);
}
