// shopctl product create|update-price|add-variant|deactivate|list|show
import type { Command } from 'commander';
import { activateProduct, addProductVariant, createProduct, deactivateProduct, updateProductDetails, updateProductPrice } from '../app/catalogue.js';
import { listProducts, listProductsJson, showProduct, type ProductView } from '../app/productQueries.js';
import { formatMinorUnits } from '../domain/money.js';
import { shortId } from '../domain/references.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { printOutcome } from './output.js';
import { optionalId, parseIntegerArg, parseMoneyArg } from './parse.js';
import { ask, choose, missingValue, requireValue } from './prompts.js';
import { listCategories } from '../app/queries.js';
import { DomainError, UsageError } from '../app/errors.js';
import { checkPrice, checkProductName, MAX_INITIAL_STOCK } from '../domain/product.js';
import { checkQuantity, checkSku } from '../domain/validation.js';
import { shortIdsFor } from './render/ids.js';

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
  ).action(action(io, async (ctx, _args, flags) => {
    const asking = ctx.interactive;
    const name = await requireValue(ctx, flagString(flags, 'name'), { flag: '--name', message: 'Product name', check: checkProductName });
    const price = parseMoneyArg(await requireValue(ctx, flagString(flags, 'price'), {
      flag: '--price', message: 'Price (e.g. 19.99)', check: (text) => checkPrice({ amount: parseMoneyArg(text, 'price'), currency: 'XXX' }),
    }), '--price');
    const category = flagString(flags, 'category') ?? await askCategory(ctx);
    // Asked only when the merchant is asked the rest too: both are optional.
    const sku = flagString(flags, 'sku') ?? (asking && flagString(flags, 'name') === undefined
      ? await ask(ctx, { flag: '--sku', message: 'SKU (optional, Enter to skip)', optional: true, check: checkSku }) : undefined);
    const stockText = flagString(flags, 'stock') ?? (asking && flagString(flags, 'name') === undefined
      ? await ask(ctx, { flag: '--stock', message: 'Opening stock (optional, Enter for 0)', optional: true,
        check: (text) => checkQuantity(parseIntegerArg(text, 'stock'), 'opening stock', 0, MAX_INITIAL_STOCK) }) : undefined);
    const outcome = createProduct(ctx.shop(), {
      id: optionalId(flagString(flags, 'id')), name, priceMinor: price, category,
      description: flagString(flags, 'description'), sku: sku?.trim() || undefined,
      stock: stockText === undefined || stockText.trim() === '' ? undefined : parseIntegerArg(stockText, '--stock'),
    });
    const ref = sku?.trim() || shortId(outcome.id);
    printOutcome(ctx, outcome, `product "${name.trim()}" (${shortId(outcome.id)})`, `shopctl inventory restock ${ref} <quantity>`);
  }));

  examples(
    product.command('update-price').description('change a product\'s price')
      .argument('<product>', 'product id or SKU').argument('<price>', 'new price, e.g. 24.99'),
    ['shopctl product update-price TEE-1 24.99'],
  ).action(action(io, (ctx, [ref, price]) => {
    const outcome = updateProductPrice(ctx.shop(), ref, parseMoneyArg(price, '<price>'));
    printOutcome(ctx, outcome, `price of ${ref} is ${formatMinorUnits(parseMoneyArg(price, '<price>'))}`, `shopctl product show ${ref}`);
  }));

  examples(
    product.command('add-variant').description('add a size/colour variant with its own stock')
      .argument('<product>', 'product id or SKU')
      .option('--sku <sku>', 'the variant\'s SKU (unique across the catalogue)')
      .option('--size <size>', 'size, e.g. M')
      .option('--color <color>', 'colour, e.g. red')
      .option('--price-modifier <amount>', 'added to the product price, may be negative (default 0)')
      .option('--id <uuid>', 'use this id'),
    ['shopctl product add-variant TEE-1 --sku TEE-1-M-RED --size M --color red --price-modifier 2.00'],
  ).action(action(io, async (ctx, [ref], flags) => {
    const sku = await requireValue(ctx, flagString(flags, 'sku'), { flag: '--sku', message: 'Variant SKU', check: checkSku });
    const modifier = flagString(flags, 'priceModifier');
    const outcome = addProductVariant(ctx.shop(), {
      product: ref, id: optionalId(flagString(flags, 'id')), sku, size: flagString(flags, 'size'), color: flagString(flags, 'color'),
      priceModifierMinor: modifier === undefined ? undefined : parseMoneyArg(modifier, '--price-modifier'),
    });
    printOutcome(ctx, outcome, `variant ${sku} of ${ref} (${shortId(outcome.id)})`, `shopctl inventory restock ${sku} <quantity>`);
  }));

  examples(
    product.command('deactivate').description('take a product off sale (it leaves every cart)')
      .argument('<product>', 'product id or SKU'),
    ['shopctl product deactivate TEE-1'],
  ).action(action(io, (ctx, [ref]) => {
    const outcome = deactivateProduct(ctx.shop(), ref);
    printOutcome(ctx, outcome, `product ${ref} deactivated`, 'shopctl product list --all');
  }));

  examples(
    product.command('activate').description('put a deactivated product back on sale')
      .argument('<product>', 'product id, id prefix or SKU'),
    ['shopctl product activate TEE-1'],
  ).action(action(io, ([product]) => ({ product }), productActivate));

  examples(
    product.command('update').description('change a product\'s name, description or category')
      .argument('<product>', 'product id, id prefix or SKU')
      .option('--name <name>', 'new name (2–120 characters)')
      .option('--description <text>', 'new description (up to 5000 characters)')
      .option('--category <category>', 'new category, by id or name'),
    ['shopctl product update TEE-1 --name "Organic T-shirt" --category Shirts'],
  ).action(action(io, ([product], flags) => ({
    product, name: flagString(flags, 'name'), description: flagString(flags, 'description'), category: flagString(flags, 'category'),
  }), productUpdate));

  examples(
    product.command('list').description('list products (active only unless --all)')
      .option('--category <category>', 'only this category (id or name)')
      .option('--all', 'include inactive products'),
    ['shopctl product list', 'shopctl product list --category Shirts --all --json'],
  ).action(action(io, async (ctx, _args, flags) => {
    const options = { category: flagString(flags, 'category'), all: flags.all === true };
    // JSON comes ready-made from the store: no objects in between for 10,000 products.
    if (ctx.json) return ctx.out(listProductsJson(ctx.shop(), options));
    const products = listProducts(ctx.shop(), options);
    if (products.length === 0) return ctx.out('No products. Add one: shopctl product create --name <name> --price <price> --category <category>');
    const short = shortIdsFor(products.map((p) => p.id));
    ctx.out(ctx.table(['SKU', 'Name', 'Category', 'Price', 'Variants', 'Available', 'Active', 'Id'], products.map((p) => [
      p.sku, p.name, p.categoryPath, formatMinorUnits(p.price.amount), p.variants.length, p.available, p.active ? 'yes' : 'no', short(p.id),
    ])));
  }));

  examples(
    product.command('show').description('show a product with its variants and stock')
      .argument('<product>', 'product id or SKU'),
    ['shopctl product show TEE-1'],
  ).action(action(io, async (ctx, [ref]) => printProduct(ctx, showProduct(ctx.shop(), ref))));
}

export interface ProductActivateOptions { product: string }

export function productActivate(ctx: CliContext, options: ProductActivateOptions): void {
  const outcome = activateProduct(ctx.shop(), options.product);
  printOutcome(ctx, outcome, `product ${options.product} is on sale again`, `shopctl product show ${options.product}`);
}

export interface ProductUpdateOptions { product: string; name?: string; description?: string; category?: string }

export function productUpdate(ctx: CliContext, options: ProductUpdateOptions): void {
  if (options.name === undefined && options.description === undefined && options.category === undefined) {
    throw new UsageError('nothing to update', 'give at least one of --name, --description, --category');
  }
  const outcome = updateProductDetails(ctx.shop(), options);
  const fields = (outcome.events[0]?.data as { updatedFields?: string[] } | undefined)?.updatedFields ?? [];
  printOutcome(ctx, outcome, `product ${options.product} updated (${fields.join(', ') || 'no change'})`, `shopctl product show ${options.product}`);
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
  ctx.out(ctx.table(['Variant SKU', 'Size', 'Color', 'Price', 'On hand', 'Reserved', 'Available'], p.variants.map((v) => [
    v.sku, v.size, v.color, formatMinorUnits(v.price.amount), v.onHand, v.reserved, v.available,
  ])));
}

/** A category picked from the tree (filterable by typing). */
async function askCategory(ctx: CliContext): Promise<string> {
  if (!ctx.interactive) throw missingValue({ flag: '--category' });
  const categories = listCategories(ctx.shop());
  if (categories.length === 0) throw new DomainError('CATEGORY_NOT_FOUND', 'no categories yet: create one with `shopctl category create <name>`', {});
  return choose(ctx, 'Category', categories.map((c) => ({ name: c.path, value: c.id })));
}
