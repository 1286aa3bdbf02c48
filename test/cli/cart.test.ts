// cart add|update|remove|show|expire and product deactivation through the built CLI.
import { describe, expect, it } from 'vitest';
import { eventsOf, shopctlJson, tempDb } from '../helpers/cli.js';
import { buildShop, expectFailure, register, run } from './orderShop.js';

describe('cart add, update, remove, show', () => {
  it('adds lines with and without a variant, raises an existing line, and shows recalculated totals', () => {
    const { db } = tempDb();
    const shop = buildShop(db);
    const customerId = register(db, 'ada@example.com');
    const first = shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2']);
    expect(first.events.map((e: { type: string }) => e.type)).toEqual(['ItemAddedToCart']);
    expect(first.events[0].data).toMatchObject({ customerId, productId: shop.mug, variantId: null, quantity: 2, lineQuantity: 2, unitPrice: { amount: 850, currency: 'USD' } });
    expect(first.totalAmount).toEqual({ amount: 1700, currency: 'USD' });
    const variant = shopctlJson(db, ['cart', 'add', customerId, '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    expect(variant.events[0].data).toMatchObject({ productId: shop.tee, variantId: shop.teeM, unitPrice: { amount: 2199 } });
    expect(variant.id).toBe(first.id);
    expect(variant.totalAmount.amount).toBe(1700 + 2199);
    const raised = shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    expect(raised.events[0].data).toMatchObject({ quantity: 1, lineQuantity: 3 });
    expect(raised.totalAmount.amount).toBe(3 * 850 + 2199);

    const human = run(db, ['cart', 'update', 'ada@example.com', '--product', 'MUG-1', '--quantity', '1']);
    expect(human.code).toBe(0);
    expect(human.stdout).toMatch(/CartQuantityUpdated/);
    expect(human.stdout).toMatch(/Total: 30\.49 USD/);
    const removed = shopctlJson(db, ['cart', 'remove', first.id, '--product', 'TEE-1-M']);
    expect(removed.events[0]).toMatchObject({ type: 'ItemRemovedFromCart', data: { productId: shop.tee, variantId: shop.teeM, reason: 'removed' } });
    expect(removed.totalAmount.amount).toBe(850);
    const shown = shopctlJson(db, ['cart', 'show', 'ADA@example.com']);
    expect(shown).toMatchObject({ id: first.id, customerId, itemCount: 1, totalAmount: { amount: 850, currency: 'USD' } });
    expect(shown.lines).toEqual([expect.objectContaining({ sku: 'MUG-1', quantity: 1, unitPrice: { amount: 850, currency: 'USD' } })]);
    expect(shopctlJson(db, ['cart', 'show', first.id]).id).toBe(first.id);
  });

  it('VARIANT_REQUIRED for a product with variants and no --variant; nothing is written', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    const before = eventsOf(db).length;
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1'], 3, 'VARIANT_REQUIRED');
    expect(eventsOf(db)).toHaveLength(before);
  });

  it('VARIANT_NOT_FOUND (exit 4) for an unknown variant SKU, PRODUCT_NOT_FOUND and CUSTOMER_NOT_FOUND too', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-XXL'], 4, 'VARIANT_NOT_FOUND');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--variant', 'TEE-1-M'], 4, 'VARIANT_NOT_FOUND');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'NOPE'], 4, 'PRODUCT_NOT_FOUND');
    expectFailure(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1'], 4, 'CUSTOMER_NOT_FOUND');
  });

  it('OUT_OF_STOCK when nothing is available, QUANTITY_EXCEEDS_STOCK when the line would exceed it', () => {
    const { db } = tempDb();
    buildShop(db, 0);
    register(db, 'ada@example.com');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], 3, 'OUT_OF_STOCK');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '6'], 3, 'QUANTITY_EXCEEDS_STOCK');
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '4']);
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1-M', '--quantity', '2'], 3, 'QUANTITY_EXCEEDS_STOCK');
    expectFailure(db, ['cart', 'update', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M', '--quantity', '6'], 3, 'QUANTITY_EXCEEDS_STOCK');
  });

  it('INVALID_QUANTITY (exit 3) out of 1–999; a non-integer is a usage error (exit 2)', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '0'], 3, 'INVALID_QUANTITY');
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '1000'], 3, 'INVALID_QUANTITY');
    const result = run(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2.5']);
    expect(result.code).toBe(2);
  });

  it('ITEM_NOT_IN_CART for update and remove of a line the cart does not hold', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    expectFailure(db, ['cart', 'remove', 'ada@example.com', '--product', 'MUG-1'], 3, 'ITEM_NOT_IN_CART');
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    expectFailure(db, ['cart', 'update', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-L', '--quantity', '2'], 3, 'ITEM_NOT_IN_CART');
    expectFailure(db, ['cart', 'update', 'ada@example.com', '--product', 'MUG-1', '--quantity', '2'], 3, 'ITEM_NOT_IN_CART');
  });

  it('PRODUCT_INACTIVE when adding a deactivated product', () => {
    const { db } = tempDb();
    buildShop(db);
    register(db, 'ada@example.com');
    shopctlJson(db, ['product', 'deactivate', 'MUG-1']);
    expectFailure(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], 3, 'PRODUCT_INACTIVE');
  });
});

describe('product deactivation empties it from every cart', () => {
  it('writes ItemRemovedFromCart for every cart line of the product, in the deactivation\'s transaction', () => {
    const { db } = tempDb();
    const shop = buildShop(db);
    register(db, 'ada@example.com');
    register(db, 'bob@example.com', 'Bob');
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-M']);
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'TEE-1', '--variant', 'TEE-1-L']);
    shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    shopctlJson(db, ['cart', 'add', 'bob@example.com', '--product', 'TEE-1-L', '--quantity', '2']);
    const result = shopctlJson(db, ['product', 'deactivate', 'TEE-1']);
    expect(result.events.map((e: { type: string }) => e.type)).toEqual(['ProductDeactivated', 'ItemRemovedFromCart', 'ItemRemovedFromCart', 'ItemRemovedFromCart']);
    const removals = eventsOf(db).filter((e) => e.type === 'ItemRemovedFromCart');
    expect(removals).toHaveLength(3);
    for (const e of removals) {
      expect(e.data).toMatchObject({ productId: shop.tee, reason: 'product deactivated' });
      expect(e.metadata.command).toBe('DeactivateProduct');
    }
    expect(shopctlJson(db, ['cart', 'show', 'ada@example.com']).lines.map((l: { sku: string }) => l.sku)).toEqual(['MUG-1']);
    expect(shopctlJson(db, ['cart', 'show', 'bob@example.com']).lines).toEqual([]);
  });
});

describe('cart expire', () => {
  it('clears carts untouched for n days (CartCleared "cart expired") and the cart is reused afterwards', () => {
    const { db } = tempDb();
    buildShop(db);
    const at = (day: string) => ({ env: { SHOPCTL_NOW: `2026-03-${day}T12:00:00Z` } });
    register(db, 'ada@example.com', 'Ada', at('01'));
    register(db, 'bob@example.com', 'Bob', at('01'));
    const ada = shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], at('01'));
    shopctlJson(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1'], at('08'));
    const result = shopctlJson(db, ['cart', 'expire', '--idle-days', '5'], at('10'));
    expect(result.cleared).toEqual([ada.id]);
    expect(result.events).toEqual([expect.objectContaining({ type: 'CartCleared', streamId: `cart-${ada.id}` })]);
    expect(result.events[0].data).toMatchObject({ reason: 'cart expired', orderId: null });
    expect(shopctlJson(db, ['cart', 'show', 'ada@example.com']).lines).toEqual([]);
    expect(shopctlJson(db, ['cart', 'show', 'bob@example.com']).lines).toHaveLength(1);
    expect(shopctlJson(db, ['cart', 'expire', '--idle-days', '5'], at('10')).events).toEqual([]);
    const again = shopctlJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'], at('11'));
    expect(again.id).toBe(ada.id);
    expect(again.lines).toHaveLength(1);
    expect(run(db, ['cart', 'expire', '--idle-days', '0']).code).toBe(2);
    expect(run(db, ['cart', 'expire']).code).toBe(2);
  });
});
