// shopctl order place|confirm|ship|deliver|cancel|list|show
import type { Command } from 'commander';
import { listCustomers } from '../app/customers.js';
import { UsageError } from '../app/errors.js';
import {
  cancelOrder, confirmOrder, deliverOrder, listOrders, ORDER_STATUS_NAMES, placeOrder, shipOrder, showOrder,
  type OrderChange, type OrderView,
} from '../app/orders.js';
import { defaultPaymentGateway, TEST_PAYMENT_METHODS } from '../app/payments/index.js';
import type { OrderStatus } from '../domain/events.js';
import { formatMinorUnits, type Money } from '../domain/money.js';
import { action, examples, flagString, type Flags } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { outcomeJson, printOutcome, renderTable } from './output.js';
import { optionalId, parseCountArg, parseIdArg } from './parse.js';
import { choose, requireValue } from './prompts.js';

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
  ).action(action(io, async (ctx, [customerArg], flags) => {
    const customer = customerArg ?? await askCustomer(ctx);
    const ask = (flag: string, key: string, message: string) => requireValue(ctx, flagString(flags, key), { flag, message });
    const address = {
      name: await ask('--name', 'name', 'Recipient name'),
      line1: await ask('--line1', 'line1', 'Street address'),
      line2: flagString(flags, 'line2') ?? null,
      city: await ask('--city', 'city', 'City'),
      region: flagString(flags, 'region') ?? null,
      postalCode: await ask('--postal-code', 'postalCode', 'Postal code'),
      country: await ask('--country', 'country', 'Country (ISO code, e.g. US)'),
    };
    const paymentMethod = flagString(flags, 'payment') ?? await askPayment(ctx);
    const change = await placeOrder(ctx.shop(), defaultPaymentGateway(), {
      id: optionalId(flagString(flags, 'id')), customer, address, paymentMethod,
    }, (message) => ctx.warn(`warning: ${message}`));
    const o = change.order;
    printOrderChange(ctx, change,
      `order ${o.id} placed for ${money(o.totalAmount)} (${o.lineItems.length} line(s), status ${o.status})`,
      `shopctl order confirm ${o.id}`);
  }));

  examples(
    order.command('confirm').description('capture the payment and confirm a pending order')
      .argument('<order>', 'order id'),
    ['shopctl order confirm 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'],
  ).action(action(io, async (ctx, [ref]) => {
    const change = await confirmOrder(ctx.shop(), defaultPaymentGateway(), ref);
    printOrderChange(ctx, change, `order ${change.order.id} confirmed`, `shopctl order ship ${change.order.id} --tracking <number> --carrier <name>`);
  }));

  examples(
    order.command('ship').description('mark a confirmed order shipped (deducts its reserved stock)')
      .argument('<order>', 'order id')
      .option('--tracking <number>', 'tracking number (needed again at delivery)')
      .option('--carrier <name>', 'carrier, e.g. UPS'),
    ['shopctl order ship 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a --tracking 1Z999 --carrier UPS'],
  ).action(action(io, async (ctx, [ref], flags) => {
    const tracking = await requireValue(ctx, flagString(flags, 'tracking'), { flag: '--tracking', message: 'Tracking number' });
    const carrier = await requireValue(ctx, flagString(flags, 'carrier'), { flag: '--carrier', message: 'Carrier' });
    const change = shipOrder(ctx.shop(), ref, tracking, carrier);
    printOrderChange(ctx, change, `order ${change.order.id} shipped with ${carrier.trim()} ${tracking.trim()}`,
      `shopctl order deliver ${change.order.id} --tracking ${tracking.trim()}`);
  }));

  examples(
    order.command('deliver').description('mark a shipped order delivered (the tracking number must match)')
      .argument('<order>', 'order id')
      .option('--tracking <number>', 'the tracking number given at shipping'),
    ['shopctl order deliver 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a --tracking 1Z999'],
  ).action(action(io, async (ctx, [ref], flags) => {
    const tracking = await requireValue(ctx, flagString(flags, 'tracking'), { flag: '--tracking', message: 'Tracking number' });
    const change = deliverOrder(ctx.shop(), ref, tracking);
    printOrderChange(ctx, change, `order ${change.order.id} delivered`, `shopctl order show ${change.order.id}`);
  }));

  examples(
    order.command('cancel').description('cancel a pending (void) or confirmed (refund) order and release its stock')
      .argument('<order>', 'order id')
      .option('--reason <text>', 'why (kept in the order history)'),
    ['shopctl order cancel 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a --reason "customer changed their mind"'],
  ).action(action(io, async (ctx, [ref], flags) => {
    const reason = await requireValue(ctx, flagString(flags, 'reason'), { flag: '--reason', message: 'Reason' });
    const change = await cancelOrder(ctx.shop(), defaultPaymentGateway(), ref, reason);
    const refund = change.order.refundAmount;
    printOrderChange(ctx, change,
      `order ${change.order.id} cancelled${refund && refund.amount > 0 ? `, ${money(refund)} refunded` : ', payment authorization voided'}`,
      `shopctl order show ${change.order.id}`);
  }));

  examples(
    order.command('list').description('list orders, oldest first')
      .option('--status <status>', `only this status: ${ORDER_STATUS_NAMES.join(', ')}`)
      .option('--customer <customer>', 'only this customer (id or email)')
      .option('--after <order-id>', 'only orders after this one (the last id of the previous page)')
      .option('--limit <n>', 'at most n orders'),
    ['shopctl order list --status PENDING', 'shopctl order list --customer ada@example.com --json',
      'shopctl order list --limit 50 --after 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'],
  ).action(action(io, async (ctx, _args, flags) => {
    const limitText = flagString(flags, 'limit');
    const afterText = flagString(flags, 'after');
    const limit = limitText === undefined ? undefined : parseCountArg(limitText, '--limit', 1);
    const after = afterText === undefined ? undefined : parseIdArg(afterText, '--after');
    const orders = listOrders(ctx.shop(), { status: parseStatus(flags), customer: flagString(flags, 'customer'), after, limit });
    if (ctx.json) return ctx.printJson(orders);
    if (orders.length === 0) return ctx.out('No orders match.');
    ctx.out(await renderTable(['Id', 'Status', 'Customer', 'Lines', 'Total', 'Placed'], orders.map((o) => [
      o.id, o.status, o.customerId, o.lineItems.length, money(o.totalAmount), o.placedAt,
    ])));
    if (limit !== undefined && orders.length === limit) {
      ctx.out(`Next page: ${ctx.color.cyan(`shopctl order list --after ${orders[orders.length - 1].id} --limit ${limit}`)}`);
    }
  }));

  examples(
    order.command('show').description('show an order: lines, totals, payment and status history')
      .argument('<order>', 'order id'),
    ['shopctl order show 6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'],
  ).action(action(io, async (ctx, [ref]) => {
    const view = showOrder(ctx.shop(), ref);
    if (ctx.json) return ctx.printJson(view);
    await printOrder(ctx, view);
  }));
}

function parseStatus(flags: Flags): OrderStatus | undefined {
  const text = flagString(flags, 'status');
  if (text === undefined) return undefined;
  const status = text.trim().toUpperCase() as OrderStatus;
  if (!ORDER_STATUS_NAMES.includes(status)) {
    throw new UsageError(`--status "${text}" is not an order status`, `one of ${ORDER_STATUS_NAMES.join(', ')}`);
  }
  return status;
}

async function askCustomer(ctx: CliContext): Promise<string> {
  if (!ctx.interactive) return requireValue(ctx, undefined, { flag: '<customer>', message: 'Customer' });
  const customers = listCustomers(ctx.shop());
  if (customers.length === 0 || customers.length > 50) return requireValue(ctx, undefined, { flag: '<customer>', message: 'Customer (id or email)' });
  return choose(ctx, 'Customer', customers.map((c) => ({ name: `${c.email} (${c.name})`, value: c.id })));
}

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
  ctx.out(`${ctx.color.bold(`Order ${o.id}`)}  ${o.status}`);
  ctx.out(`customer ${o.customerId}  placed ${o.placedAt}`);
  ctx.out(`ship to: ${[a.name, a.line1, a.line2, `${a.postalCode} ${a.city}`, a.region, a.country].filter(Boolean).join(', ')}`);
  ctx.out(`payment: ${o.paymentMethod} (TEST gateway) authorization ${o.paymentAuthorizationId}` +
    `${o.paymentCaptureId ? `, captured ${o.paymentCaptureId}` : ''}`);
  if (o.trackingNumber) ctx.out(`shipped with ${o.carrier} ${o.trackingNumber}`);
  ctx.out(await renderTable(['SKU', 'Item', 'Qty', 'Unit price', 'Line total'], [
    ...o.lineItems.map((l) => [l.sku, l.name, l.quantity, formatMinorUnits(l.unitPrice.amount), formatMinorUnits(l.lineTotal.amount)]),
    ['', 'Total', o.lineItems.reduce((n, l) => n + l.quantity, 0), '', money(o.totalAmount)],
    ...(o.refundAmount ? [['', 'Refunded', '', '', money(o.refundAmount)]] : []),
  ]));
  ctx.out(await renderTable(['Status', 'At', 'Note'], o.history.map((h) => [h.status, h.at, h.note])));
}
