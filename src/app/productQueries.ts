// Product read views for `product list` and `product show`: one joined query each (no query
// per product). The store builds the JSON (src/store/queries/productViews.ts); its shape is
// ProductView below, which programs rely on (SPEC §2: additive changes only).
import { DomainError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import { ProductViewQueries } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export interface VariantView {
  id: string; sku: string; size: string | null; color: string | null; priceModifier: Money;
  /** Product price + modifier. */
  price: Money;
  inventoryId: string; onHand: number; reserved: number; available: number;
}

export interface ProductView {
  id: string; sku: string | null; name: string; description: string; price: Money; active: boolean;
  categoryId: string; categoryPath: string; inventoryId: string;
  /** Own stock without variants; the sum over the variants once it has some. */
  onHand: number; reserved: number; available: number; variants: VariantView[];
}

/**
 * Products as one JSON document (an array of ProductView), built by the store without a
 * round trip through objects: this is what `product list --json` prints.
 */
export function listProductsJson(app: ShopApp, options: { category?: string; all?: boolean }): string {
  let categoryId: string | undefined;
  if (options.category !== undefined) {
    const category = app.store.catalogue.findCategory(options.category);
    if (!category) throw new DomainError('CATEGORY_NOT_FOUND', `category "${options.category}" does not exist`, { category: options.category });
    categoryId = category.id;
  }
  return `[${app.store.queries(ProductViewQueries).productsJson({ categoryId, includeInactive: options.all }).join(',')}]`;
}

export function listProducts(app: ShopApp, options: { category?: string; all?: boolean }): ProductView[] {
  return JSON.parse(listProductsJson(app, options)) as ProductView[];
}

export function showProduct(app: ShopApp, ref: string): ProductView {
  const found = app.store.catalogue.findProduct(ref);
  const json = found && app.store.queries(ProductViewQueries).productJson(found.id);
  if (!json) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  return JSON.parse(json) as ProductView;
}
