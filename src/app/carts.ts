// Cart use cases: add, update, remove (docs/events.md, Carts), show and expire. One cart per
// customer, its id derived from the customer's, reused after it is cleared.
import { cartDecider, cartTotal, type CartCommand, type CartState } from '../domain/cart.js';
import { DomainError } from '../domain/errors.js';
import { streamIdOf } from '../domain/events.js';
import { available, inventoryDecider } from '../domain/inventory.js';
import type { Money } from '../domain/money.js';
import type { CheckoutLine } from '../domain/order.js';
import type { ProductRecord, UnitOfWork, VariantRow } from '../store/index.js';
import { resolveCustomer } from './customers.js';
import type { CommandOutcome } from './outcome.js';
import { derivedId, type ShopApp } from './shopApp.js';

export interface CartLineView {
  productId: string; variantId: string | null; sku: string | null; name: string; quantity: number;
  /** Today's price (product price + variant modifier): what `order place` would charge. */
  unitPrice: Money; lineTotal: Money; available: number; active: boolean;
}
export interface CartView {
  id: string; customerId: string; customerEmail: string; lines: CartLineView[]; itemCount: number; totalAmount: Money;
  updatedAt: string | null;
}

/** A cart by its id, or by its customer's id or email. */
export function resolveCart(app: ShopApp, ref: string): { cartId: string; customerId: string } {
  const row = app.store.carts.cart(ref.trim().toLowerCase());
  if (row) return { cartId: row.id, customerId: row.customerId };
  const customer = resolveCustomer(app, ref);
  return { cartId: derivedId.cartOfCustomer(customer.id), customerId: customer.id };
}

interface ResolvedItem { product: ProductRecord; variant: VariantRow | null; variantNamed: boolean }

/**
 * The product and variant a merchant names. `--product` takes a product id or SKU, or a variant
 * SKU (which names the variant too); `--variant` takes a variant SKU or id of that product.
 */
export function resolveItem(app: ShopApp, productRef: string, variantRef: string | undefined): ResolvedItem {
  const catalogue = app.store.catalogue;
  const product = catalogue.findProduct(productRef);
  if (!product) throw new DomainError('PRODUCT_NOT_FOUND', `no product or SKU "${productRef}"`, { product: productRef });
  const implied = catalogue.skuOwner(productRef);
  const ref = variantRef ?? (implied?.variantId ? implied.variantId : undefined);
  if (ref === undefined) return { product, variant: null, variantNamed: false };
  const variant = catalogue.variant(ref.trim().toLowerCase()) ??
    (() => { const owner = catalogue.skuOwner(ref); return owner?.variantId ? catalogue.variant(owner.variantId) : undefined; })();
  if (!variant || variant.productId !== product.id) {
    throw new DomainError('VARIANT_NOT_FOUND', `product "${product.name}" has no variant "${ref}"`, {
      product: productRef, variant: ref, variants: catalogue.variants(product.id).map((v) => v.sku),
    });
  }
  return { product, variant, variantNamed: true };
}

function availableOf(uow: UnitOfWork, inventoryId: string): number {
  return available(uow.load(streamIdOf.inventory(inventoryId), inventoryDecider).state);
}

export interface CartChange { outcome: CommandOutcome; cart: CartView }

export interface AddToCartInput { customer: string; product: string; variant?: string; quantity: number }

export function addToCart(app: ShopApp, input: AddToCartInput): CartChange {
  const { value: cartId, events } = app.execute('AddItemToCart', (uow, info) => {
    const customer = resolveCustomer(app, input.customer);
    const cartId = derivedId.cartOfCustomer(customer.id);
    const { product, variant } = resolveItem(app, input.product, input.variant);
    const variants = app.store.catalogue.variants(product.id);
    const currency = product.currency;
    uow.handle(streamIdOf.cart(cartId), cartDecider, (): CartCommand => ({
      type: 'AddItemToCart',
      data: {
        cartId, customerId: customer.id,
        product: {
          productId: product.id, name: product.name, active: product.active,
          price: { amount: product.price, currency }, variantSkus: variants.map((v) => v.sku),
        },
        variant: variant && { variantId: variant.id, sku: variant.sku, priceModifier: { amount: variant.priceModifier, currency } },
        quantity: input.quantity,
        // A product with variants is only sold by variant: its own item holds nothing.
        available: availableOf(uow, variant?.inventoryId ?? product.inventoryId),
        now: uow.now,
      },
    }), info);
    return cartId;
  });
  return { outcome: { id: cartId, events, unchanged: events.length === 0 }, cart: showCart(app, cartId) };
}

export interface UpdateCartInput { cart: string; product: string; variant?: string; quantity: number }

export function updateCartQuantity(app: ShopApp, input: UpdateCartInput): CartChange {
  const { value: cartId, events } = app.execute('UpdateCartQuantity', (uow, info) => {
    const { cartId } = resolveCart(app, input.cart);
    const { product, variant, variantNamed } = resolveItem(app, input.product, input.variant);
    uow.handle(streamIdOf.cart(cartId), cartDecider, (state): CartCommand => ({
      type: 'UpdateCartQuantity',
      data: {
        cartId, productId: product.id, variantId: variantNamed ? variant!.id : lineVariantIfUnnamed(app, product),
        newQuantity: input.quantity, available: availableOf(uow, lineInventory(app, state, product, variant)), now: uow.now,
      },
    }), info);
    return cartId;
  });
  return { outcome: { id: cartId, events, unchanged: events.length === 0 }, cart: showCart(app, cartId) };
}

/** With no variant named: a product without variants means its only line; otherwise any one line of it. */
function lineVariantIfUnnamed(app: ShopApp, product: ProductRecord): string | null | undefined {
  return app.store.catalogue.variants(product.id).length === 0 ? null : undefined;
}

/** The inventory item of the line the merchant means (best guess when the line is ambiguous). */
function lineInventory(app: ShopApp, state: CartState, product: ProductRecord, variant: VariantRow | null): string {
  if (variant) return variant.inventoryId;
  const lines = state.lines.filter((l) => l.productId === product.id && l.variantId !== null);
  if (lines.length === 1) return app.store.catalogue.variant(lines[0].variantId!)?.inventoryId ?? product.inventoryId;
  return product.inventoryId;
}

export interface RemoveFromCartInput { cart: string; product: string; variant?: string }

export function removeFromCart(app: ShopApp, input: RemoveFromCartInput): CartChange {
  const { value: cartId, events } = app.execute('RemoveItemFromCart', (uow, info) => {
    const { cartId } = resolveCart(app, input.cart);
    const { product, variant, variantNamed } = resolveItem(app, input.product, input.variant);
    uow.handle(streamIdOf.cart(cartId), cartDecider, {
      type: 'RemoveItemFromCart',
      data: { cartId, productId: product.id, variantId: variantNamed ? variant!.id : lineVariantIfUnnamed(app, product), now: uow.now },
    }, info);
    return cartId;
  });
  return { outcome: { id: cartId, events, unchanged: false }, cart: showCart(app, cartId) };
}

export interface ExpireResult { outcome: CommandOutcome; cleared: string[]; cutoff: string }

/** Clears every non-empty cart untouched for `idleDays` days (CartCleared, "cart expired"). */
export function expireCarts(app: ShopApp, idleDays: number): ExpireResult {
  const { value, events } = app.execute('ExpireCart', (uow, info) => {
    const cutoff = new Date(Date.parse(uow.now) - idleDays * 86_400_000).toISOString();
    const cleared: string[] = [];
    for (const cartId of app.store.carts.idleCarts(cutoff)) {
      const expired = uow.handle(streamIdOf.cart(cartId), cartDecider, { type: 'ExpireCart', data: { cartId, idleSince: cutoff, now: uow.now } }, info);
      if (expired.length > 0) cleared.push(cartId);
    }
    return { cleared, cutoff };
  });
  return { outcome: { id: '', events, unchanged: events.length === 0 }, ...value };
}

/** The cart's lines with today's catalogue: what checkout prices and reserves. */
export function checkoutLines(app: ShopApp, state: CartState): CheckoutLine[] {
  const catalogue = app.store.catalogue;
  return state.lines.map((line) => {
    const product = catalogue.product(line.productId);
    if (!product) throw new Error(`product ${line.productId} in a cart is missing from the read model`);
    const variant = line.variantId === null ? undefined : catalogue.variant(line.variantId);
    const currency = product.currency;
    return {
      product: {
        productId: product.id, name: product.name, sku: product.sku, active: product.active,
        price: { amount: product.price, currency }, inventoryId: product.inventoryId,
        hasVariants: line.variantId === null && catalogue.variants(product.id).length > 0,
      },
      variant: variant ? {
        variantId: variant.id, sku: variant.sku, size: variant.size, color: variant.color,
        priceModifier: { amount: variant.priceModifier, currency }, inventoryId: variant.inventoryId,
      } : null,
      quantity: line.quantity,
    };
  });
}

/** The cart as the read model has it, priced at today's prices. */
export function showCart(app: ShopApp, ref: string): CartView {
  const { cartId, customerId } = resolveCart(app, ref);
  const row = app.store.carts.cart(cartId);
  const customer = resolveCustomer(app, customerId);
  const currency = app.currency();
  const catalogue = app.store.catalogue;
  const lines = (row ? row.lines : [])
    .map((line): CartLineView => {
      const product = catalogue.product(line.productId);
      const variant = line.variantId ? catalogue.variant(line.variantId) : undefined;
      const unit = (product?.price ?? 0) + (variant?.priceModifier ?? 0);
      const stock = catalogue.inventoryItem(variant?.inventoryId ?? product?.inventoryId ?? '');
      const attributes = variant ? [variant.size, variant.color].filter(Boolean).join(', ') : '';
      return {
        productId: line.productId, variantId: line.variantId, sku: variant?.sku ?? product?.sku ?? null,
        name: `${product?.name ?? line.productId}${attributes ? ` (${attributes})` : ''}`, quantity: line.quantity,
        unitPrice: { amount: unit, currency }, lineTotal: { amount: unit * line.quantity, currency },
        available: stock ? stock.onHand - stock.reserved : 0, active: product?.active === true,
      };
    });
  return {
    id: cartId, customerId, customerEmail: customer.email, lines, itemCount: lines.reduce((n, l) => n + l.quantity, 0),
    totalAmount: cartTotal(lines, currency), updatedAt: row?.updatedAt ?? null,
  };
}
