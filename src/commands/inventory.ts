// shopctl inventory restock|reserve|list
import type { Command } from 'commander';
import { reserveInventory, restockInventory } from '../app/inventory.js';
import { listInventory } from '../app/queries.js';
import { action, examples, flagString } from './action.js';
import type { CliIO } from './io.js';
import { printOutcome } from './output.js';
import { parseCountArg, parseIdArg, parseIntegerArg } from './parse.js';
import { requireValue } from './prompts.js';
import { shortIdsFor } from './render/ids.js';

export function registerInventoryCommands(program: Command, io: CliIO): void {
  const inventory = examples(program.command('inventory').description('stock per sellable unit: restock, reserve, list'),
    ['shopctl inventory restock TEE-1 50', 'shopctl inventory list --low 5']);

  examples(
    inventory.command('restock').description('add received stock to a product or variant')
      .argument('<product-or-sku>', 'product id, product SKU or variant SKU')
      .argument('<quantity>', 'units received (1–1000000)'),
    ['shopctl inventory restock TEE-1 50', 'shopctl inventory restock TEE-1-M-RED 12'],
  ).action(action(io, (ctx, [ref, quantity]) => {
    const outcome = restockInventory(ctx.shop(), ref, parseIntegerArg(quantity, '<quantity>'));
    const restocked = outcome.events.find((e) => e.type === 'InventoryRestocked');
    const total = restocked ? (restocked.data as { newTotalQuantity: number }).newTotalQuantity : undefined;
    printOutcome(ctx, outcome, `restocked ${ref} by ${quantity}${total === undefined ? '' : ` (on hand ${total})`}`, 'shopctl inventory list');
  }));

  examples(
    inventory.command('reserve').description('hold stock for an open order')
      .argument('<product-or-sku>', 'product id, product SKU or variant SKU')
      .argument('<quantity>', 'units to hold')
      .option('--order <order-id>', 'the order the stock is held for'),
    ['shopctl inventory reserve TEE-1 2 --order 1001'],
  ).action(action(io, async (ctx, [ref, quantity], flags) => {
    const orderRef = await requireValue(ctx, flagString(flags, 'order'), { flag: '--order', message: 'Order (number or id)' });
    const outcome = reserveInventory(ctx.shop(), ref, parseIntegerArg(quantity, '<quantity>'), orderRef);
    printOutcome(ctx, outcome, `reserved ${quantity} of ${ref} for order ${orderRef}`, `shopctl order show ${orderRef}`);
  }));

  examples(
    inventory.command('list').description('stock of every sellable unit')
      .option('--low <n>', 'only items with at most n available'),
    ['shopctl inventory list', 'shopctl inventory list --low 5 --json'],
  ).action(action(io, async (ctx, _args, flags) => {
    const lowText = flagString(flags, 'low');
    const low = lowText === undefined ? undefined : parseCountArg(lowText, '--low', 0);
    const items = listInventory(ctx.shop(), { low });
    if (ctx.json) return ctx.printJson(items);
    if (items.length === 0) return ctx.out(low === undefined ? 'No inventory yet.' : `Nothing at or below ${low} available.`);
    const short = shortIdsFor(items.map((i) => i.inventoryId));
    ctx.out(ctx.table(['SKU', 'Product', 'On hand', 'Reserved', 'Available', 'Inventory id'], items.map((i) => [
      i.sku, i.name, i.onHand, i.reserved, i.available === 0 ? ctx.color.red('0') : i.available, short(i.inventoryId),
    ])));
  }));
}
