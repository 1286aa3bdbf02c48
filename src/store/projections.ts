// Projections: how each domain event changes the read models. Used by live commands,
// bulk import and replay alike, so the read models are the same whichever path wrote them.
import { streamIdOf, type DomainEvent } from '../domain/events.js';
import { nextOrderNumber } from '../domain/references.js';
import { nameKey } from '../domain/text.js';
import type { CartLine, OrderHistoryEntry, OrderRow, ReadModels } from './readModels.js';
import type { ReadModelTableName } from './schema.js';

/** The read-model table of each aggregate's own row, by its streams' prefix (streamIdOf with no id). */
const AGGREGATE_ROWS: readonly (readonly [prefix: string, table: ReadModelTableName])[] = [
  [streamIdOf.inventory(''), 'inventory'], [streamIdOf.product(''), 'products'], [streamIdOf.order(''), 'orders'],
  [streamIdOf.cart(''), 'carts'], [streamIdOf.customer(''), 'customers'], [streamIdOf.category(''), 'categories'],
];

/**
 * The read-model row of the aggregate a stream holds (keyed by the aggregate's id), which the
 * projection of its events reads before updating: read together with the stream's snapshot
 * where reads are round trips (UnitOfWork.load).
 */
export function aggregateRowOf(streamId: string): { table: ReadModelTableName; key: string } | undefined {
  for (const [prefix, table] of AGGREGATE_ROWS) if (streamId.startsWith(prefix)) return { table, key: streamId.slice(prefix.length) };
  return undefined;
}

export function projectEvent(event: DomainEvent, rm: ReadModels): void {
  switch (event.type) {
    case 'CategoryCreated': {
      const { categoryId, name, parentId, createdAt } = event.data;
      const parent = parentId ? rm.categories.get(parentId) : undefined;
      rm.categories.put({
        id: categoryId, name, nameKey: nameKey(name), parentId,
        depth: parent ? parent.depth + 1 : 1,
        path: parent ? `${parent.path} > ${name}` : name,
        createdAt,
      });
      return;
    }
    case 'ProductCreated': {
      const d = event.data;
      rm.products.put({
        id: d.productId, sku: d.sku, name: d.name, description: d.description, price: d.price.amount,
        currency: d.price.currency, categoryId: d.categoryId, active: 1, inventoryId: d.inventoryId,
        createdAt: d.createdAt, updatedAt: d.createdAt,
      });
      if (d.sku) rm.skus.put({ skuKey: d.sku.toLowerCase(), sku: d.sku, productId: d.productId, variantId: null });
      rm.inventory.put({
        inventoryId: d.inventoryId, productId: d.productId, variantId: null, sku: d.sku,
        onHand: 0, reserved: 0, updatedAt: d.createdAt,
      });
      return;
    }
    case 'ProductDeactivated': {
      const product = rm.products.get(event.data.productId);
      if (product) rm.products.put({ ...product, active: 0, updatedAt: event.data.deactivatedAt });
      return;
    }
    case 'ProductUpdated': {
      const d = event.data;
      const product = rm.products.get(d.productId);
      if (!product) return;
      rm.products.put({
        ...product, price: d.price ? d.price.amount : product.price, updatedAt: d.updatedAt,
        active: d.active === undefined ? product.active : d.active ? 1 : 0,
        name: d.name ?? product.name, description: d.description ?? product.description, categoryId: d.categoryId ?? product.categoryId,
      });
      if (d.variant) {
        const v = d.variant;
        rm.variants.put({
          id: v.variantId, productId: d.productId, sku: v.sku, size: v.size, color: v.color,
          priceModifier: v.priceModifier.amount, inventoryId: v.inventoryId, createdAt: d.updatedAt,
        });
        rm.skus.put({ skuKey: v.sku.toLowerCase(), sku: v.sku, productId: d.productId, variantId: v.variantId });
        rm.inventory.put({
          inventoryId: v.inventoryId, productId: d.productId, variantId: v.variantId, sku: v.sku,
          onHand: 0, reserved: 0, updatedAt: d.updatedAt,
        });
      }
      return;
    }
    case 'InventoryRestocked':
      return adjustInventory(rm, event.data.inventoryId, event.data.addedQuantity, 0, event.data.restockedAt);
    case 'InventoryReserved':
      return adjustInventory(rm, event.data.inventoryId, 0, event.data.reservedQuantity, event.data.reservedAt);
    case 'InventoryReleased':
      return adjustInventory(rm, event.data.inventoryId, 0, -event.data.releasedQuantity, event.data.releasedAt);
    case 'InventoryDeducted':
      return adjustInventory(
        rm, event.data.inventoryId, -event.data.deductedQuantity, -event.data.deductedQuantity, event.data.deductedAt,
      );
    case 'OutOfStock':
      return; // a signal for downstream systems; the inventory row already shows zero available
    case 'CustomerRegistered': {
      const d = event.data;
      rm.customers.put({ id: d.customerId, email: d.email, name: d.name, status: d.status, registeredAt: d.registeredAt });
      return;
    }
    case 'ItemAddedToCart': {
      const d = event.data;
      const cart = rm.carts.get(d.cartId);
      const lines = cart ? parseLines(cart.lines) : [];
      const existing = lines.find((l) => sameLine(l, d.productId, d.variantId));
      if (existing) {
        existing.quantity = d.lineQuantity;
        existing.unitPrice = d.unitPrice.amount;
      } else {
        lines.push({
          productId: d.productId, variantId: d.variantId, quantity: d.lineQuantity,
          unitPrice: d.unitPrice.amount, currency: d.unitPrice.currency, addedAt: d.addedAt,
        });
      }
      rm.carts.put({
        id: d.cartId, customerId: d.customerId, lines: JSON.stringify(lines),
        createdAt: cart?.createdAt ?? d.addedAt, updatedAt: d.addedAt,
      });
      return;
    }
    case 'CartQuantityUpdated': {
      const d = event.data;
      updateCartLines(rm, d.cartId, d.updatedAt, (lines) =>
        lines.map((l) => (sameLine(l, d.productId, d.variantId) ? { ...l, quantity: d.newQuantity } : l)),
      );
      return;
    }
    case 'ItemRemovedFromCart': {
      const d = event.data;
      updateCartLines(rm, d.cartId, d.removedAt, (lines) => lines.filter((l) => !sameLine(l, d.productId, d.variantId)));
      return;
    }
    case 'CartCleared':
      updateCartLines(rm, event.data.cartId, event.data.clearedAt, () => []);
      return;
    case 'OrderPlaced': {
      const d = event.data;
      // Orders placed before numbers existed carry none: they get the next one in log order,
      // as the migration that introduced numbers gave them.
      const last = rm.counters.get('lastOrderNumber')?.value;
      const number = d.number ?? nextOrderNumber(last);
      rm.counters.put({ name: 'lastOrderNumber', value: Math.max(last ?? 0, number) });
      rm.orders.put({
        id: d.orderId, customerId: d.customerId, status: 'PENDING', lineItems: JSON.stringify(d.lineItems),
        totalAmount: d.totalAmount.amount, currency: d.totalAmount.currency,
        shippingAddress: JSON.stringify(d.shippingAddress), paymentMethod: d.paymentMethod,
        paymentAuthorizationId: d.paymentAuthorizationId, paymentCaptureId: null, trackingNumber: null,
        carrier: null, cancelReason: null, refundAmount: null,
        history: JSON.stringify([{ status: 'PENDING', at: d.placedAt, note: null }]),
        placedAt: d.placedAt, updatedAt: d.placedAt, number,
      });
      return;
    }
    case 'OrderConfirmed':
      return moveOrder(rm, event.data.orderId, 'CONFIRMED', event.data.confirmedAt, null, {
        paymentCaptureId: event.data.paymentCaptureId,
      });
    case 'OrderShipped': {
      const { orderId, trackingNumber, carrier, shippedAt } = event.data;
      return moveOrder(rm, orderId, 'SHIPPED', shippedAt, `${carrier} ${trackingNumber}`, { trackingNumber, carrier });
    }
    case 'OrderDelivered':
      return moveOrder(rm, event.data.orderId, 'DELIVERED', event.data.deliveredAt, null, {});
    case 'OrderCancelled': {
      const { orderId, reason, cancelledAt, refundAmount } = event.data;
      return moveOrder(rm, orderId, 'CANCELLED', cancelledAt, reason, {
        cancelReason: reason, refundAmount: refundAmount.amount,
      });
    }
    default: {
      const unknown: never = event;
      throw new Error(`no projection for event ${(unknown as DomainEvent).type}`);
    }
  }
}

function adjustInventory(rm: ReadModels, inventoryId: string, onHandDelta: number, reservedDelta: number, at: string): void {
  const item = rm.inventory.get(inventoryId);
  if (!item) throw new Error(`inventory item ${inventoryId} is missing from the read model`);
  // Explicit fields rather than a spread: this runs once per event in bulk imports and replay.
  rm.inventory.put({
    inventoryId: item.inventoryId, productId: item.productId, variantId: item.variantId, sku: item.sku,
    onHand: item.onHand + onHandDelta, reserved: item.reserved + reservedDelta, updatedAt: at,
  });
}

export function parseLines(json: string): CartLine[] {
  return JSON.parse(json) as CartLine[];
}

function sameLine(line: CartLine, productId: string, variantId: string | null): boolean {
  return line.productId === productId && line.variantId === variantId;
}

function updateCartLines(rm: ReadModels, cartId: string, at: string, change: (lines: CartLine[]) => CartLine[]): void {
  const cart = rm.carts.get(cartId);
  if (!cart) return;
  rm.carts.put({ ...cart, lines: JSON.stringify(change(parseLines(cart.lines))), updatedAt: at });
}

function moveOrder(
  rm: ReadModels, orderId: string, status: string, at: string, note: string | null, fields: Partial<OrderRow>,
): void {
  const order = rm.orders.get(orderId);
  if (!order) return;
  const history = JSON.parse(order.history) as OrderHistoryEntry[];
  history.push({ status, at, note });
  rm.orders.put({ ...order, ...fields, status, history: JSON.stringify(history), updatedAt: at });
}
