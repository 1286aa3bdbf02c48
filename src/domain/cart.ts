// Cart aggregate: CMD-CART-001..003 → EVT-CART-001..004. One cart per customer, opened by the
// first add and reused after it is cleared. Lines are keyed by (product, variant).
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { CartEvent, DateTime, ItemRemovedFromCart, UUID } from './events.js';
import type { Money } from './money.js';
import { checkQuantity } from './validation.js';

export const MAX_LINE_QUANTITY = 999;

/** What the cart needs to know about the product being added, as the catalogue has it now. */
export interface ProductSnapshot {
  productId: UUID;
  name: string;
  active: boolean;
  price: Money;
  /** SKUs of the product's variants; a product with variants is bought by variant. */
  variantSkus: string[];
}
export interface VariantSnapshot { variantId: UUID; sku: string; priceModifier: Money }

export type AddItemToCart = {
  type: 'AddItemToCart';
  data: {
    cartId: UUID; customerId: UUID; product: ProductSnapshot; variant: VariantSnapshot | null;
    quantity: number;
    /** Available stock of the line's inventory item (on hand − reserved). */
    available: number;
    now: DateTime;
  };
};
export type UpdateCartQuantity = {
  type: 'UpdateCartQuantity';
  data: {
    cartId: UUID; productId: UUID;
    /** undefined: the merchant named no variant (fine when the cart holds one line of the product). */
    variantId?: UUID | null;
    newQuantity: number; available: number; now: DateTime;
  };
};
export type RemoveItemFromCart = {
  type: 'RemoveItemFromCart';
  data: { cartId: UUID; productId: UUID; variantId?: UUID | null; now: DateTime };
};
export type ClearCart = {
  type: 'ClearCart';
  data: { cartId: UUID; reason: 'order placed'; orderId: UUID; now: DateTime };
};
export type ExpireCart = { type: 'ExpireCart'; data: { cartId: UUID; idleSince: DateTime; now: DateTime } };
export type RemoveProductFromCart = { type: 'RemoveProductFromCart'; data: { cartId: UUID; productId: UUID; now: DateTime } };
export type CartCommand = AddItemToCart | UpdateCartQuantity | RemoveItemFromCart | ClearCart | ExpireCart | RemoveProductFromCart;

export interface CartLineState { productId: UUID; variantId: UUID | null; quantity: number; unitPrice: Money }
export interface CartState {
  customerId: UUID | null;
  lines: CartLineState[];
  /** Time of the last change (add, update, remove, clear); null before the first add. */
  lastTouchedAt: DateTime | null;
}

export const initialCartState: CartState = { customerId: null, lines: [], lastTouchedAt: null };

export const cartDecider: Decider<CartCommand, CartEvent, CartState> = {
  initialState: initialCartState,
  stateVersion: 1,
  decide(command, state) {
    switch (command.type) {
      case 'AddItemToCart': return addItem(command.data, state);
      case 'UpdateCartQuantity': return updateQuantity(command.data, state);
      case 'RemoveItemFromCart': return removeItem(command.data, state);
      case 'ClearCart': return clear(command.data, state);
      case 'ExpireCart': return expire(command.data, state);
      case 'RemoveProductFromCart': return removeProduct(command.data, state);
    }
  },
  evolve(state, event) {
    switch (event.type) {
      case 'ItemAddedToCart': {
        const d = event.data;
        const line = { productId: d.productId, variantId: d.variantId, quantity: d.lineQuantity, unitPrice: d.unitPrice };
        const exists = state.lines.some((l) => sameLine(l, d.productId, d.variantId));
        return {
          customerId: d.customerId,
          lines: exists ? state.lines.map((l) => (sameLine(l, d.productId, d.variantId) ? line : l)) : [...state.lines, line],
          lastTouchedAt: d.addedAt,
        };
      }
      case 'CartQuantityUpdated': {
        const d = event.data;
        return {
          ...state,
          lines: state.lines.map((l) => (sameLine(l, d.productId, d.variantId) ? { ...l, quantity: d.newQuantity } : l)),
          lastTouchedAt: d.updatedAt,
        };
      }
      case 'ItemRemovedFromCart': {
        const d = event.data;
        return { ...state, lines: state.lines.filter((l) => !sameLine(l, d.productId, d.variantId)), lastTouchedAt: d.removedAt };
      }
      case 'CartCleared':
        return { ...state, customerId: event.data.customerId, lines: [], lastTouchedAt: event.data.clearedAt };
    }
  },
};

function sameLine(line: { productId: UUID; variantId: UUID | null }, productId: UUID, variantId: UUID | null): boolean {
  return line.productId === productId && line.variantId === variantId;
}

/** Stock rule shared by add and update: nothing available, or not that much. */
export function checkStock(quantity: number, available: number): void {
  if (available <= 0) {
    throw new DomainError('OUT_OF_STOCK', 'this item is out of stock', { available: 0, requested: quantity });
  }
  if (quantity > available) {
    throw new DomainError('QUANTITY_EXCEEDS_STOCK', `only ${available} available, the cart line would hold ${quantity}`, {
      available, requested: quantity,
    });
  }
}

function addItem(data: AddItemToCart['data'], state: CartState): CartEvent[] {
  const { product, variant } = data;
  const quantity = checkQuantity(data.quantity, 'quantity', 1, MAX_LINE_QUANTITY);
  if (!product.active) {
    throw new DomainError('PRODUCT_INACTIVE', `product "${product.name}" is no longer sold`, { productId: product.productId });
  }
  if (variant === null && product.variantSkus.length > 0) {
    throw new DomainError('VARIANT_REQUIRED', `product "${product.name}" has variants; name one with --variant`, {
      productId: product.productId, variants: product.variantSkus,
    });
  }
  const variantId = variant?.variantId ?? null;
  const existing = state.lines.find((l) => sameLine(l, product.productId, variantId));
  const lineQuantity = (existing?.quantity ?? 0) + quantity;
  checkQuantity(lineQuantity, 'line quantity', 1, MAX_LINE_QUANTITY);
  checkStock(lineQuantity, data.available);
  const unitPrice = { amount: product.price.amount + (variant?.priceModifier.amount ?? 0), currency: product.price.currency };
  return [{
    type: 'ItemAddedToCart',
    data: {
      cartId: data.cartId, customerId: data.customerId, productId: product.productId, variantId, quantity,
      unitPrice, addedAt: data.now, lineQuantity,
    },
  }];
}

/** The one line the merchant means: by (product, variant), or by product when it is unambiguous. */
function findLine(state: CartState, productId: UUID, variantId: UUID | null | undefined): CartLineState {
  const candidates = state.lines.filter((l) => l.productId === productId && (variantId === undefined || l.variantId === variantId));
  if (candidates.length === 0) {
    throw new DomainError('ITEM_NOT_IN_CART', 'the cart holds no such item', { productId, variantId: variantId ?? null });
  }
  if (candidates.length > 1) {
    throw new DomainError('VARIANT_REQUIRED', 'the cart holds several variants of this product; name one with --variant', {
      productId, variants: candidates.map((l) => l.variantId),
    });
  }
  return candidates[0];
}

function updateQuantity(data: UpdateCartQuantity['data'], state: CartState): CartEvent[] {
  const newQuantity = checkQuantity(data.newQuantity, 'quantity', 1, MAX_LINE_QUANTITY);
  const line = findLine(state, data.productId, data.variantId);
  if (newQuantity === line.quantity) return [];
  // Lowering a quantity never needs stock; raising it must fit what is available.
  if (newQuantity > line.quantity) checkStock(newQuantity, data.available);
  return [{
    type: 'CartQuantityUpdated',
    data: {
      cartId: data.cartId, productId: line.productId, previousQuantity: line.quantity, newQuantity,
      updatedAt: data.now, variantId: line.variantId,
    },
  }];
}

function removeItem(data: RemoveItemFromCart['data'], state: CartState): CartEvent[] {
  const line = findLine(state, data.productId, data.variantId);
  return [removed(data.cartId, line, data.now, 'removed')];
}

function removed(cartId: UUID, line: CartLineState, now: DateTime, reason: string): ItemRemovedFromCart {
  return {
    type: 'ItemRemovedFromCart',
    data: { cartId, productId: line.productId, variantId: line.variantId, removedAt: now, reason },
  };
}

function clear(data: ClearCart['data'], state: CartState): CartEvent[] {
  if (state.lines.length === 0 || state.customerId === null) {
    throw new DomainError('CART_EMPTY', 'the cart is empty', { cartId: data.cartId });
  }
  return [{
    type: 'CartCleared',
    data: { cartId: data.cartId, customerId: state.customerId, clearedAt: data.now, reason: data.reason, orderId: data.orderId },
  }];
}

function expire(data: ExpireCart['data'], state: CartState): CartEvent[] {
  // Only a cart that holds something and has not changed since the cut-off is cleared.
  if (state.lines.length === 0 || state.customerId === null || state.lastTouchedAt === null) return [];
  // Both are UTC ISO-8601 strings of one format (toISOString), which sort as text: no clock here.
  if (state.lastTouchedAt > data.idleSince) return [];
  return [{
    type: 'CartCleared',
    data: { cartId: data.cartId, customerId: state.customerId, clearedAt: data.now, reason: 'cart expired', orderId: null },
  }];
}

function removeProduct(data: RemoveProductFromCart['data'], state: CartState): CartEvent[] {
  return state.lines.filter((l) => l.productId === data.productId)
    .map((line) => removed(data.cartId, line, data.now, 'product deactivated'));
}

/** Sum of quantity × unit price over lines, in minor units. */
export function cartTotal(lines: readonly { quantity: number; unitPrice: Money }[], currency: string): Money {
  return { amount: lines.reduce((sum, l) => sum + l.quantity * l.unitPrice.amount, 0), currency };
}
