// `shopctl import products`: a product feed. Rows sharing `sku` form one product: a product row
// (no variant_sku) and then its variant rows. A new SKU is created (with its category path when
// --create-categories, and its stock); an existing SKU only gets a price update, and only when
// the price changed, so running the same feed again writes no events.
import { DomainError } from '../../domain/errors.js';
import {
  checkCategoryPath, checkPriceModifierText, checkPriceText, checkStock, shown, type Checked,
} from '../../domain/importRows.js';
import { checkCategoryName } from '../../domain/category.js';
import { checkDescription, checkProductName, MAX_INITIAL_STOCK } from '../../domain/product.js';
import { checkSku } from '../../domain/validation.js';
import type { CommandInfo, UnitOfWork } from '../../store/index.js';
import { addProductVariant, createCategory, createProduct, updateProductPrice } from '../catalogue.js';
import { restockItem } from '../inventory.js';
import { derivedId, type ShopApp } from '../shopApp.js';
import { rowProblem, type RowProblem } from './problems.js';
import {
  problemFromDomainError, runImport, type ImportKindSpec, type ImportOptions, type ImportReport, type ImportRow, type RowImporter,
} from './runImport.js';

export const productsImport: ImportKindSpec = {
  kind: 'products',
  command: 'ImportProducts',
  columns: {
    required: [['sku'], ['name'], ['price'], ['category']],
    optional: ['description', 'stock', 'variant_sku', 'size', 'color', 'price_modifier', 'variant_stock'],
  },
  // Rows read what earlier rows created (a variant's product, a new category): SQL read models.
  readModels: 'sql',
  refuseRepeat: false,
  importer: productsImporter,
};

export function importProducts(app: ShopApp, options: ImportOptions): Promise<ImportReport> {
  return runImport(app, productsImport, options);
}

const PRODUCT_COLUMNS: Record<string, string> = {
  INVALID_NAME: 'name', INVALID_DESCRIPTION: 'description', INVALID_PRICE: 'price', CATEGORY_NOT_FOUND: 'category',
  DUPLICATE_SKU: 'sku', INVALID_SKU: 'sku', INVALID_QUANTITY: 'stock',
};
const VARIANT_COLUMNS: Record<string, string> = {
  INVALID_PRICE: 'price_modifier', DUPLICATE_SKU: 'variant_sku', INVALID_SKU: 'variant_sku', INVALID_QUANTITY: 'variant_stock',
  NO_VARIANT_ATTRIBUTE: 'size', INVALID_VARIANT_ATTRIBUTE: 'size', PRODUCT_INACTIVE: 'sku', PRODUCT_NOT_FOUND: 'sku',
};

class RowFailure extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.message);
  }
}

function productsImporter(app: ShopApp, uow: UnitOfWork, options: ImportOptions): RowImporter {
  const catalogue = app.store.catalogue;
  /** Lines where each product SKU / variant SKU was first defined in this file (for duplicate messages). */
  const productLine = new Map<string, number>();
  const variantLine = new Map<string, number>();
  /** Product SKUs whose row was rejected: their variant rows say so. */
  const rejectedProduct = new Map<string, number>();
  const changes = { categoriesCreated: 0, productsCreated: 0, variantsCreated: 0, pricesUpdated: 0, rowsUnchanged: 0, unitsStocked: 0 };
  const info = (command: string): CommandInfo => ({ command, causationId: uow.newId() });

  const need = <T>(line: number, column: string, checked: Checked<T>): T => {
    if (!checked.ok) throw new RowFailure(rowProblem(line, column, checked.problem.code, checked.problem.reason));
    return checked.value;
  };
  const domainCheck = <T>(line: number, column: string, check: () => T): T => {
    try {
      return check();
    } catch (error) {
      if (error instanceof DomainError) throw new RowFailure(rowProblem(line, column, error.code, error.message));
      throw error;
    }
  };

  /** The category a path names: found, or (with --create-categories) created level by level. */
  const resolveCategory = (line: number, text: string, apply: boolean): string => {
    const names = need(line, 'category', checkCategoryPath(text));
    names.forEach((name) => domainCheck(line, 'category', () => checkCategoryName(name)));
    if (names.length === 1) {
      const found = catalogue.findCategory(names[0]);
      if (found) return found.id;
    }
    let parentId: string | null = null;
    let parentName = '';
    const missing: string[] = [];
    for (const name of names) {
      const found = missing.length === 0 ? catalogue.categoryByNameKey(name) : undefined;
      if (found) {
        if (found.parentId !== parentId) {
          const where = found.parentId === null ? 'at the top level' : `under "${catalogue.findCategory(found.parentId)?.name ?? found.parentId}"`;
          throw new RowFailure(rowProblem(line, 'category', 'INVALID_CATEGORY_PATH',
            `${shown(text)}: category "${found.name}" exists ${where}, not ${parentId === null ? 'at the top level' : `under "${parentName}"`}`));
        }
        parentId = found.id;
        parentName = found.name;
      } else {
        missing.push(name);
      }
    }
    if (missing.length === 0) return parentId!;
    if (!options.createCategories) {
      throw new RowFailure(rowProblem(line, 'category', 'CATEGORY_NOT_FOUND',
        `category ${shown(text)} does not exist (add --create-categories to create it)`));
    }
    if (!apply) return '';
    for (const name of missing) {
      parentId = createCategory(app, uow, info(createCategory.command), { name, parent: parentId ?? undefined });
      changes.categoriesCreated++;
    }
    return parentId!;
  };

  const productRow = (row: ImportRow, sku: string, apply: boolean): void => {
    const key = sku.toLowerCase();
    const earlier = productLine.get(key);
    if (earlier !== undefined) {
      throw new RowFailure(rowProblem(row.line, 'sku', 'DUPLICATE_SKU', `${shown(sku)} already has a product row on line ${earlier}`));
    }
    const owner = catalogue.skuOwner(sku);
    if (owner?.variantId) {
      throw new RowFailure(rowProblem(row.line, 'sku', 'DUPLICATE_SKU', `${shown(sku)} is already a variant SKU, not a product SKU`));
    }
    const priceText = row.value('price') ?? '';
    if (owner) {
      // An existing product: only its price follows the feed (see docs/import.md).
      if (priceText.trim() !== '') {
        const price = need(row.line, 'price', checkPriceText(priceText));
        if (apply) {
          const before = uow.eventsAppended;
          updateProductPrice(app, uow, info(updateProductPrice.command), { product: owner.productId, priceMinor: price });
          if (uow.eventsAppended > before) changes.pricesUpdated++;
          else changes.rowsUnchanged++;
        }
      } else if (apply) {
        changes.rowsUnchanged++;
      }
      productLine.set(key, row.line);
      return;
    }
    const name = domainCheck(row.line, 'name', () => checkProductName(row.value('name') ?? ''));
    const description = domainCheck(row.line, 'description', () => checkDescription(row.value('description') ?? ''));
    const price = need(row.line, 'price', checkPriceText(priceText));
    const stock = need(row.line, 'stock', checkStock(row.value('stock'), MAX_INITIAL_STOCK));
    const categoryId = resolveCategory(row.line, row.value('category') ?? '', apply);
    productLine.set(key, row.line);
    if (!apply) return;
    createProduct(app, uow, info(createProduct.command), { name, priceMinor: price, category: categoryId, description, stock, sku });
    changes.productsCreated++;
    changes.unitsStocked += stock;
  };

  const variantRow = (row: ImportRow, sku: string, variantSkuText: string, apply: boolean): void => {
    const variantSku = domainCheck(row.line, 'variant_sku', () => checkSku(variantSkuText));
    const key = variantSku.toLowerCase();
    const earlier = variantLine.get(key) ?? productLine.get(key);
    if (earlier !== undefined) {
      throw new RowFailure(rowProblem(row.line, 'variant_sku', 'DUPLICATE_SKU', `${shown(variantSku)} is already used on line ${earlier}`));
    }
    const product = catalogue.skuOwner(sku);
    if (!product || product.variantId) {
      const rejectedAt = rejectedProduct.get(sku.toLowerCase());
      const reason = product
        ? `${shown(sku)} is a variant SKU; a variant row names its product's SKU`
        : rejectedAt !== undefined
          ? `product ${shown(sku)} was not imported (its row, line ${rejectedAt}, was rejected)`
          : `no product ${shown(sku)}: a variant row must come after its product's row`;
      throw new RowFailure(rowProblem(row.line, 'sku', 'PRODUCT_NOT_FOUND', reason));
    }
    const modifier = need(row.line, 'price_modifier', checkPriceModifierText(row.value('price_modifier')));
    const stock = need(row.line, 'variant_stock', checkStock(row.value('variant_stock'), MAX_INITIAL_STOCK));
    const size = row.value('size')?.trim() || undefined;
    const color = row.value('color')?.trim() || undefined;
    if (!size && !color) {
      throw new RowFailure(rowProblem(row.line, 'size', 'NO_VARIANT_ATTRIBUTE', 'a variant row needs a size or a color (or both)'));
    }
    const existing = catalogue.skuOwner(variantSku);
    if (existing) {
      if (existing.productId === product.productId && existing.variantId) {
        // Already there: a re-run of the feed. Variants keep what they were created with.
        variantLine.set(key, row.line);
        if (apply) changes.rowsUnchanged++;
        return;
      }
      throw new RowFailure(rowProblem(row.line, 'variant_sku', 'DUPLICATE_SKU', `${shown(variantSku)} is already used by another product or variant`));
    }
    variantLine.set(key, row.line);
    if (!apply) return;
    const command = info(addProductVariant.command);
    const variantId = addProductVariant(app, uow, command, {
      product: product.productId, sku: variantSku, size, color, priceModifierMinor: modifier,
    });
    changes.variantsCreated++;
    if (stock > 0) {
      restockItem(uow, command, { inventoryId: derivedId.inventoryOfVariant(variantId), productId: product.productId, variantId }, stock);
      changes.unitsStocked += stock;
    }
  };

  return {
    // A rejected product makes its variant rows fail too; keep applying so those show up.
    keepApplyingAfterProblem: true,
    row(row, apply) {
      const skuText = row.value('sku') ?? '';
      const variantSkuText = row.value('variant_sku')?.trim() ?? '';
      try {
        if (skuText.trim() === '') return rowProblem(row.line, 'sku', 'MISSING_VALUE', 'is empty (every row needs its product SKU)');
        const sku = domainCheck(row.line, 'sku', () => checkSku(skuText));
        if (variantSkuText === '') {
          try {
            productRow(row, sku, apply);
          } catch (error) {
            rejectedProduct.set(sku.toLowerCase(), row.line);
            throw error;
          }
        } else {
          variantRow(row, sku, variantSkuText, apply);
        }
        return null;
      } catch (error) {
        if (error instanceof RowFailure) return error.problem;
        if (error instanceof DomainError) {
          return problemFromDomainError(row.line, error, (code) => (variantSkuText === '' ? PRODUCT_COLUMNS : VARIANT_COLUMNS)[code] ?? null);
        }
        throw error;
      }
    },
    changes: () => ({ ...changes }),
  };
}
