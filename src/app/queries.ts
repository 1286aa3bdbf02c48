// Read-side use cases for the catalogue and the log: lists and details for the CLI.
import { ProductViewQueries, type CategoryRow, type EventFilter, type StoredEvent } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

/** Categories in tree order: each parent followed by its children, siblings by name. */
export function listCategories(app: ShopApp): CategoryRow[] {
  const all = app.store.catalogue.categories();
  const children = new Map<string | null, CategoryRow[]>();
  for (const c of all) children.set(c.parentId, [...(children.get(c.parentId) ?? []), c]);
  const ordered: CategoryRow[] = [];
  const visit = (parentId: string | null) => {
    for (const c of (children.get(parentId) ?? []).sort((a, b) => a.name.localeCompare(b.name))) {
      ordered.push(c);
      visit(c.id);
    }
  };
  visit(null);
  return ordered;
}

/** An inventory item as `inventory list --json` prints it (SPEC §2). */
export interface InventoryView {
  inventoryId: string; productId: string; variantId: string | null; sku: string | null;
  onHand: number; reserved: number; available: number;
  /** Added: the product's name, with the variant's size and colour. */
  name: string;
}

/**
 * Stock per sellable unit (a product without variants, or a variant). With `low`, only units
 * with at most that many available, lowest first.
 */
export function listInventory(app: ShopApp, options: { low?: number } = {}): InventoryView[] {
  return app.store.queries(ProductViewQueries).inventory(options).map((i) => ({
    inventoryId: i.inventoryId, productId: i.productId, variantId: i.variantId, sku: i.sku,
    onHand: i.onHand, reserved: i.reserved, available: i.onHand - i.reserved,
    name: i.size || i.color ? `${i.productName} (${[i.size, i.color].filter(Boolean).join(', ')})` : i.productName,
  }));
}

/** The event log in order, filtered; lazily, so any size of log streams in bounded memory. */
export function readEvents(app: ShopApp, filter: EventFilter): IterableIterator<StoredEvent> {
  return app.store.eventLog.read(filter);
}

/** The last `n` events matching the filter, and how many match in all (`events list` on a terminal). */
export function latestEvents(app: ShopApp, filter: EventFilter, n: number): { events: StoredEvent[]; total: number } {
  return app.store.eventLog.latest(filter, n);
}

export type { StoredEvent };
