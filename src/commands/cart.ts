// shopctl cart add|update|remove|show|expire
import type { Command } from 'commander';
import { addToCart, expireCarts, removeFromCart, showCart, updateCartQuantity, type CartChange, type CartView } from '../app/carts.js';
import { invalidArgument } from '../app/errors.js';
import { formatMinorUnits } from '../domain/money.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { outcomeJson, printOutcome } from './output.js';
import { parseCountArg, parseIntegerArg } from './parse.js';
import { requireValue } from './prompts.js';
import { eventLine } from './render/ids.js';
import { localMinute } from './render/time.js';
import { shortId } from '../domain/references.js';
import { showProduct } from '../app/productQueries.js';
import { checkQuantity } from '../domain/validation.js';
import { MAX_LINE_QUANTITY } from '../domain/cart.js';

export function registerCartCommands(program: Command, io: CliIO): void {
  const cart = program.command('cart').description('a customer\'s shopping cart: add, update, remove, show, expire');

  examples(
    cart.command('add').description('put an item in the customer\'s cart (adding an existing line raises its quantity)')
      .argument('<customer>', 'customer id or email')
      .option('--product <product>', 'product id or SKU (a variant SKU names the variant too)')
      .option('--variant <sku>', 'variant SKU (required for a product with variants)')
      .option('--quantity <n>', 'how many (1–999, default 1)'),
    ['shopctl cart add ada@example.com --product TEE-1 --variant TEE-1-M-RED --quantity 2', 'shopctl cart add ada@example.com --product MUG-1'],
  ).action(action(io, ([customer], flags) => ({
    customer, product: flagString(flags, 'product'), variant: flagString(flags, 'variant'), quantity: flagString(flags, 'quantity'),
  }), cartAdd));

  examples(
    cart.command('update').description('set the quantity of a cart line')
      .argument('<customer-or-cart>', 'customer id or email, or cart id')
      .option('--product <product>', 'product id or SKU')
      .option('--variant <sku>', 'variant SKU (when the cart holds several variants of the product)')
      .option('--quantity <n>', 'the new quantity (1–999)'),
    ['shopctl cart update ada@example.com --product TEE-1 --variant TEE-1-M-RED --quantity 3'],
  ).action(action(io, ([customerOrCart], flags) => ({
    customerOrCart, product: flagString(flags, 'product'), variant: flagString(flags, 'variant'), quantity: flagString(flags, 'quantity'),
  }), cartUpdate));

  examples(
    cart.command('remove').description('take a line out of the cart')
      .argument('<customer-or-cart>', 'customer id or email, or cart id')
      .option('--product <product>', 'product id or SKU')
      .option('--variant <sku>', 'variant SKU (when the cart holds several variants of the product)'),
    ['shopctl cart remove ada@example.com --product MUG-1'],
  ).action(action(io, ([customerOrCart], flags) => ({
    customerOrCart, product: flagString(flags, 'product'), variant: flagString(flags, 'variant'),
  }), cartRemove));

  examples(
    cart.command('show').description('show a cart with today\'s prices and its total')
      .argument('<customer-or-cart>', 'customer id or email, or cart id'),
    ['shopctl cart show ada@example.com'],
  ).action(action(io, ([customerOrCart]) => ({ customerOrCart }), cartShow));

  examples(
    cart.command('expire').description('clear carts nobody has touched for n days (CartCleared, "cart expired")')
      .option('--idle-days <n>', 'days without a change (1 or more)'),
    ['shopctl cart expire --idle-days 30'],
  ).action(action(io, (_args, flags) => ({ idleDays: flagString(flags, 'idleDays') }), cartExpire));
}

/** Values as typed; a missing --product is asked for on a terminal. */
export interface CartAddOptions {
  customer: string;
  product?: string;
  variant?: string;
  /** 1 when absent. */
  quantity?: string;
}

export async function cartAdd(ctx: CliContext, options: CartAddOptions): Promise<void> {
  const product = await requireValue(ctx, options.product, { flag: '--product', message: 'Product (SKU or id)', check: (text) => showProduct(ctx.shop(), text) });
  const change = addToCart(ctx.shop(), {
    customer: options.customer, product, variant: options.variant,
    quantity: options.quantity === undefined ? 1 : parseIntegerArg(options.quantity, '--quantity'),
  });
  await printCartChange(ctx, change, `added to the cart of ${change.cart.customerEmail}`);
}

/** Values as typed; a missing --product or --quantity is asked for on a terminal. */
export interface CartUpdateOptions {
  customerOrCart: string;
  product?: string;
  variant?: string;
  quantity?: string;
}

export async function cartUpdate(ctx: CliContext, options: CartUpdateOptions): Promise<void> {
  const product = await requireValue(ctx, options.product, { flag: '--product', message: 'Product (SKU or id)', check: (text) => showProduct(ctx.shop(), text) });
  const quantity = parseIntegerArg(await requireValue(ctx, options.quantity, { flag: '--quantity', message: 'New quantity', check: (text) => checkQuantity(parseIntegerArg(text, 'quantity'), 'quantity', 1, MAX_LINE_QUANTITY) }), '--quantity');
  const change = updateCartQuantity(ctx.shop(), { cart: options.customerOrCart, product, variant: options.variant, quantity });
  await printCartChange(ctx, change, `quantity set to ${quantity}`);
}

export interface CartRemoveOptions {
  customerOrCart: string;
  /** Asked for on a terminal when missing. */
  product?: string;
  variant?: string;
}

export async function cartRemove(ctx: CliContext, options: CartRemoveOptions): Promise<void> {
  const product = await requireValue(ctx, options.product, { flag: '--product', message: 'Product (SKU or id)', check: (text) => showProduct(ctx.shop(), text) });
  const change = removeFromCart(ctx.shop(), { cart: options.customerOrCart, product, variant: options.variant });
  await printCartChange(ctx, change, 'removed from the cart');
}

export interface CartShowOptions {
  customerOrCart: string;
}

export async function cartShow(ctx: CliContext, { customerOrCart }: CartShowOptions): Promise<void> {
  const view = showCart(ctx.shop(), customerOrCart);
  if (ctx.json) return ctx.printJson(view);
  await printCart(ctx, view);
}

export interface CartExpireOptions {
  /** Days without a change, as typed; asked for on a terminal when missing. */
  idleDays?: string;
}

/** At most 100 years: a cutoff further back is before any cart, and past ~270,000 years no date at all (it was an internal error). */
const MAX_IDLE_DAYS = 36_500;

function parseIdleDays(text: string): number {
  const days = parseCountArg(text, '--idle-days', 1);
  if (days > MAX_IDLE_DAYS) throw invalidArgument(`--idle-days must be at most ${MAX_IDLE_DAYS} (100 years; got ${days})`);
  return days;
}

export async function cartExpire(ctx: CliContext, options: CartExpireOptions): Promise<void> {
  const days = parseIdleDays(await requireValue(ctx, options.idleDays, { flag: '--idle-days', message: 'Idle days', check: (text) => parseIdleDays(text) }));
  const result = expireCarts(ctx.shop(), days);
  if (ctx.json) return ctx.printJson({ ...outcomeJson(result.outcome, { cleared: result.cleared, cutoff: result.cutoff }), id: null });
  ctx.out(`${ctx.color.green('✔')} ${result.cleared.length} cart(s) idle since ${localMinute(result.cutoff)} cleared`);
  for (const event of result.outcome.events) ctx.out(ctx.color.dim(eventLine(event)));
}

async function printCartChange(ctx: CliContext, change: CartChange, summary: string): Promise<void> {
  const { id: _id, ...cart } = change.cart;
  if (ctx.json) return ctx.printJson(outcomeJson(change.outcome, cart));
  printOutcome(ctx, change.outcome, summary);
  await printCart(ctx, change.cart);
  if (change.cart.lines.length > 0) ctx.out(`Next: ${ctx.color.cyan(`shopctl order place ${change.cart.customerEmail} --payment pm_card_visa --name <name> --line1 <street> --city <city> --postal-code <code> --country <CC>`)}`);
}

async function printCart(ctx: CliContext, view: CartView): Promise<void> {
  if (view.lines.length === 0) {
    ctx.out(`The cart of ${view.customerEmail} is empty (cart ${shortId(view.id)}).`);
    return;
  }
  ctx.out(`Cart of ${view.customerEmail} (cart ${shortId(view.id)})`);
  ctx.out(ctx.table(['SKU', 'Item', 'Qty', 'Unit price', 'Line total', 'Available'], view.lines.map((l) => [
    l.sku, l.active ? l.name : `${l.name} (inactive)`, l.quantity, formatMinorUnits(l.unitPrice.amount), formatMinorUnits(l.lineTotal.amount),
    l.available,
  ])));
  ctx.out(`Total: ${ctx.color.bold(`${formatMinorUnits(view.totalAmount.amount)} ${view.totalAmount.currency}`)} (${view.itemCount} item(s), at today's prices)`);
}
