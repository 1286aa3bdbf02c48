// Categories, products, variants and inventory through the built CLI.
import { describe, expect, it } from 'vitest';
import { catalogueShop, expectRejected, readEvents, run, runIn, runJson, tempDb } from '../helpers/shop.js';

describe('category create|list', () => {
  it('creates a tree and lists it in tree order, as a table for people and JSON for programs', async () => {
    const { db } = tempDb();
    const apparel = await runJson(db, ['category', 'create', 'Apparel']);
    expect(apparel.events).toEqual([
      { position: 1, type: 'CategoryCreated', streamId: `category-${apparel.id}`, data: expect.objectContaining({ name: 'Apparel', parentId: null }) },
    ]);
    await runJson(db, ['category', 'create', 'Shirts', '--parent', 'apparel']);
    await runJson(db, ['category', 'create', 'Books']);
    const tree = await runJson(db, ['category', 'list']);
    expect(tree.map((c: { path: string; depth: number }) => [c.path, c.depth])).toEqual([
      ['Apparel', 1], ['Apparel > Shirts', 2], ['Books', 1],
    ]);
    const human = await run(['--db', db, 'category', 'list']);
    expect(human.code).toBe(0);
    // Piped: plain text, one row a line, no box drawing.
    expect(human.stdout).not.toMatch(/[┌│─]/);
    expect(human.stdout.split('\n')[0]).toMatch(/^Category\s+Id$/);
    expect(human.stdout).toMatch(/└ Shirts/);
  });

  it('refuses a duplicate name in another letter case (exit 3, DUPLICATE_CATEGORY_NAME)', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    await expectRejected(db, ['category', 'create', 'aPPAREL'], 3, 'DUPLICATE_CATEGORY_NAME');
  });

  it('refuses depth 4 (exit 3, CATEGORY_DEPTH_EXCEEDED) and accepts depth 3', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'A']);
    await runJson(db, ['category', 'create', 'B', '--parent', 'A']);
    const c = await runJson(db, ['category', 'create', 'C', '--parent', 'B']);
    expect(c.events).toHaveLength(1);
    await expectRejected(db, ['category', 'create', 'D', '--parent', 'C'], 3, 'CATEGORY_DEPTH_EXCEEDED');
  });

  it('an unknown parent is exit 4 PARENT_NOT_FOUND; a blank name exit 3 INVALID_NAME', async () => {
    const { db } = tempDb();
    await expectRejected(db, ['category', 'create', 'Shirts', '--parent', 'Nowhere'], 4, 'PARENT_NOT_FOUND');
    await expectRejected(db, ['category', 'create', '   '], 3, 'INVALID_NAME');
  });

  it('re-running with the same --id is "unchanged" (exit 0, no event); other attributes are exit 5', async () => {
    const { db } = tempDb();
    const id = '0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f';
    await runJson(db, ['category', 'create', 'Apparel', '--id', id]);
    const again = await run(['--db', db, 'category', 'create', 'Apparel', '--id', id]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged/);
    expect(await runJson(db, ['category', 'create', 'Apparel', '--id', id])).toMatchObject({ id, unchanged: true, events: [] });
    expect(await readEvents(db)).toHaveLength(1);
    await expectRejected(db, ['category', 'create', 'Shoes', '--id', id], 5, 'ID_CONFLICT');
  });
});

describe('product create', () => {
  it('records ProductCreated and, with --stock, InventoryRestocked, in one command', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const out = await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'apparel', '--sku', 'MUG-1', '--stock', '3']);
    expect(out.events.map((e: { type: string }) => e.type)).toEqual(['ProductCreated', 'InventoryRestocked']);
    expect(out.events[0].data).toMatchObject({ productId: out.id, name: 'Mug', price: { amount: 850, currency: 'USD' }, sku: 'MUG-1' });
    expect(out.events[1].data).toMatchObject({ productId: out.id, variantId: null, addedQuantity: 3, newTotalQuantity: 3 });
    const human = await run(['--db', db, 'product', 'create', '--name', 'Cup', '--price', '5', '--category', 'Apparel']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/Next: shopctl inventory restock/);
  });

  it('an unknown category is exit 4 CATEGORY_NOT_FOUND', async () => {
    const { db } = tempDb();
    await expectRejected(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Nope'], 4, 'CATEGORY_NOT_FOUND');
  });

  it('--price 0 breaks a rule (exit 3); --price abc, 1.999 and --stock 2.5 cannot be parsed (exit 2)', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const base = ['product', 'create', '--name', 'Mug', '--category', 'Apparel'];
    await expectRejected(db, [...base, '--price', '0'], 3, 'INVALID_PRICE');
    await expectRejected(db, [...base, '--price', '1000000.01'], 3, 'INVALID_PRICE');
    await expectRejected(db, [...base, '--price', 'abc'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, [...base, '--price', '1.999'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, [...base, '--price', '1', '--stock', '2.5'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, [...base, '--price', '1', '--stock', '-1'], 3, 'INVALID_QUANTITY');
    await expectRejected(db, [...base, '--price', '1', '--stock', '1000001'], 3, 'INVALID_QUANTITY');
    await expectRejected(db, ['product', 'create', '--name', 'M', '--price', '1', '--category', 'Apparel'], 3, 'INVALID_NAME');
  });

  it('a SKU is unique in any letter case across products and variants (DUPLICATE_SKU, exit 3)', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await expectRejected(db, ['product', 'create', '--name', 'Other', '--price', '1', '--category', 'Apparel', '--sku', 'tee-1'], 3, 'DUPLICATE_SKU');
    await expectRejected(db, ['product', 'create', '--name', 'Other', '--price', '1', '--category', 'Apparel', '--sku', 'TEE-1-m'], 3, 'DUPLICATE_SKU');
    await expectRejected(db, ['product', 'add-variant', 'MUG-1', '--sku', 'mug-1', '--size', 'L'], 3, 'DUPLICATE_SKU');
  });

  it('re-running with the same --id is "unchanged" (exit 0, no event); other attributes or stock are exit 5', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const id = '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a';
    const args = ['product', 'create', '--id', id, '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--stock', '3'];
    await runJson(db, args);
    const count = (await readEvents(db)).length;
    const again = await run(['--db', db, ...args]);
    expect(again.code).toBe(0);
    expect(again.stdout).toMatch(/unchanged/);
    expect(await readEvents(db)).toHaveLength(count);
    // A later price change does not turn a retry of the create into a conflict.
    await runJson(db, ['product', 'update-price', id, '9.00']);
    expect(await runJson(db, args)).toMatchObject({ id, unchanged: true, events: [] });
    await expectRejected(db, [...args.slice(0, -2), '--stock', '4'], 5, 'ID_CONFLICT');
    await expectRejected(db, args.map((a) => (a === '8.50' ? '8.60' : a)), 5, 'ID_CONFLICT');
  });
});

describe('product add-variant, update-price, deactivate', () => {
  it('adds variants with their own inventory; re-run with the same --id is unchanged, other attributes exit 5', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    const id = '9d2f4a1b-5c6e-4f70-8a91-b2c3d4e5f607';
    const args = ['product', 'add-variant', 'TEE-1', '--id', id, '--sku', 'TEE-1-S', '--size', 'S'];
    const out = await runJson(db, args);
    expect(out.id).toBe(id);
    expect(out.events[0]).toMatchObject({ type: 'ProductUpdated', data: { updatedFields: ['variants'], variant: { variantId: id, sku: 'TEE-1-S', size: 'S', color: null } } });
    const count = (await readEvents(db)).length;
    expect((await run(['--db', db, ...args])).stdout).toMatch(/unchanged/);
    expect(await readEvents(db)).toHaveLength(count);
    await expectRejected(db, ['product', 'add-variant', 'TEE-1', '--id', id, '--sku', 'TEE-1-S', '--size', 'XS'], 5, 'ID_CONFLICT');
    await expectRejected(db, ['product', 'add-variant', 'MUG-1', '--id', id, '--sku', 'MUG-1-S', '--size', 'S'], 5, 'ID_CONFLICT');
  });

  it('refuses a variant without size or colour, and one whose price would fall below 0.01', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await expectRejected(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-X'], 3, 'NO_VARIANT_ATTRIBUTE');
    await expectRejected(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-X', '--size', 'XL', '--price-modifier', '-19.99'], 3, 'INVALID_PRICE');
    const ok = await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-X', '--size', 'XL', '--price-modifier', '-19.98']);
    expect(ok.events).toHaveLength(1);
    await expectRejected(db, ['product', 'add-variant', 'NOPE', '--sku', 'N-1', '--size', 'M'], 4, 'PRODUCT_NOT_FOUND');
  });

  it('update-price records price and previousPrice; the same price is unchanged; a variant may not drop below 0.01', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    const out = await runJson(db, ['product', 'update-price', 'TEE-1', '24.99']);
    expect(out.events[0].data).toMatchObject({ updatedFields: ['price'], price: { amount: 2499 }, previousPrice: { amount: 1999 } });
    expect(await runJson(db, ['product', 'update-price', 'TEE-1', '24.99'])).toMatchObject({ unchanged: true, events: [] });
    await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-C', '--color', 'blue', '--price-modifier', '-20.00']);
    await expectRejected(db, ['product', 'update-price', 'TEE-1', '20.00'], 3, 'INVALID_PRICE');
    await expectRejected(db, ['product', 'update-price', 'TEE-1', '0'], 3, 'INVALID_PRICE');
    await expectRejected(db, ['product', 'update-price', 'TEE-1', 'free'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['product', 'update-price', 'NOPE', '1.00'], 4, 'PRODUCT_NOT_FOUND');
  });

  it('deactivate records ProductDeactivated once; twice is exit 3 PRODUCT_ALREADY_INACTIVE', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    const out = await runJson(db, ['product', 'deactivate', 'MUG-1']);
    expect(out.events).toEqual([expect.objectContaining({ type: 'ProductDeactivated', data: expect.objectContaining({ productId: shop.mugId }) })]);
    await expectRejected(db, ['product', 'deactivate', shop.mugId], 3, 'PRODUCT_ALREADY_INACTIVE');
    expect((await runJson(db, ['product', 'list'])).map((p: { sku: string }) => p.sku)).toEqual(['TEE-1']);
    expect((await runJson(db, ['product', 'list', '--all'])).map((p: { sku: string; active: boolean }) => [p.sku, p.active]))
      .toEqual([['MUG-1', false], ['TEE-1', true]]);
  });
});

describe('product show|list', () => {
  it('show --json has id, sku, name, price, active and variants (id, sku, size, color, priceModifier)', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    const product = await runJson(db, ['product', 'show', 'TEE-1-L']);
    expect(product).toMatchObject({
      id: shop.teeId, sku: 'TEE-1', name: 'T-shirt', price: { amount: 1999, currency: 'USD' }, active: true,
      categoryId: shop.shirtsId, categoryPath: 'Apparel > Shirts',
    });
    expect(product.variants).toEqual([
      expect.objectContaining({ id: shop.variantM, sku: 'TEE-1-M', size: 'M', color: null, priceModifier: { amount: 0, currency: 'USD' } }),
      expect.objectContaining({
        id: shop.variantL, sku: 'TEE-1-L', size: 'L', color: 'red', priceModifier: { amount: 200, currency: 'USD' },
        price: { amount: 2199, currency: 'USD' },
      }),
    ]);
    expect(await runJson(db, ['product', 'show', shop.teeId])).toEqual(product);
    await expectRejected(db, ['product', 'show', 'NOPE'], 4, 'PRODUCT_NOT_FOUND');
    const human = await run(['--db', db, 'product', 'show', 'TEE-1']);
    expect(human.stdout).toMatch(/TEE-1-L/);
  });

  it('list --json is an array of the same shape as show, filtered by --category', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await runJson(db, ['inventory', 'restock', 'TEE-1-M', '4']);
    const list = await runJson(db, ['product', 'list']);
    expect(list.map((p: { sku: string }) => p.sku)).toEqual(['MUG-1', 'TEE-1']);
    expect(list[1]).toEqual(await runJson(db, ['product', 'show', 'TEE-1']));
    expect(list[1]).toMatchObject({ onHand: 4, available: 4 });
    expect(list[0]).toMatchObject({ onHand: 3, reserved: 0, available: 3, variants: [] });
    expect((await runJson(db, ['product', 'list', '--category', 'Shirts'])).map((p: { sku: string }) => p.sku)).toEqual(['TEE-1']);
    await expectRejected(db, ['product', 'list', '--category', 'Nope'], 4, 'CATEGORY_NOT_FOUND');
    const human = await run(['--db', db, 'product', 'list']);
    expect(human.stdout).toMatch(/MUG-1/);
    // One row a line, numbers right-aligned under their header, no box drawing.
    expect(human.stdout).not.toMatch(/[┌│─]/);
    const [header, ...rows] = human.stdout.trimEnd().split('\n');
    expect(rows).toHaveLength(2);
    const priceEnd = header.indexOf('Price') + 'Price'.length;
    for (const row of rows) expect(row.slice(0, priceEnd)).toMatch(/\d\.\d\d$/);
  });
});

describe('inventory restock|reserve|list', () => {
  it('restock by variant SKU or product SKU records newTotalQuantity', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    const out = await runJson(db, ['inventory', 'restock', 'tee-1-m', '5']);
    expect(out.events).toEqual([expect.objectContaining({
      type: 'InventoryRestocked',
      data: expect.objectContaining({ productId: shop.teeId, variantId: shop.variantM, addedQuantity: 5, newTotalQuantity: 5 }),
    })]);
    expect((await runJson(db, ['inventory', 'restock', 'MUG-1', '2'])).events[0].data.newTotalQuantity).toBe(5);
  });

  it('a product with variants is restocked by variant SKU only (VARIANT_REQUIRED, exit 3)', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    const { error } = await expectRejected(db, ['inventory', 'restock', 'TEE-1', '5'], 3, 'VARIANT_REQUIRED');
    expect(error.details.variants).toEqual(['TEE-1-M', 'TEE-1-L']);
    await expectRejected(db, ['inventory', 'restock', shop.teeId, '5'], 3, 'VARIANT_REQUIRED');
  });

  it('restock quantity: 0 and 1000001 are exit 3, 2.5 is exit 2, an unknown SKU exit 4', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await expectRejected(db, ['inventory', 'restock', 'MUG-1', '0'], 3, 'INVALID_QUANTITY');
    await expectRejected(db, ['inventory', 'restock', 'MUG-1', '1000001'], 3, 'INVALID_QUANTITY');
    await expectRejected(db, ['inventory', 'restock', 'MUG-1', '2.5'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['inventory', 'restock', 'NOPE', '1'], 4, 'PRODUCT_NOT_FOUND');
  });

  it('reserve needs an existing order: unknown order (id, number or anything else) exit 4 ORDER_NOT_FOUND', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await expectRejected(db, ['inventory', 'reserve', 'MUG-1', '1', '--order', '6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a'], 4, 'ORDER_NOT_FOUND');
    await expectRejected(db, ['inventory', 'reserve', 'MUG-1', '1', '--order', 'not-an-id'], 4, 'ORDER_NOT_FOUND');
    await expectRejected(db, ['inventory', 'reserve', 'MUG-1', '1'], 2, 'USAGE');
  });

  it('list --json has the SPEC shape; --low n keeps sellable units with at most n available', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    await runJson(db, ['inventory', 'restock', 'TEE-1-M', '10']);
    const all = await runJson(db, ['inventory', 'list']);
    // The T-shirt's own (empty) item is no sellable unit once it has variants.
    expect(all.map((i: { sku: string }) => i.sku)).toEqual(['MUG-1', 'TEE-1-L', 'TEE-1-M']);
    expect(all[2]).toEqual({
      inventoryId: expect.any(String), productId: shop.teeId, variantId: shop.variantM, sku: 'TEE-1-M', onHand: 10, reserved: 0, available: 10,
      name: expect.stringMatching(/^T-shirt.*\(M\)/), // added: the product's name with the variant's attributes
    });
    const low = await runJson(db, ['inventory', 'list', '--low', '3']);
    expect(low.map((i: { sku: string; available: number }) => [i.sku, i.available])).toEqual([['TEE-1-L', 0], ['MUG-1', 3]]);
    expect((await runJson(db, ['inventory', 'list', '--low', '0'])).map((i: { sku: string }) => i.sku)).toEqual(['TEE-1-L']);
    await expectRejected(db, ['inventory', 'list', '--low', '-1'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['inventory', 'list', '--low', 'few'], 2, 'INVALID_ARGUMENT');
    const human = await run(['--db', db, 'inventory', 'list', '--low', '3']);
    expect(human.stdout).toMatch(/TEE-1-L/);
    expect(human.stdout).not.toMatch(/TEE-1-M/);
  });
});

describe('init --currency', () => {
  it('sets the currency on an empty shop; changing it once events exist is exit 3 CURRENCY_MISMATCH', async () => {
    const { db } = tempDb();
    expect(await runJson(db, ['init', '--currency', 'eur'])).toMatchObject({ currency: 'EUR', changed: true });
    await runJson(db, ['category', 'create', 'Apparel']);
    const mug = await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel']);
    expect(mug.events[0].data.price).toEqual({ amount: 850, currency: 'EUR' });
    expect(await runJson(db, ['init', '--currency', 'EUR'])).toMatchObject({ currency: 'EUR', changed: false });
    await expectRejected(db, ['init', '--currency', 'USD'], 3, 'CURRENCY_MISMATCH');
    await expectRejected(db, ['init', '--currency', 'dollars'], 2, 'INVALID_ARGUMENT');
    expect((await runIn(db, ['--json', 'init'])).code).toBe(0);
  });
});
