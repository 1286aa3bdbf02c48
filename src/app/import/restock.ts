// `shopctl import restock`: each row is one RestockInventory of the item a SKU (or a product
// id) names, through the same use-case code as `shopctl inventory restock`.
import { DomainError } from '../../domain/errors.js';
import { checkRestockQuantity, shown } from '../../domain/importRows.js';
import type { InventoryItemRef } from '../../domain/inventory.js';
import type { UnitOfWork } from '../../store/index.js';
import { streamIdOf } from '../../domain/events.js';
import { resolveInventoryItem, resolveInventoryItems, restockItem } from '../inventory.js';
import type { ShopApp } from '../shopApp.js';
import { rowProblem, type RowProblem } from './problems.js';
import { problemFromDomainError, runImport, type ImportFormat, type ImportKindSpec, type ImportOptions, type ImportReport, type ImportRow, type RowImporter } from './runImport.js';

/** Resolved references kept per import; cleared when full so memory stays bounded. */
const RESOLVED_CACHE_LIMIT = 50_000;

export const restockImport: ImportKindSpec = {
  kind: 'restock',
  command: 'ImportRestock',
  readModels: 'cached',
  refuseRepeat: true,
  formatOf: () => ({ format: restockFormat, recognised: false }),
};

const restockFormat: ImportFormat = {
  columns: { required: [['sku', 'product_id'], ['quantity']], optional: [] },
  importer: restockImporter,
};

export function importRestock(app: ShopApp, options: ImportOptions): Promise<ImportReport> {
  return runImport(app, restockImport, options);
}

function restockImporter(app: ShopApp, uow: UnitOfWork): RowImporter {
  const resolved = new Map<string, InventoryItemRef | DomainError>();
  const itemsRestocked = new Set<string>();
  let unitsAdded = 0;

  const resolve = (ref: string): InventoryItemRef | DomainError => {
    const key = ref.toLowerCase();
    let found = resolved.get(key);
    if (found === undefined) {
      try {
        const { inventoryId, productId, variantId } = resolveInventoryItem(app, ref);
        // A plain literal (not a rest-destructured copy): the decider spreads it once per row.
        found = { inventoryId, productId, variantId };
      } catch (error) {
        if (!(error instanceof DomainError)) throw error;
        found = error;
      }
      if (resolved.size >= RESOLVED_CACHE_LIMIT) resolved.clear();
      resolved.set(key, found);
    }
    return found;
  };

  /** The row's reference (SKU, else product id), trimmed; '' for none. */
  const refOf = (row: ImportRow): string => {
    const skuText = row.value('sku')?.trim() ?? '';
    return skuText !== '' ? skuText : row.value('product_id')?.trim() ?? '';
  };

  return {
    keepApplyingAfterProblem: false,
    prefetch(rows) {
      // The chunk's references resolved at once (those the set-based reads settle; the rest are
      // resolved row by row as before), then their streams and inventory rows read ahead.
      if (resolved.size >= RESOLVED_CACHE_LIMIT) resolved.clear();
      const unresolved = new Set<string>();
      for (const row of rows) {
        const ref = refOf(row);
        if (ref !== '' && !resolved.has(ref.toLowerCase())) unresolved.add(ref);
      }
      for (const [ref, item] of resolveInventoryItems(app, unresolved)) resolved.set(ref.toLowerCase(), item);
      const inventory = new Set<string>();
      for (const row of rows) {
        const item = resolved.get(refOf(row).toLowerCase());
        if (item && !(item instanceof DomainError)) inventory.add(item.inventoryId);
      }
      uow.prefetch({ inventory: [...inventory], streams: [...inventory].map((id) => streamIdOf.inventory(id)) });
    },
    row(row, apply): RowProblem | null {
      const skuText = row.value('sku')?.trim() ?? '';
      const column = skuText !== '' || row.value('product_id') === undefined ? 'sku' : 'product_id';
      const ref = refOf(row);
      if (ref === '') {
        const wanted = row.value('product_id') === undefined ? 'a SKU' : row.value('sku') === undefined ? 'a product id' : 'a SKU or a product id';
        return rowProblem(row.line, column, 'MISSING_VALUE', `is empty (${wanted} is needed)`);
      }
      const quantity = checkRestockQuantity(row.value('quantity') ?? '');
      if (!quantity.ok) return rowProblem(row.line, 'quantity', quantity.problem.code, quantity.problem.reason);
      const item = resolve(ref);
      if (item instanceof DomainError) {
        const reason = item.code === 'PRODUCT_NOT_FOUND' ? `no product or variant ${shown(ref)}` : item.message;
        return rowProblem(row.line, column, item.code, reason);
      }
      if (!apply) return null;
      try {
        restockItem(uow, { command: 'RestockInventory', causationId: uow.newId() }, item, quantity.value);
      } catch (error) {
        if (error instanceof DomainError) return problemFromDomainError(row.line, error, () => 'quantity');
        throw error;
      }
      itemsRestocked.add(item.inventoryId);
      unitsAdded += quantity.value;
      return null;
    },
    changes: () => ({ itemsRestocked: itemsRestocked.size, unitsAdded }),
  };
}
