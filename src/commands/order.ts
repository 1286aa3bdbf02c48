// shopctl order place|confirm|ship|deliver|cancel|list|show
import type { Command } from 'commander';
import { customerEmails, listCustomers, showCustomer } from '../app/customers.js';
import { DomainError, invalidArgument } from '../app/errors.js';
import {
  cancelOrder, checkCartNotEmpty, checkOrderMove, confirmOrder, deliverOrder, listOrders, ORDER_STATUS_NAMES, placeOrder, shipOrder, showOrder,
  type OrderChange, type OrderView,
} from '../app/orders.js';
import { checkAddressPart, checkCountry } from '../domain/address.js';
import { MOVES_FROM, type OrderMove } from '../domain/order.js';
import { orderLabel, shortId } from '../domain/references.js';
import { localMinute } from './render/time.js';
import { defaultPaymentGateway, TEST_PAYMENT_METHODS } from '../app/payments/index.js';
import type { OrderStatus } from '../domain/events.js';
import { formatMinorUnits, type Money } from '../domain/money.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import { attachWarnings } from './errors.js';
import type { CliIO } from './io.js';
import { outcomeJson, printOutcome } from './output.js';
import { optionalId, parseCountArg, parseIdArg } from './parse.js';
import { ask, choose, missingValue, requireValue } from './prompts.js';
import { shortIdsFor } from './render/ids.js';

const money = (m: Money) => `${formatMinorUnits(m.amount)} ${m.currency}`;

export function registerOrderCommands(program: Command, io: CliIO): void {
  const order = program.command('order').description('orders: place, confirm, ship, deliver, cancel, list, show');

  examples(
    order.command('place').description('check out the customer\'s whole cart: authorize payment, reserve stock, clear the cart')
      .argument('[customer]', 'customer id or email (asked for on a terminal)')
      .option('--payment <method>', `payment method token of the TEST gateway: ${Object.keys(TEST_PAYMENT_METHODS).join(', ')}`)
      .option('--name <name>', 'recipient name')
      .option('--line1 <text>', 'street address')
      .option('--line2 <text>', 'second address line')
      .option('--city <city>', 'city')
      .option('--region <region>', 'state or region')
      .option('--postal-code <code>', 'postal code')
      .option('--country <code>', 'ISO 3166-1 alpha-2 country code, e.g. US')
      .option('--id <uuid>', 'use this order id (re-running with the same id changes nothing)'),
    [
      'shopctl order place ada@example.com --payment pm_card_visa --name "Ada Lovelace" --line1 "1 Main St" --city Springfield --postal-code 12345 --country US',
      'shopctl order place   # on a terminal: asks for customer, address and payment',
    ],
  ).action(action(io, ([customer], flags) => ({
    customer, payment: flagString(flags, 'payment'), name: flagString(flags, 'name'), line1: flagString(flags, 'line1'),
    line2: flagString(flags, 'line2'), city: flagString(flags, 'city'), region: flagString(flags, 'region'),
    postalCode: flagString(flags, 'postalCode'), country: flagString(flags, 'country'), id: flagString(flags, 'id'),
  }), orderPlace));

  examples(
    order.command('confirm').description('capture the payment and confirm a pending order')
      .argument('[order]', 'order number (1001, #1001), id or id prefix (asked for on a terminal)'),
    ['shopctl order confirm 1001'],
  ).action(action(io, ([order]) => ({ order }), orderConfirm));

  examples(
    order.command('ship').description('mark a confirmed order shipped (deducts its reserved stock)')
      .argument('[order]', 'order number (1001, #1001), id or id prefix (asked for on a terminal)')
      .option('--tracking <number>', 'tracking number (needed again at delivery)')
      .option('--carrier <name>', 'carrier, e.g. UPS'),
    ['shopctl order ship 1001 --tracking 1Z999 --carrier UPS'],
  ).action(action(io, ([order], flags) => ({ order, tracking: flagString(flags, 'tracking'), carrier: flagString(flags, 'carrier') }), orderShip));

  examples(
    order.command('deliver').description('mark a shipped order delivered (the tracking number must match)')
      .argument('[order]', 'order number (1001, #1001), id or id prefix (asked for on a terminal)')
      .option('--tracking <number>', 'the tracking number given at shipping'),
    ['shopctl order deliver 1001 --tracking 1Z999'],
  ).action(action(io, ([order], flags) => ({ order, tracking: flagString(flags, 'tracking') }), orderDeliver));

  examples(
    order.command('cancel').description('cancel a pending (void) or confirmed (refund) order and release its stock')
      .argument('[order]', 'order number (1001, #1001), id or id prefix (asked for on a terminal)')
      .option('--reason <text>', 'why (kept in the order history)'),
    ['shopctl order cancel 1001 --reason "customer changed their mind"'],
  ).action(action(io, ([order], flags) => ({ order, reason: flagString(flags, 'reason') }), orderCancel));

  examples(
    order.command('list').description('list orders, oldest first')
      .option('--status <status>', `only this status: ${ORDER_STATUS_NAMES.join(', ')}`)
      .option('--customer <customer>', 'only this customer (id or email)')
      .option('--after <order-id>', 'only orders after this one (the last id of the previous page)')
      .option('--limit <n>', 'at most n orders'),
    ['shopctl order list --status PENDING', 'shopctl order list --customer ada@example.com --json',
      'shopctl order list --limit 50 --after 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'],
  ).action(action(io, (_args, flags) => ({
    status: flagString(flags, 'status'), customer: flagString(flags, 'customer'), after: flagString(flags, 'after'), limit: flagString(flags, 'limit'),
  }), orderList));

  examples(
    order.command('show').description('show an order: lines, totals, payment and status history')
      .argument('<order>', 'order number (1001, #1001), id or id prefix'),
    ['shopctl order show 1001'],
  ).action(action(io, ([order]) => ({ order }), orderShow));
}

/** Values as typed; missing required ones are asked for on a terminal. */
export interface OrderPlaceOptions {
  customer?: string;
  payment?: string;
  name?: string; line1?: string; line2?: string; city?: string; region?: string; postalCode?: string; country?: string;
  id?: string;
}

export async function orderPlace(ctx: CliContext, options: OrderPlaceOptions): Promise<void> {
  const customer = options.customer ?? await askCustomer(ctx);
  // Nothing is asked for a cart that cannot be checked out.
  if (ctx.interactive) checkCartNotEmpty(ctx.shop(), customer);
  const ask = (flag: string, value: string | undefined, message: string, field: Parameters<typeof checkAddressPart>[0]) =>
    requireValue(ctx, value, { flag, message, check: (text) => checkAddressPart(field, text) });
  const name = await ask('--name', options.name, 'Recipient name', 'name');
  const line1 = await ask('--line1', options.line1, 'Street address', 'line1');
  const line2 = options.line2 ?? (ctx.interactive && options.line1 === undefined
    ? await askOptional(ctx, 'Second address line (optional)', 'line2') : null);
  const city = await ask('--city', options.city, 'City', 'city');
  const region = options.region ?? (ctx.interactive && options.city === undefined
    ? await askOptional(ctx, 'State or region (optional)', 'region') : null);
  const postalCode = await ask('--postal-code', options.postalCode, 'Postal code', 'postalCode');
  if (options.country) countryArgument(options.country);
  const country = await requireValue(ctx, options.country, { flag: '--country', message: 'Country (two letters, e.g. US)', check: checkCountry });
  const address = { name, line1, line2, city, region, postalCode, country };
  const paymentMethod = options.payment ?? await askPayment(ctx);
  // With --json stderr carries only the JSON error document: what happened to the payment goes
  // into that document's details (`warnings`) instead of a line of its own.
  const warnings: string[] = [];
  let change: Awaited<ReturnType<typeof placeOrder>>;
  try {
    change = await placeOrder(ctx.shop(), defaultPaymentGateway(), {
      id: optionalId(options.id), customer, address, paymentMethod,
    }, (message) => (ctx.json ? warnings.push(message) : ctx.warn(`warning: ${message}`)));
  } catch (error) {
    attachWarnings(error, warnings);
    throw error;
  }
  const o = change.order;
  printOrderChange(ctx, change,
    `order ${label(o)} placed for ${money(o.totalAmount)} (${o.lineItems.length} line(s), status ${o.status})`,
    `shopctl order confirm ${ref(o)}`);
}

export interface OrderConfirmOptions {
  /** Number, id or id prefix; asked for on a terminal when missing. */
  order?: string;
}

export async function orderConfirm(ctx: CliContext, options: OrderConfirmOptions): Promise<void> {
  const order = await orderFor(ctx, options.order, 'confirm');
  const change = await confirmOrder(ctx.shop(), defaultPaymentGateway(), order);
  printOrderChange(ctx, change, `order ${label(change.order)} confirmed`, `shopctl order ship ${ref(change.order)} --tracking <number> --carrier <name>`);
}

/** Missing values are asked for on a terminal. */
export interface OrderShipOptions {
  order?: string;
  tracking?: string;
  carrier?: string;
}

export async function orderShip(ctx: CliContext, options: OrderShipOptions): Promise<void> {
  const order = await orderFor(ctx, options.order, 'ship');
  const tracking = await requireValue(ctx, options.tracking, { flag: '--tracking', message: 'Tracking number', check: nonBlank('tracking number') });
  const carrier = await requireValue(ctx, options.carrier, { flag: '--carrier', message: 'Carrier', check: nonBlank('carrier') });
  const change = shipOrder(ctx.shop(), order, tracking, carrier);
  printOrderChange(ctx, change, `order ${label(change.order)} shipped with ${carrier.trim()} ${tracking.trim()}`,
    `shopctl order deliver ${ref(change.order)} --tracking ${tracking.trim()}`);
}

/** Missing values are asked for on a terminal. */
export interface OrderDeliverOptions {
  order?: string;
  tracking?: string;
}

export async function orderDeliver(ctx: CliContext, options: OrderDeliverOptions): Promise<void> {
  const order = await orderFor(ctx, options.order, 'deliver');
  const tracking = await requireValue(ctx, options.tracking, { flag: '--tracking', message: 'Tracking number', check: nonBlank('tracking number') });
  const change = deliverOrder(ctx.shop(), order, tracking);
  printOrderChange(ctx, change, `order ${label(change.order)} delivered`, `shopctl order show ${ref(change.order)}`);
}

/** Missing values are asked for on a terminal. */
export interface OrderCancelOptions {
  order?: string;
  reason?: string;
}

export async function orderCancel(ctx: CliContext, options: OrderCancelOptions): Promise<void> {
  const order = await orderFor(ctx, options.order, 'cancel');
  const reason = await requireValue(ctx, options.reason, { flag: '--reason', message: 'Reason', check: nonBlank('reason') });
  const change = await cancelOrder(ctx.shop(), defaultPaymentGateway(), order, reason);
  const refund = change.order.refundAmount;
  printOrderChange(ctx, change,
    `order ${label(change.order)} cancelled${refund && refund.amount > 0 ? `, ${money(refund)} refunded` : ', payment authorization voided'}`,
    `shopctl order show ${ref(change.order)}`);
}

/** Values as typed. */
export interface OrderListOptions {
  /** In any letter case. */
  status?: string;
  customer?: string;
  /** The last order id of the previous page. */
  after?: string;
  limit?: string;
}

export async function orderList(ctx: CliContext, options: OrderListOptions): Promise<void> {
  const limit = options.limit === undefined ? undefined : parseCountArg(options.limit, '--limit', 1);
  const after = options.after === undefined ? undefined : parseIdArg(options.after, '--after');
  const orders = listOrders(ctx.shop(), { status: parseStatus(options.status), customer: options.customer, after, limit });
  if (ctx.json) return ctx.printJson(orders);
  if (orders.length === 0) return ctx.out('No orders match.');
  const emails = customerEmails(ctx.shop());
  const short = shortIdsFor(orders.map((o) => o.id));
  ctx.out(ctx.table(['Order', 'Status', 'Customer', 'Lines', 'Total', 'Placed', 'Id'], orders.map((o) => [
    label(o), o.status, emails.get(o.customerId) ?? shortId(o.customerId), o.lineItems.length, money(o.totalAmount), localMinute(o.placedAt), short(o.id),
  ])));
  if (limit !== undefined && orders.length === limit) {
    ctx.out(`Next page: ${ctx.color.cyan(`shopctl order list --after ${orders[orders.length - 1].id} --limit ${limit}`)}`);
  }
}

export interface OrderShowOptions {
  /** Number, id or id prefix. */
  order: string;
}

export async function orderShow(ctx: CliContext, { order }: OrderShowOptions): Promise<void> {
  const view = showOrder(ctx.shop(), order);
  if (ctx.json) return ctx.printJson(view);
  await printOrder(ctx, view);
}

function parseStatus(text: string | undefined): OrderStatus | undefined {
  if (text === undefined) return undefined;
  const status = text.trim().toUpperCase() as OrderStatus;
  if (!ORDER_STATUS_NAMES.includes(status)) {
    throw invalidArgument(`--status "${text}" is not an order status`, `one of ${ORDER_STATUS_NAMES.join(', ')}`);
  }
  return status;
}

async function askCustomer(ctx: CliContext): Promise<string> {
  if (!ctx.interactive) throw missingValue({ flag: '<customer>' });
  const customers = listCustomers(ctx.shop());
  if (customers.length === 0) throw new DomainError('CUSTOMER_NOT_FOUND', 'no customers yet: register one with `shopctl customer register`', {});
  return choose(ctx, 'Customer', customers.map((c) => ({ name: `${c.email} (${c.name})`, value: c.id })));
}

/**
 * The order a command moves: the one named (checked first: does its status allow the move?),
 * or on a terminal one picked from those that can make it.
 */
async function orderFor(ctx: CliContext, orderArg: string | undefined, move: OrderMove): Promise<string> {
  if (orderArg !== undefined) {
    if (ctx.interactive) checkOrderMove(ctx.shop(), orderArg, move);
    return orderArg;
  }
  if (!ctx.interactive) throw missingValue({ flag: '<order>' });
  const candidates = listOrders(ctx.shop(), {}).filter((o) => (MOVES_FROM[o.status as OrderStatus] ?? []).includes(move));
  if (candidates.length === 0) throw new DomainError('ORDER_NOT_FOUND', `no order can be ${PAST[move]} now`, {});
  const emails = customerEmails(ctx.shop());
  return choose(ctx, `Order to ${move}`, candidates.map((o) => ({
    name: `${label(o)}  ${o.status}  ${emails.get(o.customerId) ?? ''}  ${money(o.totalAmount)}`, value: o.id,
  })));
}

async function askOptional(ctx: CliContext, message: string, field: 'line2' | 'region'): Promise<string | null> {
  const text = await ask(ctx, { flag: '', message, optional: true, check: (value) => checkAddressPart(field, value) });
  return text.trim() === '' ? null : text;
}

const PAST: Record<OrderMove, string> = { confirm: 'confirmed', ship: 'shipped', deliver: 'delivered', cancel: 'cancelled' };

const nonBlank = (what: string) => (text: string) => {
  if (text.trim() === '') throw invalidArgument(`the ${what} cannot be blank`);
};

/** `#1001` (or the short id of an order that has no number). */
const label = (o: { id: string; number: number | null }) => orderLabel(o.number, o.id);
/** What to type for an order in a "Next:" hint. */
const ref = (o: { id: string; number: number | null }) => (o.number === null ? shortId(o.id) : String(o.number));

async function askPayment(ctx: CliContext): Promise<string> {
  if (!ctx.interactive) return requireValue(ctx, undefined, { flag: '--payment', message: 'Payment method' });
  return choose(ctx, 'Payment method (TEST gateway, no real money moves)',
    Object.entries(TEST_PAYMENT_METHODS).map(([value, what]) => ({ name: `${value}: ${what}`, value })));
}

function printOrderChange(ctx: CliContext, change: OrderChange, summary: string, next: string): void {
  if (ctx.json) return ctx.printJson(outcomeJson(change.outcome, { ...change.order, payment: change.payment }));
  if (change.payment) {
    const { gateway, action, reference } = change.payment;
    printOutcome(ctx, change.outcome, `${summary}; payment ${action} by the ${gateway}${reference ? ` (${reference})` : ''}`, next);
  } else {
    printOutcome(ctx, change.outcome, summary, next);
  }
}

async function printOrder(ctx: CliContext, o: OrderView): Promise<void> {
  const a = o.shippingAddress;
  const customer = showCustomer(ctx.shop(), o.customerId);
  ctx.out(`${ctx.color.bold(`Order ${label(o)}`)}  ${o.status}  (id ${o.id})`);
  ctx.out(`customer ${customer.name} <${customer.email}>  placed ${localMinute(o.placedAt)}`);
  ctx.out(`ship to: ${[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.region, a.country].filter(Boolean).join(', ')}`);
  ctx.out(`payment: ${o.paymentMethod} (TEST gateway) authorization ${o.paymentAuthorizationId}` +
    `${o.paymentCaptureId ? `, captured ${o.paymentCaptureId}` : ''}`);
  if (o.trackingNumber) ctx.out(`shipped with ${o.carrier} ${o.trackingNumber}`);
  ctx.out(ctx.table(['SKU', 'Item', 'Qty', 'Unit price', 'Line total'], [
    ...o.lineItems.map((l) => [l.sku, l.name, l.quantity, formatMinorUnits(l.unitPrice.amount), formatMinorUnits(l.lineTotal.amount)]),
    ['', 'Total', o.lineItems.reduce((n, l) => n + l.quantity, 0), '', money(o.totalAmount)],
    ...(o.refundAmount ? [['', 'Refunded', '', '', money(o.refundAmount)]] : []),
  ]));
  ctx.out(ctx.table(['Status', 'At', 'Note'], o.history.map((h) => [h.status, localMinute(h.at), h.note])));
  const next = MOVES_FROM[o.status as OrderStatus] ?? [];
  if (next.length > 0) ctx.out(`Next: ${ctx.color.cyan(next.map((move) => `shopctl order ${move} ${ref(o)}`).join('  |  '))}`);
}

/** A --country that is no two-letter code cannot be parsed: INVALID_ARGUMENT (exit 2), naming the likely code. */
function countryArgument(text: string): void {
  try {
    checkCountry(text);
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    const suggestion = error.details.suggestion as string | undefined;
    throw invalidArgument(
      `--country "${text}" is not a two-letter country code (ISO 3166-1 alpha-2)`,
      suggestion ? `did you mean ${suggestion}?` : 'two letters, e.g. US, DE, GB',
    );
  }
}
