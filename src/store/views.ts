// What the store's reads return: read-model rows with their column encodings undone (JSON
// columns parsed, 0/1 flags as booleans). Nothing outside src/store/ sees how a row is stored.
import type { Address, OrderLineItem } from '../domain/events.js';
import type { Money } from '../domain/money.js';
import type { CartLine, CartRow, OrderHistoryEntry, OrderRow, ProductRow } from './readModels.js';

export interface ProductRecord {
  id: string; sku: string | null; name: string; description: string; price: number; currency: string;
  categoryId: string; active: boolean; inventoryId: string; createdAt: string; updatedAt: string;
}

export interface CartRecord { id: string; customerId: string; lines: CartLine[]; createdAt: string; updatedAt: string }

export interface OrderRecord {
  id: string;
  /** The shop-wide order number (#1001…); null on orders placed before numbers existed. */
  number: number | null; customerId: string; status: string; lineItems: OrderLineItem[]; totalAmount: number; currency: string;
  shippingAddress: Address; paymentMethod: string; paymentAuthorizationId: string; paymentCaptureId: string | null;
  trackingNumber: string | null; carrier: string | null; cancelReason: string | null; refundAmount: number | null;
  history: OrderHistoryEntry[]; placedAt: string; updatedAt: string;
}

export interface VariantView {
  id: string; sku: string; size: string | null; color: string | null; priceModifier: Money;
  /** Product price + modifier. */
  price: Money;
  inventoryId: string; onHand: number; reserved: number; available: number;
}

/** A product as `product list|show --json` print it (README "Commands": additive changes only). */
export interface ProductView {
  id: string; sku: string | null; name: string; description: string; price: Money; active: boolean;
  categoryId: string; categoryPath: string; inventoryId: string;
  /** Own stock without variants; the sum over the variants once it has some. */
  onHand: number; reserved: number; available: number; variants: VariantView[];
}

export function productRecord(row: ProductRow): ProductRecord {
  return {
    id: row.id, sku: row.sku, name: row.name, description: row.description, price: row.price, currency: row.currency,
    categoryId: row.categoryId, active: row.active === 1, inventoryId: row.inventoryId, createdAt: row.createdAt, updatedAt: row.updatedAt,
  };
}

export function cartRecord(row: CartRow): CartRecord {
  return { id: row.id, customerId: row.customerId, lines: JSON.parse(row.lines) as CartLine[], createdAt: row.createdAt, updatedAt: row.updatedAt };
}

export function orderRecord(row: OrderRow): OrderRecord {
  return {
    id: row.id, number: row.number, customerId: row.customerId, status: row.status, lineItems: JSON.parse(row.lineItems) as OrderLineItem[],
    totalAmount: row.totalAmount, currency: row.currency, shippingAddress: JSON.parse(row.shippingAddress) as Address,
    paymentMethod: row.paymentMethod, paymentAuthorizationId: row.paymentAuthorizationId, paymentCaptureId: row.paymentCaptureId,
    trackingNumber: row.trackingNumber, carrier: row.carrier, cancelReason: row.cancelReason, refundAmount: row.refundAmount,
    history: JSON.parse(row.history) as OrderHistoryEntry[], placedAt: row.placedAt, updatedAt: row.updatedAt,
  };
}
