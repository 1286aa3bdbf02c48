// cart add|update|remove|show|expire and product deactivation through the built CLI.
import { describe, expect, it } from 'vitest';
import { expectRejected, orderShop, orderShopWith, readEvents, register, runIn, runJson, tempDb } from '../helpers/shop.js';

describe('cart add, update, remove, show', () => {
  it('adds lines with and without a variant, raises an existing line, and shows recalculated totals', async () => {
    const shop = await orderShopWith([['ada@example.com']]);
    const { db } = shop;
    const [customerId] = shop.customers;
    const first = await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
    expect(first.events.map((e: { type: string }) => e.type)).toEqual(['ItemAddedToCart']);
    expect(first.events[0].data).toMatchObject({ customerId, productId: shop.mug, variantId: null, quantity: 2, lineQuantity: 2, unitPrice: { amount: 850, currency: 'USD' } });
    expect(first.totalAmount).toEqual({ amount: 1700, currency: 'USD' });
    const variant = await runJson(db, ['cart', 'add', customerId, '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    expect(variant.events[0].data).toMatchObject({ productId: shop.tee, variantId: shop.teeM, unitPrice: { amount: 2199 } });
    expect(variant.id).toBe(first.id);
    expect(variant.totalAmount.amount).toBe(1700 + 2199);
    const raised = await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    expect(raised.events[0].data).toMatchObject({ quantity: 1, lineQuantity: 3 });
    expect(raised.totalAmount.amount).toBe(3 * 850 + 2199);

    const human = await runIn(db, ['cart', 'update', 'ada@example.com', '--product', 'MUG-1', '--quantity', '1']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/CartQuantityUpdated/);
    expect(human.stdout).toMatch(/Total: 30\.49 USD/);
    const removed = await runJson(db, ['cart', 'remove', first.id, '--product', 'TEE-1-M']);
    expect(removed.events[0]).toMatchObject({ type: 'ItemRemovedFromCart', data: { productId: shop.tee, variantId: shop.teeM, reason: 'removed' } });
    expect(removed.totalAmount.amount).toBe(850);
    const shown = await runJson(db, ['cart', 'show', 'ADA@example.com']);
    expect(shown).toMatchObject({ id: first.id, customerId, itemCount: 1, totalAmount: { amount: 850, currency: 'USD' } });
    expect(shown.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: 1, unitPrice: { amount: 850, currency: 'USD' } })]);
    expect((await runJson(db, ['cart', 'show', first.id])).id).toBe(first.id);
  });

  it('VARIANT_REQUIRED for a product with variants and no --variant; nothing is written', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    const before = (await readEvents(db)).length;
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1'], 3, 'VARIANT_REQUIRED');
    expect(await readEvents(db)).toHaveLength(before);
  });

  it('VARIANT_NOT_FOUND (exit 4) for an unknown variant SKU, PRODUCT_NOT_FOUND and CUSTOMER_NOT_FOUND too', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-XXL'], 4, 'VARIANT_NOT_FOUND');
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--variant', 'TEE-1-M'], 4, 'VARIANT_NOT_FOUND');
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'NOPE'], 4, 'PRODUCT_NOT_FOUND');
    await expectRejected(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1'], 4, 'CUSTOMER_NOT_FOUND');
  });

  it('OUT_OF_STOCK when nothing is available, QUANTITY_EXCEEDS_STOCK when the line would exceed it', async () => {
    const { db } = await orderShopWith([['ada@example.com']], 0);
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], 3, 'OUT_OF_STOCK');
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '6'], 3, 'QUANTITY_EXCEEDS_STOCK');
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '4']);
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1-M', '--quantity', '2'], 3, 'QUANTITY_EXCEEDS_STOCK');
    await expectRejected(db, ['cart', 'update', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '6'], 3, 'QUANTITY_EXCEEDS_STOCK');
  });

  it('INVALID_QUANTITY (exit 3) out of 1–999; a non-integer is a usage error (exit 2)', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '0'], 3, 'INVALID_QUANTITY');
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '1000'], 3, 'INVALID_QUANTITY');
    const result = await runIn(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2.5']);
    expect(result.code).toBe(2);
  });

  it('ITEM_NOT_IN_CART for update and remove of a line the cart does not hold', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    await expectRejected(db, ['cart', 'remove', 'ada@example.com', '--product', 'MUG-1'], 3, 'ITEM_NOT_IN_CART');
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    await expectRejected(db, ['cart', 'update', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-L', '--quantity', '2'], 3, 'ITEM_NOT_IN_CART');
    await expectRejected(db, ['cart', 'update', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2'], 3, 'ITEM_NOT_IN_CART');
  });

  it('PRODUCT_INACTIVE when adding a deactivated product', async () => {
    const { db } = await orderShopWith([['ada@example.com']]);
    await runJson(db, ['product', 'deactivate', 'MUG-1']);
    await expectRejected(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], 3, 'PRODUCT_INACTIVE');
  });
});

describe('product deactivation empties it from every cart', () => {
  it('writes ItemRemovedFromCart for every cart line of the product, in the deactivation\'s transaction', async () => {
    const shop = await orderShopWith([['ada@example.com'], ['bob@example.com', 'Bob']]);
    const { db } = shop;
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-L']);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    await runJson(db, ['cart', 'add', 'bob@example.com', '--product', 'TEE-1-L', '--quantity', '2']);
    const result = await runJson(db, ['product', 'deactivate', 'TEE-1']);
    expect(result.events.map((e: { type: string }) => e.type)).toEqual(['ProductDeactivated', 'ItemRemovedFromCart', 'ItemRemovedFromCart', 'ItemRemovedFromCart']);
    const removals = (await readEvents(db)).filter((e) => e.type === 'ItemRemovedFromCart');
    expect(removals).toHaveLength(3);
    for (const e of removals) {
      expect(e.data).toMatchObject({ productId: shop.tee, reason: 'product deactivated' });
      expect(e.metadata.command).toBe('DeactivateProduct');
    }
    expect((await runJson(db, ['cart', 'show', 'ada@example.com'])).lines.map((l: { sku: string }) => l.sku)).toEqual(['MUG-1']);
    expect((await runJson(db, ['cart', 'show', 'bob@example.com'])).lines).toEqual([]);
  });
});

describe('cart expire', () => {
  it('clears carts untouched for n days (CartCleared "cart expired") and the cart is reused afterwards', async () => {
    const { db } = tempDb();
    await orderShop(db);
    const at = (day: string) => ({ env: { SHOPCTL_NOW: `2026-03-${day}T12:00:00Z` } });
    await register(db, 'ada@example.com', 'Ada', at('01'));
    await register(db, 'bob@example.com', 'Bob', at('01'));
    const ada = await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], at('01'));
    await runJson(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1'], at('08'));
    const result = await runJson(db, ['cart', 'expire', '--idle-days', '5'], at('10'));
    expect(result.cleared).toEqual([ada.id]);
    expect(result.events).toEqual([expect.objectContaining({ type: 'CartCleared', streamId: `cart-${ada.id}` })]);
    expect(result.events[0].data).toMatchObject({ reason: 'cart expired', orderId: null });
    expect((await runJson(db, ['cart', 'show', 'ada@example.com'])).lines).toEqual([]);
    expect((await runJson(db, ['cart', 'show', 'bob@example.com'])).lines).toHaveLength(1);
    expect((await runJson(db, ['cart', 'expire', '--idle-days', '5'], at('10'))).events).toEqual([]);
    const again = await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], at('11'));
    expect(again.id).toBe(ada.id);
    expect(again.lines).toHaveLength(1);
    expect((await runIn(db, ['cart', 'expire', '--idle-days', '0'])).code).toBe(2);
    expect((await runIn(db, ['cart', 'expire'])).code).toBe(2);
    // A cutoff before any date there is was an internal error ("Invalid time value").
    const huge = await runIn(db, ['--json', 'cart', 'expire', '--idle-days', '99999999999']);
    expect(huge.code).toBe(2);
    expect(JSON.parse(huge.stderr).error.code).toBe('INVALID_ARGUMENT');
  });
});
