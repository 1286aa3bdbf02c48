// Cart commands (CMD-CART-001..003, expire, product removal): given/when/then per failure code.
import { describe, it } from 'vitest';
import { cartDecider, type AddItemToCart, type ProductSnapshot } from '../../src/domain/cart.js';
import type { CartEvent, ItemAddedToCart } from '../../src/domain/events.js';
import { given } from '../helpers/decider.js';

const CART = 'c0000000-0000-4000-8000-000000000000';
const CUSTOMER = 'd0000000-0000-4000-8000-000000000000';
const TEE = 'a0000000-0000-4000-8000-000000000001';
const MUG = 'a0000000-0000-4000-8000-000000000002';
const TEE_M = 'b0000000-0000-4000-8000-000000000001';
const TEE_L = 'b0000000-0000-4000-8000-000000000002';
const T0 = '2026-01-01T00:00:00.000Z';
const T1 = '2026-01-02T00:00:00.000Z';
const usd = (amount: number) => ({ amount, currency: 'USD' });

const mug: ProductSnapshot = { productId: MUG, name: 'Mug', active: true, price: usd(850), variantSkus: [] };
const tee: ProductSnapshot = { productId: TEE, name: 'T-shirt', active: true, price: usd(1999), variantSkus: ['TEE-M', 'TEE-L'] };
const add = (data: Partial<AddItemToCart['data']> = {}): AddItemToCart => ({
  type: 'AddItemToCart',
  data: { cartId: CART, customerId: CUSTOMER, product: mug, variant: null, quantity: 1, available: 10, now: T1, ...data },
});
const added = (productId: string, variantId: string | null, quantity: number, lineQuantity: number, unit: number, at = T0): ItemAddedToCart => ({
  type: 'ItemAddedToCart',
  data: { cartId: CART, customerId: CUSTOMER, productId, variantId, quantity, unitPrice: usd(unit), addedAt: at, lineQuantity },
});
const mugInCart: CartEvent[] = [added(MUG, null, 2, 2, 850)];

describe('AddItemToCart', () => {
  it('opens the cart with the first line at the current price', () => {
    given(cartDecider).when(add({ quantity: 2 })).then([added(MUG, null, 2, 2, 850, T1)]);
  });

  it('adding an existing line raises its quantity', () => {
    given(cartDecider, mugInCart).when(add({ quantity: 3 })).then([added(MUG, null, 3, 5, 850, T1)]);
  });

  it('a variant line is priced at product price + modifier', () => {
    given(cartDecider).when(add({ product: tee, variant: { variantId: TEE_M, sku: 'TEE-M', priceModifier: usd(-200) } }))
      .then([added(TEE, TEE_M, 1, 1, 1799, T1)]);
  });

  it('VARIANT_REQUIRED for a product with variants and no variant', () => {
    given(cartDecider).when(add({ product: tee })).thenError('VARIANT_REQUIRED');
  });

  it('PRODUCT_INACTIVE for a deactivated product', () => {
    given(cartDecider).when(add({ product: { ...mug, active: false } })).thenError('PRODUCT_INACTIVE');
  });

  it('OUT_OF_STOCK when nothing is available', () => {
    given(cartDecider).when(add({ available: 0 })).thenError('OUT_OF_STOCK');
  });

  it('QUANTITY_EXCEEDS_STOCK when the line would hold more than is available', () => {
    given(cartDecider).when(add({ quantity: 4, available: 3 })).thenError('QUANTITY_EXCEEDS_STOCK');
    given(cartDecider, mugInCart).when(add({ quantity: 2, available: 3 })).thenError('QUANTITY_EXCEEDS_STOCK');
  });

  it('INVALID_QUANTITY outside 1–999, also for the resulting line', () => {
    given(cartDecider).when(add({ quantity: 0 })).thenError('INVALID_QUANTITY');
    given(cartDecider).when(add({ quantity: 1000, available: 5000 })).thenError('INVALID_QUANTITY');
    given(cartDecider, [added(MUG, null, 999, 999, 850)]).when(add({ quantity: 1, available: 5000 })).thenError('INVALID_QUANTITY');
  });
});

describe('UpdateCartQuantity', () => {
  const update = (newQuantity: number, available = 10, variantId?: string | null) => ({
    type: 'UpdateCartQuantity' as const,
    data: { cartId: CART, productId: MUG, variantId, newQuantity, available, now: T1 },
  });

  it('records previous and new quantity', () => {
    given(cartDecider, mugInCart).when(update(5)).then([{
      type: 'CartQuantityUpdated',
      data: { cartId: CART, productId: MUG, previousQuantity: 2, newQuantity: 5, updatedAt: T1, variantId: null },
    }]);
  });

  it('ITEM_NOT_IN_CART for a line the cart does not hold', () => {
    given(cartDecider).when(update(1)).thenError('ITEM_NOT_IN_CART');
  });

  it('QUANTITY_EXCEEDS_STOCK when raising beyond what is available', () => {
    given(cartDecider, mugInCart).when(update(4, 3)).thenError('QUANTITY_EXCEEDS_STOCK');
  });

  it('lowering a quantity needs no stock', () => {
    // Nothing available at all, yet 2 → 1 is recorded (only a raise is checked against stock).
    given(cartDecider, mugInCart).when(update(1, 0)).then([{
      type: 'CartQuantityUpdated',
      data: { cartId: CART, productId: MUG, previousQuantity: 2, newQuantity: 1, updatedAt: T1, variantId: null },
    }]);
  });

  it('VARIANT_REQUIRED when several variants of the product are in the cart and none is named', () => {
    given(cartDecider, [added(TEE, TEE_M, 1, 1, 1999), added(TEE, TEE_L, 1, 1, 1999)])
      .when({ type: 'UpdateCartQuantity', data: { cartId: CART, productId: TEE, newQuantity: 2, available: 9, now: T1 } })
      .thenError('VARIANT_REQUIRED');
  });

  it('INVALID_QUANTITY for 0', () => {
    given(cartDecider, mugInCart).when(update(0)).thenError('INVALID_QUANTITY');
  });
});

describe('RemoveItemFromCart', () => {
  it('removes the line', () => {
    given(cartDecider, mugInCart).when({ type: 'RemoveItemFromCart', data: { cartId: CART, productId: MUG, variantId: null, now: T1 } })
      .then([{ type: 'ItemRemovedFromCart', data: { cartId: CART, productId: MUG, variantId: null, removedAt: T1, reason: 'removed' } }]);
  });

  it('ITEM_NOT_IN_CART for a line the cart does not hold', () => {
    given(cartDecider, mugInCart).when({ type: 'RemoveItemFromCart', data: { cartId: CART, productId: TEE, variantId: TEE_M, now: T1 } })
      .thenError('ITEM_NOT_IN_CART');
  });
});

describe('clearing', () => {
  it('CART_EMPTY when an order would clear an empty cart', () => {
    given(cartDecider).when({ type: 'ClearCart', data: { cartId: CART, reason: 'order placed', orderId: TEE, now: T1 } }).thenError('CART_EMPTY');
  });

  it('expires a cart idle since the cut-off, and leaves a recently touched one', () => {
    given(cartDecider, mugInCart).when({ type: 'ExpireCart', data: { cartId: CART, idleSince: T0, now: T1 } }).then([{
      type: 'CartCleared', data: { cartId: CART, customerId: CUSTOMER, clearedAt: T1, reason: 'cart expired', orderId: null },
    }]);
    given(cartDecider, mugInCart).when({ type: 'ExpireCart', data: { cartId: CART, idleSince: '2025-12-31T00:00:00.000Z', now: T1 } }).then([]);
  });

  it('a deactivated product leaves the cart, every variant line of it', () => {
    given(cartDecider, [added(TEE, TEE_M, 1, 1, 1999), ...mugInCart, added(TEE, TEE_L, 1, 1, 1999)])
      .when({ type: 'RemoveProductFromCart', data: { cartId: CART, productId: TEE, now: T1 } })
      .then([TEE_M, TEE_L].map((variantId) => ({
        type: 'ItemRemovedFromCart' as const,
        data: { cartId: CART, productId: TEE, variantId, removedAt: T1, reason: 'product deactivated' },
      })));
  });
});
