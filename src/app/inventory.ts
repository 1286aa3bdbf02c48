// Inventory use cases: restock and reserve an item found by product id, product SKU or variant SKU.
import { DomainError } from '../domain/errors.js';
import { streamIdOf } from '../domain/events.js';
import { inventoryDecider, type InventoryItemRef } from '../domain/inventory.js';
import { OrderQueries } from '../store/index.js';
import type { CommandOutcome } from './outcome.js';
import { restockItem } from './catalogue.js';
import type { ShopApp } from './shopApp.js';

/**
 * The sellable unit a reference names: a variant SKU names the variant; a product id or SKU
 * names the product's own item, which only exists for sale while it has no variants.
 */
export function resolveInventoryItem(app: ShopApp, ref: string): InventoryItemRef & { sku: string | null } {
  const catalogue = app.store.catalogue;
  const owner = catalogue.skuOwner(ref);
  if (owner?.variantId) {
    const variant = catalogue.variant(owner.variantId);
    if (variant) return { inventoryId: variant.inventoryId, productId: variant.productId, variantId: variant.id, sku: variant.sku };
  }
  const product = catalogue.findProduct(ref);
  if (!product) throw new DomainError('PRODUCT_NOT_FOUND', `no product or SKU "${ref}"`, { product: ref });
  const variants = catalogue.variants(product.id);
  if (variants.length > 0) {
    throw new DomainError('VARIANT_REQUIRED', `product "${product.name}" has variants; name one by its SKU`, {
      productId: product.id, variants: variants.map((v) => v.sku),
    });
  }
  return { inventoryId: product.inventoryId, productId: product.id, variantId: null, sku: product.sku };
}

export function restockInventory(app: ShopApp, ref: string, quantity: number): CommandOutcome {
  const { value: id, events } = app.execute('RestockInventory', (uow, info) => {
    const { sku: _sku, ...item } = resolveInventoryItem(app, ref);
    restockItem(uow, info, item, quantity);
    return item.inventoryId;
  });
  return { id, events, unchanged: false };
}

/**
 * Reserves more stock for one of an order's lines. The order must exist, still be open (PENDING
 * or CONFIRMED) and have a line for the item, so that shipping deducts and cancelling releases
 * what is held here.
 */
export function reserveInventory(app: ShopApp, ref: string, quantity: number, orderRef: string): CommandOutcome {
  const { value: id, events } = app.execute('ReserveInventory', (uow, info) => {
    const { sku: _sku, ...item } = resolveInventoryItem(app, ref);
    const found = app.store.queries(OrderQueries).order(orderRef);
    const order = found && uow.readModels.orders.get(found.id);
    if (!order) throw new DomainError('ORDER_NOT_FOUND', `order ${orderRef.trim()} does not exist`, { orderId: orderRef.trim() });
    const orderId = order.id;
    if (order.status !== 'PENDING' && order.status !== 'CONFIRMED') {
      throw new DomainError('INVALID_STATUS_TRANSITION', `order ${orderId} is ${order.status}; stock can be reserved only for a pending or confirmed order`, {
        orderId, status: order.status,
      });
    }
    // Shipping deducts and cancelling releases what the order holds on its own lines' items, so a
    // hold on any other item would never be given back.
    const lines = JSON.parse(order.lineItems) as { inventoryId: string }[];
    if (!lines.some((line) => line.inventoryId === item.inventoryId)) {
      throw new DomainError('ITEM_NOT_IN_ORDER', `order ${orderId} has no line for ${ref}; stock can be reserved only for the order's own lines`, {
        orderId, inventoryId: item.inventoryId,
      });
    }
    const streamId = streamIdOf.inventory(item.inventoryId);
    const { state, version } = uow.load(streamId, inventoryDecider);
    const decided = inventoryDecider.decide({ type: 'ReserveInventory', data: { item, orderId, quantity, now: uow.now } }, state);
    uow.append(streamId, version, decided, info);
    return item.inventoryId;
  });
  return { id, events, unchanged: false };
}
