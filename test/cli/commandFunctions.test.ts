// Each verb is a named function taking one typed options object: callable in-process with a
// context over a fake IO, no commander and no process in between.
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { UsageError } from '../../src/app/errors.js';
import { categoryCreate } from '../../src/commands/category.js';
import { CliContext } from '../../src/commands/context.js';
import { inventoryList, inventoryRestock } from '../../src/commands/inventory.js';
import type { CliIO } from '../../src/commands/io.js';
import { productActivate, productAddVariant, productCreate, productDeactivate, productUpdate } from '../../src/commands/product.js';
import { commandGroupOf, loadCommandGroups } from '../../src/commands/registry.js';
import { tempDb } from '../helpers/cli.js';

function fakeIO(): { io: CliIO; out: () => string } {
  let out = '';
  const io: CliIO = {
    stdout: { write: (text: string) => ((out += text), true) },
    stderr: { write: () => true },
    stdin: Readable.from([]),
    env: { NO_COLOR: '1', CI: '1' },
  };
  return { io, out: () => out };
}

/** Runs one verb as the action helper does: a fresh context, closed afterwards. */
async function run<O>(db: string, verb: (ctx: CliContext, options: O) => unknown, options: O): Promise<string> {
  const { io, out } = fakeIO();
  const ctx = new CliContext(io, { db, json: true, input: false });
  try {
    await verb(ctx, options);
  } finally {
    ctx.close();
  }
  return out();
}

describe('named command functions', () => {
  it('create a category and a product, restock it and list the stock, in-process', async () => {
    const { db } = tempDb();
    await run(db, categoryCreate, { name: 'Kitchen' });
    const created = JSON.parse(await run(db, productCreate, { name: 'Mug', price: '8.50', category: 'Kitchen', sku: 'MUG-1', stock: '2' }));
    expect(created.events.map((e: { type: string }) => e.type)).toEqual(['ProductCreated', 'InventoryRestocked']);
    const restocked = JSON.parse(await run(db, inventoryRestock, { productOrSku: 'MUG-1', quantity: '5' }));
    expect(restocked.events[0].data.newTotalQuantity).toBe(7);
    const items = JSON.parse(await run(db, inventoryList, { low: '10' }));
    expect(items).toEqual([expect.objectContaining({ sku: 'MUG-1', onHand: 7, available: 7 })]);
  });

  it('product activate and update (from main) are named verbs too; a variant SKU names no product for them', async () => {
    const { db } = tempDb();
    await run(db, categoryCreate, { name: 'Kitchen' });
    await run(db, categoryCreate, { name: 'Tea' });
    await run(db, productCreate, { name: 'Mug', price: '8.50', category: 'Kitchen', sku: 'MUG-1' });
    await run(db, productAddVariant, { product: 'MUG-1', sku: 'MUG-1-BLUE', color: 'blue' });
    await run(db, productDeactivate, { product: 'MUG-1' });
    await expect(run(db, productActivate, { product: 'MUG-1-BLUE' })).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
    const activated = JSON.parse(await run(db, productActivate, { product: 'MUG-1' }));
    expect(activated.events.map((e: { data: { updatedFields: string[] } }) => e.data.updatedFields)).toEqual([['active']]);
    const updated = JSON.parse(await run(db, productUpdate, { product: 'MUG-1', name: 'Tea mug', category: 'Tea' }));
    expect(updated.events[0].data.updatedFields).toEqual(['name', 'category']);
    await expect(run(db, productUpdate, { product: 'MUG-1-BLUE', name: 'Blue mug' })).rejects.toMatchObject({ code: 'PRODUCT_NOT_FOUND' });
  });

  it('leave a bad option value to the shared error handler as a usage error', async () => {
    const { db } = tempDb();
    await expect(run(db, inventoryRestock, { productOrSku: 'MUG-1', quantity: 'five' })).rejects.toBeInstanceOf(UsageError);
    await expect(run(db, categoryCreate, {})).rejects.toThrow(/missing required argument <name>/);
  });
});

describe('the registry of command groups', () => {
  it('loads only the group a command line names', async () => {
    expect(commandGroupOf(['--db', 'x.db', '--json', 'inventory', 'restock', 'MUG-1', '5'])).toBe('inventory');
    expect(await loadCommandGroups('inventory')).toHaveLength(1);
  });

  it('loads every group, in help order, for help or an unknown word', async () => {
    expect(commandGroupOf(['--help'])).toBeUndefined();
    const all = await loadCommandGroups(undefined);
    expect(all.length).toBeGreaterThan(10);
    expect(await loadCommandGroups('nonsense')).toHaveLength(all.length);
  });
});
