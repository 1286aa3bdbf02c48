// shopctl product create|update-price|add-variant|deactivate|list|show
import type { Command } from 'commander';
import { addProductVariant, createProduct, deactivateProduct, updateProductPrice } from '../app/catalogue.js';
import { perform } from '../app/outcome.js';
import { listProducts, listProductsJson, showProduct, type ProductView } from '../app/productQueries.js';
import { formatMinorUnits } from '../domain/money.js';
import { action, examples, flagSet, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { printOutcome, renderTable } from './output.js';
import { optionalId, parseIntegerArg, parseMoneyArg } from './parse.js';
import { requireValue } from './prompts.js';

export function registerProductCommands(program: Command, io: CliIO): void {
  const product = examples(program.command('product').description('manage the catalogue: products, prices, variants'),
    ['shopctl product create --name "T-shirt" --price 19.99 --category Shirts --sku TEE-1', 'shopctl product list']);

  examples(
    product.command('create').description('add a product to the catalogue (active at once)')
      .option('--name <name>', 'product name (2–120 characters)')
      .option('--price <price>', 'price, e.g. 19.99')
      .option('--category <category>', 'category, by id or name')
      .option('--description <text>', 'description (up to 5000 characters)')
      .option('--stock <n>', 'initial stock (0–1000000)')
      .option('--sku <sku>', 'stock-keeping unit, unique in any letter case')
      .option('--id <uuid>', 'use this id (re-running with the same id and attributes changes nothing)'),
    ['shopctl product create --name "T-shirt" --price 19.99 --category Shirts --sku TEE-1 --stock 25'],
  ).action(action(io, (_args, flags) => ({
    name: flagString(flags, 'name'), price: flagString(flags, 'price'), category: flagString(flags, 'category'),
    description: flagString(flags, 'description'), stock: flagString(flags, 'stock'), sku: flagString(flags, 'sku'),
    id: flagString(flags, 'id'),
  }), productCreate));

  examples(
    product.command('update-price').description('change a product\'s price')
      .argument('<product>', 'product id or SKU').argument('<price>', 'new price, e.g. 24.99'),
    ['shopctl product update-price TEE-1 24.99'],
  ).action(action(io, ([product, price]) => ({ product, price }), productUpdatePrice));

  examples(
    product.command('add-variant').description('add a size/colour variant with its own stock')
      .argument('<product>', 'product id or SKU')
      .option('--sku <sku>', 'the variant\'s SKU (unique across the catalogue)')
      .option('--size <size>', 'size, e.g. M')
      .option('--color <color>', 'colour, e.g. red')
      .option('--price-modifier <amount>', 'added to the product price, may be negative (default 0)')
      .option('--id <uuid>', 'use this id'),
    ['shopctl product add-variant TEE-1 --sku TEE-1-M-RED --size M --color red --price-modifier 2.00'],
  ).action(action(io, ([product], flags) => ({
    product, sku: flagString(flags, 'sku'), size: flagString(flags, 'size'), color: flagString(flags, 'color'),
    priceModifier: flagString(flags, 'priceModifier'), id: flagString(flags, 'id'),
  }), productAddVariant));

  examples(
    product.command('deactivate').description('take a product off sale (it leaves every cart)')
      .argument('<product>', 'product id or SKU'),
    ['shopctl product deactivate TEE-1'],
  ).action(action(io, ([product]) => ({ product }), productDeactivate));

  examples(
    product.command('list').description('list products (active only unless --all)')
      .option('--category <category>', 'only this category (id or name)')
      .option('--all', 'include inactive products'),
    ['shopctl product list', 'shopctl product list --category Shirts --all --json'],
  ).action(action(io, (_args, flags) => ({ category: flagString(flags, 'category'), all: flagSet(flags, 'all') }), productList));

  examples(
    product.command('show').description('show a product with its variants and stock')
      .argument('<product>', 'product id or SKU'),
    ['shopctl product show TEE-1'],
  ).action(action(io, ([product]) => ({ product }), productShow));
}

/** Values as typed; missing ones are asked for on a terminal. */
export interface ProductCreateOptions {
  name?: string; price?: string; category?: string; description?: string; stock?: string; sku?: string; id?: string;
}

export async function productCreate(ctx: CliContext, options: ProductCreateOptions): Promise<void> {
  const name = await requireValue(ctx, options.name, { flag: '--name', message: 'Product name' });
  const price = parseMoneyArg(await requireValue(ctx, options.price, { flag: '--price', message: 'Price (e.g. 19.99)' }), '--price');
  const category = await requireValue(ctx, options.category, { flag: '--category', message: 'Category (id or name)' });
  const outcome = perform(ctx.shop(), createProduct, {
    id: optionalId(options.id), name, priceMinor: price, category,
    description: options.description, sku: options.sku,
    stock: options.stock === undefined ? undefined : parseIntegerArg(options.stock, '--stock'),
  });
  const ref = options.sku ?? outcome.id;
  printOutcome(ctx, outcome, `product "${name.trim()}" (${outcome.id})`, `shopctl inventory restock ${ref} <quantity>`);
}

export interface ProductUpdatePriceOptions {
  product: string;
  /** The new price as typed, e.g. "24.99". */
  price: string;
}

export function productUpdatePrice(ctx: CliContext, { product, price }: ProductUpdatePriceOptions): void {
  const outcome = perform(ctx.shop(), updateProductPrice, { product, priceMinor: parseMoneyArg(price, '<price>') });
  printOutcome(ctx, outcome, `price of ${product} is ${formatMinorUnits(parseMoneyArg(price, '<price>'))}`, `shopctl product show ${product}`);
}

export interface ProductAddVariantOptions {
  product: string;
  /** Asked for on a terminal when missing. */
  sku?: string;
  size?: string; color?: string;
  /** As typed, e.g. "2.00" or "-1.50". */
  priceModifier?: string;
  id?: string;
}

export async function productAddVariant(ctx: CliContext, options: ProductAddVariantOptions): Promise<void> {
  const sku = await requireValue(ctx, options.sku, { flag: '--sku', message: 'Variant SKU' });
  const outcome = perform(ctx.shop(), addProductVariant, {
    product: options.product, id: optionalId(options.id), sku, size: options.size, color: options.color,
    priceModifierMinor: options.priceModifier === undefined ? undefined : parseMoneyArg(options.priceModifier, '--price-modifier'),
  });
  printOutcome(ctx, outcome, `variant ${sku} of ${options.product} (${outcome.id})`, `shopctl inventory restock ${sku} <quantity>`);
}

export interface ProductDeactivateOptions {
  product: string;
}

export function productDeactivate(ctx: CliContext, { product }: ProductDeactivateOptions): void {
  const outcome = perform(ctx.shop(), deactivateProduct, { product });
  printOutcome(ctx, outcome, `product ${product} deactivated`, 'shopctl product list --all');
}

export interface ProductListOptions {
  category?: string;
  /** Include inactive products. */
  all: boolean;
}

export async function productList(ctx: CliContext, options: ProductListOptions): Promise<void> {
  // JSON comes ready-made from the store: no objects in between for 10,000 products.
  if (ctx.json) return ctx.out(listProductsJson(ctx.shop(), options));
  const products = listProducts(ctx.shop(), options);
  if (products.length === 0) return ctx.out('No products. Add one: shopctl product create --name <name> --price <price> --category <category>');
  ctx.out(await renderTable(['SKU', 'Name', 'Price', 'Variants', 'Available', 'Active', 'Id'], products.map((p) => [
    p.sku, p.name, formatMinorUnits(p.price.amount), p.variants.length, p.available, p.active ? 'yes' : 'no', p.id,
  ])));
}

export interface ProductShowOptions {
  product: string;
}

export async function productShow(ctx: CliContext, { product }: ProductShowOptions): Promise<void> {
  await printProduct(ctx, showProduct(ctx.shop(), product));
}

async function printProduct(ctx: CliContext, p: ProductView): Promise<void> {
  if (ctx.json) return ctx.printJson(p);
  ctx.out(`${ctx.color.bold(p.name)}  ${p.sku ?? ''}  ${formatMinorUnits(p.price.amount)} ${p.price.currency}  ${p.active ? 'active' : ctx.color.red('inactive')}`);
  ctx.out(`id ${p.id}  category ${p.categoryPath}`);
  if (p.description) ctx.out(p.description);
  if (p.variants.length === 0) {
    ctx.out(`stock: ${p.onHand} on hand, ${p.reserved} reserved, ${p.available} available`);
    return;
  }
  ctx.out(await renderTable(['Variant SKU', 'Size', 'Color', 'Price', 'On hand', 'Reserved', 'Available'], p.variants.map((v) => [
    v.sku, v.size, v.color, formatMinorUnits(v.price.amount), v.onHand, v.reserved, v.available,
  ])));
}
