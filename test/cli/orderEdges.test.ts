// Edge cases where stock could be stranded: holds outside an order's lines, cart lines that
// predate a product's variants.
import { describe, expect, it } from 'vitest';
import { ADDRESS, expectRejected, inventoryOf, orderShop, orderShopWith, runJson, tempDb } from '../helpers/shop.js';

describe('inventory reserve for an order', () => {
  it('adds to a line of the order, and ship deducts all of it', async () => {
    const { db } = await orderShopWith([['ada@example.com']], 10);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
    const order = (await runJson(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS])).id;
    const reserved = await runJson(db, ['inventory', 'reserve', 'MUG-1', '3', '--order', order]);
    expect(reserved.events.map((e: { type: string }) => e.type)).toEqual(['InventoryReserved']);
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 10, reserved: 5, available: 5 });
    await runJson(db, ['order', 'confirm', order]);
    await runJson(db, ['order', 'ship', order, '--tracking', '1Z1', '--carrier', 'UPS']);
    expect(await inventoryOf(db, 'MUG-1')).toEqual({ onHand: 5, reserved: 0, available: 5 });
  });

  it('refuses an item that is not on the order (ITEM_NOT_IN_ORDER), writing nothing', async () => {
    const { db } = await orderShopWith([['ada@example.com']], 10);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    const order = (await runJson(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS])).id;
    const before = await inventoryOf(db, 'TEE-1-M');
    await expectRejected(db, ['inventory', 'reserve', 'TEE-1-M', '1', '--order', order], 3, 'ITEM_NOT_IN_ORDER');
    expect(await inventoryOf(db, 'TEE-1-M')).toEqual(before);
  });
});

describe('a cart line from before the product had variants', () => {
  it('cannot be checked out (VARIANT_REQUIRED) and reserves nothing', async () => {
    const { db } = await orderShopWith([['ada@example.com']], 10);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    await runJson(db, ['product', 'add-variant', 'MUG-1', '--sku', 'MUG-1-BLUE', '--color', 'blue']);
    await expectRejected(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS], 3, 'VARIANT_REQUIRED');
    expect(await runJson(db, ['order', 'list'])).toEqual([]);
  });
});

describe('product commands and variant SKUs', () => {
  it('update-price, deactivate and add-variant refuse a variant SKU instead of changing its product', async () => {
    const { db } = tempDb();
    await orderShop(db, 10);
    const before = await runJson(db, ['product', 'show', 'TEE-1']);
    await expectRejected(db, ['product', 'update-price', 'TEE-1-M', '41'], 4, 'PRODUCT_NOT_FOUND');
    await expectRejected(db, ['product', 'deactivate', 'TEE-1-L'], 4, 'PRODUCT_NOT_FOUND');
    await expectRejected(db, ['product', 'add-variant', 'TEE-1-L', '--sku', 'TEE-1-XL', '--size', 'XL'], 4, 'PRODUCT_NOT_FOUND');
    expect(await runJson(db, ['product', 'show', 'TEE-1'])).toEqual(before);
  });
});
