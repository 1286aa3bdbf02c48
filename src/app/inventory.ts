// Inventory use cases: restock and reserve an item found by product id, product SKU or variant SKU.
import { DomainError } from '../domain/errors.js';
import { streamIdOf, type OrderStatus } from '../domain/events.js';
import { inventoryDecider, type InventoryItemRef } from '../domain/inventory.js';
import type { CommandInfo, UnitOfWork } from '../store/index.js';
import type { CommandOutcome } from './outcome.js';
import type { ShopApp } from './shopApp.js';

/**
 * The sellable unit a reference names: a variant SKU names the variant; a product id or SKU
 * names the product's own item, which only exists for sale while it has no variants.
 */
export function resolveInventoryItem(app: ShopApp, ref: string): InventoryItemRef & { sku: string | null } {
  const catalogue = app.store.catalogue;
  // The SKU's owner, its variant, the product and that product's variants in one read.
  const found = catalogue.itemLookup(ref);
  const owner = found.owner;
  if (owner?.variantId) {
    const variant = found.ownerVariant;
    if (variant) return { inventoryId: variant.inventoryId, productId: variant.productId, variantId: variant.id, sku: variant.sku };
  }
  // Neither a product's id nor a SKU: a unique id prefix, as findProduct's last resort.
  const product = found.product ?? (owner ? undefined : catalogue.productByIdPrefix(ref));
  if (!product) throw new DomainError('PRODUCT_NOT_FOUND', `no product or SKU "${ref}"`, { product: ref });
  const variants = found.product ? found.variants : catalogue.variants(product.id);
  if (variants.length > 0) {
    throw new DomainError('VARIANT_REQUIRED', `product "${product.name}" has variants; name one by its SKU`, {
      productId: product.id, variants: variants.map((v) => v.sku),
    });
  }
  return { inventoryId: product.inventoryId, productId: product.id, variantId: null, sku: product.sku };
}

/**
 * resolveInventoryItem for many references at once, from the catalogue's set-based reads (a bulk
 * import's next chunk). Answers only what those reads settle the same way (a variant SKU, a
 * product named by id or SKU that has no variants); the others (prefixes, errors) are left out,
 * for resolveInventoryItem to answer one by one.
 */
export function resolveInventoryItems(app: ShopApp, refs: Iterable<string>): Map<string, InventoryItemRef> {
  const { owners, products, variants, productsWithVariants } = app.store.catalogue.itemsNamed(refs);
  const found = new Map<string, InventoryItemRef>();
  for (const ref of refs) {
    const key = ref.trim().toLowerCase();
    const owner = owners.get(key);
    const variant = owner?.variantId ? variants.get(owner.variantId) : undefined;
    if (variant) {
      found.set(ref, { inventoryId: variant.inventoryId, productId: variant.productId, variantId: variant.id });
      continue;
    }
    // findProduct's order: by id first, then by SKU.
    const product = products.get(key) ?? (owner ? products.get(owner.productId) : undefined);
    if (product && !productsWithVariants.has(product.id)) found.set(ref, { inventoryId: product.inventoryId, productId: product.id, variantId: null });
  }
  return found;
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
    // An order number or id prefix is resolved here; one naming no order is refused by the decider.
    const order = app.store.orders.order(orderRef);
    const orderId = order?.id ?? orderRef.trim();
    uow.handle(streamIdOf.inventory(item.inventoryId), inventoryDecider, {
      type: 'ReserveInventory',
      data: {
        item, orderId, quantity, now: uow.now, itemRef: ref,
        order: order ? { status: order.status as OrderStatus, lineInventoryIds: order.lineItems.map((line) => line.inventoryId) } : null,
      },
    }, info);
    return item.inventoryId;
  });
  return { id, events, unchanged: false };
}

/** Restocks one inventory item inside an open unit of work. */
export function restockItem(
  uow: UnitOfWork, info: CommandInfo, item: InventoryItemRef, quantity: number,
) {
  return uow.handle(streamIdOf.inventory(item.inventoryId), inventoryDecider, { type: 'RestockInventory', data: { item, quantity, now: uow.now } }, info);
}
