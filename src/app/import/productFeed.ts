// The product feed's engine, whatever file format the rows came from (shopctl's own columns,
// Shopify, WooCommerce): a product row creates a product (or, when its SKU exists, updates its
// price if it changed); a variant row adds a variant to the product its SKU names. Every check
// of a row runs before any of it is written, so a rejected row writes nothing. Formats hand over
// rows by the feed's column names and say what those columns are called in their file, so every
// problem names the column the merchant sees.
import { DomainError } from '../../domain/errors.js';
import {
  checkCategoryPath, checkPriceModifierText, checkPriceText, checkStock, shown, withoutFormulaGuard, type Checked, type ImportProblemCode,
} from '../../domain/importRows.js';
import { checkCategoryName } from '../../domain/category.js';
import { checkDescription, checkProductName, MAX_INITIAL_STOCK } from '../../domain/product.js';
import { checkSku } from '../../domain/validation.js';
import type { CommandInfo, UnitOfWork } from '../../store/index.js';
import {
  addProductVariant, createCategory, createProduct, deactivateProduct, updateProductPrice,
} from '../catalogue.js';
import { restockItem } from '../inventory.js';
import { derivedId, type ShopApp } from '../shopApp.js';
import { rowProblem, type RowProblem } from './problems.js';

export type FeedColumn =
  | 'sku' | 'name' | 'description' | 'price' | 'category' | 'stock' | 'active'
  | 'variant_sku' | 'size' | 'color' | 'price_modifier' | 'variant_stock';

/** One row of the feed: its file line and its values by feed column (undefined: no such value). */
export interface FeedRow {
  line: number;
  value(column: FeedColumn): string | undefined;
  /** A product row: false when the file says the product is not for sale (imported, then deactivated). */
  active?: boolean;
}

/** What a feed column is called in the file (for messages). */
export type ColumnLabels = (column: FeedColumn) => string;

export const FEED_LABELS: ColumnLabels = (column) => column;

/** A problem with one row: nothing of the row is written. */
export class RowFailure extends Error {
  constructor(readonly problem: RowProblem) {
    super(problem.message);
  }
}

const PRODUCT_COLUMNS: Partial<Record<string, FeedColumn>> = {
  INVALID_NAME: 'name', INVALID_DESCRIPTION: 'description', INVALID_PRICE: 'price', CATEGORY_NOT_FOUND: 'category',
  DUPLICATE_SKU: 'sku', INVALID_SKU: 'sku', INVALID_QUANTITY: 'stock',
};
const VARIANT_COLUMNS: Partial<Record<string, FeedColumn>> = {
  INVALID_PRICE: 'price_modifier', DUPLICATE_SKU: 'variant_sku', INVALID_SKU: 'variant_sku', INVALID_QUANTITY: 'variant_stock',
  NO_VARIANT_ATTRIBUTE: 'size', INVALID_VARIANT_ATTRIBUTE: 'size', PRODUCT_INACTIVE: 'sku', PRODUCT_NOT_FOUND: 'sku',
};

export interface FeedChanges {
  categoriesCreated: number; productsCreated: number; variantsCreated: number; pricesUpdated: number;
  rowsUnchanged: number; unitsStocked: number; productsDeactivated: number;
}

type Apply = () => void;

export class ProductFeed {
  private readonly catalogue;
  /** Lines where each product SKU / variant SKU was first defined in this file (for duplicate messages). */
  private readonly productLine = new Map<string, number>();
  private readonly variantLine = new Map<string, number>();
  /** Product SKUs whose row was rejected: their variant rows say so. */
  private readonly rejectedProduct = new Map<string, number>();
  /**
   * Products created inactive, deactivated when the feed ends: a variant cannot be added to an
   * inactive product, and its variant rows may come later. Only ids are kept.
   */
  private readonly toDeactivate: string[] = [];
  readonly changes: FeedChanges = {
    categoriesCreated: 0, productsCreated: 0, variantsCreated: 0, pricesUpdated: 0, rowsUnchanged: 0, unitsStocked: 0, productsDeactivated: 0,
  };

  constructor(
    private readonly app: ShopApp,
    private readonly uow: UnitOfWork,
    private readonly options: { createCategories?: boolean },
    private readonly label: ColumnLabels = FEED_LABELS,
  ) {
    this.catalogue = app.store.catalogue;
  }

  /** A row of shopctl's own feed: a product row, or (with variant_sku) a variant row. */
  row(row: FeedRow): RowProblem | null {
    const variantSku = row.value('variant_sku')?.trim() ?? '';
    return variantSku === '' ? this.product(row) : this.variant(row);
  }

  /** Only the product part of a row. */
  product(row: FeedRow): RowProblem | null {
    return this.settle(row, 'product', () => this.checkProduct(row)());
  }

  /** Only the variant part of a row. */
  variant(row: FeedRow): RowProblem | null {
    return this.settle(row, 'variant', () => this.checkVariant(row, false)());
  }

  /**
   * One file row that carries a product and its first variant (Shopify's first row of a
   * handle): both are checked before either is written.
   */
  productWithVariant(product: FeedRow, variant: FeedRow): RowProblem | null {
    return this.settle(product, 'product', () => {
      const createProduct = this.checkProduct(product);
      let addVariant: Apply;
      try {
        addVariant = this.checkVariant(variant, !this.catalogue.skuOwner(product.value('sku')!));
      } catch (error) {
        this.productLine.delete(product.value('sku')!.trim().toLowerCase());
        throw error;
      }
      const unchanged = this.changes.rowsUnchanged;
      createProduct();
      addVariant();
      // One file row: unchanged once, not once per part.
      if (this.changes.rowsUnchanged === unchanged + 2) this.changes.rowsUnchanged--;
    });
  }

  /** Deactivates the products the file marked as not for sale (after all their variants were added). */
  finish(): void {
    for (const productId of this.toDeactivate) {
      deactivateProduct(this.app, this.uow, this.info(deactivateProduct.command), { product: productId });
      this.changes.productsDeactivated++;
    }
    this.toDeactivate.length = 0;
  }

  private info(command: string): CommandInfo {
    return { command, causationId: this.uow.newId() };
  }

  private problem(line: number, column: FeedColumn, code: ImportProblemCode, reason: string): RowFailure {
    return new RowFailure(rowProblem(line, this.label(column), code, reason));
  }

  private settle(row: FeedRow, kind: 'product' | 'variant', run: () => void): RowProblem | null {
    try {
      const skuText = row.value('sku') ?? '';
      if (skuText.trim() === '') throw this.problem(row.line, 'sku', 'MISSING_VALUE', 'is empty (every row needs its product SKU)');
      const sku = this.domainCheck(row.line, 'sku', () => checkSku(skuText));
      try {
        run();
      } catch (error) {
        if (kind === 'product') this.rejectedProduct.set(sku.toLowerCase(), row.line);
        throw error;
      }
      return null;
    } catch (error) {
      if (error instanceof RowFailure) return error.problem;
      if (error instanceof DomainError) {
        const column = (kind === 'product' ? PRODUCT_COLUMNS : VARIANT_COLUMNS)[error.code];
        return rowProblem(row.line, column ? this.label(column) : null, error.code as ImportProblemCode, error.message);
      }
      throw error;
    }
  }

  private need<T>(line: number, column: FeedColumn, checked: Checked<T>): T {
    if (!checked.ok) throw this.problem(line, column, checked.problem.code, checked.problem.reason);
    return checked.value;
  }

  private domainCheck<T>(line: number, column: FeedColumn, check: () => T): T {
    try {
      return check();
    } catch (error) {
      if (error instanceof DomainError) throw this.problem(line, column, error.code, error.message);
      throw error;
    }
  }

  /** The category a path names: found, or (with --create-categories) created level by level when applied. */
  private category(line: number, text: string): { id: string } | { create: () => string } {
    const names = this.need(line, 'category', checkCategoryPath(text));
    names.forEach((name) => this.domainCheck(line, 'category', () => checkCategoryName(name)));
    const catalogue = this.catalogue;
    if (names.length === 1) {
      const found = catalogue.findCategory(names[0]);
      if (found) return { id: found.id };
    }
    let parentId: string | null = null;
    let parentName = '';
    const missing: string[] = [];
    for (const name of names) {
      const found = missing.length === 0 ? catalogue.categoryByNameKey(name) : undefined;
      if (found) {
        if (found.parentId !== parentId) {
          const where = found.parentId === null ? 'at the top level' : `under "${catalogue.findCategory(found.parentId)?.name ?? found.parentId}"`;
          throw this.problem(line, 'category', 'INVALID_CATEGORY_PATH',
            `${shown(text)}: category "${found.name}" exists ${where}, not ${parentId === null ? 'at the top level' : `under "${parentName}"`}`);
        }
        parentId = found.id;
        parentName = found.name;
      } else {
        missing.push(name);
      }
    }
    if (missing.length === 0) return { id: parentId! };
    if (!this.options.createCategories) {
      throw this.problem(line, 'category', 'CATEGORY_NOT_FOUND', `category ${shown(text)} does not exist (add --create-categories to create it)`);
    }
    const root = parentId;
    return {
      create: () => {
        let id = root;
        for (const name of missing) {
          // An earlier row of the same file may have created it meanwhile.
          const existing = this.catalogue.categoryByNameKey(name);
          id = existing && existing.parentId === id
            ? existing.id
            : createCategory(this.app, this.uow, this.info(createCategory.command), { name, parent: id ?? undefined });
          if (!existing) this.changes.categoriesCreated++;
        }
        return id!;
      },
    };
  }

  private checkProduct(row: FeedRow): Apply {
    const sku = row.value('sku')!.trim();
    const key = sku.toLowerCase();
    const earlier = this.productLine.get(key);
    if (earlier !== undefined) {
      throw this.problem(row.line, 'sku', 'DUPLICATE_SKU', `${shown(sku)} already has a product row on line ${earlier}`);
    }
    const owner = this.catalogue.skuOwner(sku);
    if (owner?.variantId) {
      throw this.problem(row.line, 'sku', 'DUPLICATE_SKU', `${shown(sku)} is already a variant SKU, not a product SKU`);
    }
    const priceText = row.value('price') ?? '';
    if (owner) {
      // An existing product: only its price follows the feed (see docs/import.md).
      const price = priceText.trim() === '' ? undefined : this.need(row.line, 'price', checkPriceText(priceText));
      this.productLine.set(key, row.line);
      return () => {
        if (price === undefined) {
          this.changes.rowsUnchanged++;
          return;
        }
        const before = this.uow.eventsAppended;
        updateProductPrice(this.app, this.uow, this.info(updateProductPrice.command), { product: owner.productId, priceMinor: price });
        if (this.uow.eventsAppended > before) this.changes.pricesUpdated++;
        else this.changes.rowsUnchanged++;
      };
    }
    const name = this.domainCheck(row.line, 'name', () => checkProductName(text(row, 'name')));
    const description = this.domainCheck(row.line, 'description', () => checkDescription(text(row, 'description')));
    const price = this.need(row.line, 'price', checkPriceText(priceText));
    const stock = this.need(row.line, 'stock', checkStock(row.value('stock'), MAX_INITIAL_STOCK));
    const category = this.category(row.line, text(row, 'category'));
    this.productLine.set(key, row.line);
    return () => {
      const categoryId = 'id' in category ? category.id : category.create();
      const productId = createProduct(this.app, this.uow, this.info(createProduct.command), {
        name, priceMinor: price, category: categoryId, description, stock, sku,
      });
      this.changes.productsCreated++;
      this.changes.unitsStocked += stock;
      if (row.active === false) this.toDeactivate.push(productId);
    };
  }

  /** `productPending`: the product is created by the same file row, just before this variant. */
  private checkVariant(row: FeedRow, productPending: boolean): Apply {
    const sku = row.value('sku')!.trim();
    const variantSku = this.domainCheck(row.line, 'variant_sku', () => checkSku(row.value('variant_sku') ?? ''));
    const key = variantSku.toLowerCase();
    const earlier = this.variantLine.get(key) ?? this.productLine.get(key);
    if (earlier !== undefined) {
      throw this.problem(row.line, 'variant_sku', 'DUPLICATE_SKU', `${shown(variantSku)} is already used on line ${earlier}`);
    }
    const product = this.catalogue.skuOwner(sku);
    if (!productPending && (!product || product.variantId)) {
      const rejectedAt = this.rejectedProduct.get(sku.toLowerCase());
      const reason = product
        ? `${shown(sku)} is a variant SKU; a variant row names its product's SKU`
        : rejectedAt !== undefined
          ? `product ${shown(sku)} was not imported (its row, line ${rejectedAt}, was rejected)`
          : `no product ${shown(sku)}: a variant row must come after its product's row`;
      throw this.problem(row.line, 'sku', 'PRODUCT_NOT_FOUND', reason);
    }
    const modifier = this.need(row.line, 'price_modifier', checkPriceModifierText(row.value('price_modifier')));
    const stock = this.need(row.line, 'variant_stock', checkStock(row.value('variant_stock'), MAX_INITIAL_STOCK));
    const size = text(row, 'size').trim() || undefined;
    const color = text(row, 'color').trim() || undefined;
    if (!size && !color) {
      throw this.problem(row.line, 'size', 'NO_VARIANT_ATTRIBUTE', 'a variant row needs a size or a color (or both)');
    }
    const existing = this.catalogue.skuOwner(variantSku);
    if (existing) {
      if (product && existing.productId === product.productId && existing.variantId) {
        // Already there: a re-run of the feed. Variants keep what they were created with.
        this.variantLine.set(key, row.line);
        return () => {
          this.changes.rowsUnchanged++;
        };
      }
      throw this.problem(row.line, 'variant_sku', 'DUPLICATE_SKU', `${shown(variantSku)} is already used by another product or variant`);
    }
    this.variantLine.set(key, row.line);
    return () => {
      const productId = productPending ? this.catalogue.skuOwner(sku)!.productId : product!.productId;
      const command = this.info(addProductVariant.command);
      const variantId = addProductVariant(this.app, this.uow, command, {
        product: productId, sku: variantSku, size, color, priceModifierMinor: modifier,
      });
      this.changes.variantsCreated++;
      if (stock > 0) {
        restockItem(this.uow, command, { inventoryId: derivedId.inventoryOfVariant(variantId), productId, variantId }, stock);
        this.changes.unitsStocked += stock;
      }
    };
  }
}

/** A text cell without the apostrophe an export put before what looked like a formula. */
function text(row: FeedRow, column: FeedColumn): string {
  return withoutFormulaGuard(row.value(column) ?? '');
}
