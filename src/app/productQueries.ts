// Product read views for `product list` and `product show`: one joined query each (no query
// per product), built by the store (src/store/queries/productViews.ts) in the shape of
// ProductView, which programs rely on (README "Commands": additive changes only).
import { DomainError } from '../domain/errors.js';
import type { ProductView } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export type { ProductView, VariantView } from '../store/index.js';

export interface ProductListOptions { category?: string; all?: boolean }

function listFilter(app: ShopApp, options: ProductListOptions): { categoryId?: string; includeInactive?: boolean } {
  if (options.category === undefined) return { includeInactive: options.all };
  const category = app.store.catalogue.findCategory(options.category);
  if (!category) throw new DomainError('CATEGORY_NOT_FOUND', `category "${options.category}" does not exist`, { category: options.category });
  return { categoryId: category.id, includeInactive: options.all };
}

/**
 * Products as one JSON document (an array of ProductView), built by the store without a
 * round trip through objects: this is what `product list --json` prints.
 */
export function listProductsJson(app: ShopApp, options: ProductListOptions): string {
  return app.store.productViews.productsJson(listFilter(app, options));
}

export function listProducts(app: ShopApp, options: ProductListOptions): ProductView[] {
  return app.store.productViews.products(listFilter(app, options));
}

export function showProduct(app: ShopApp, ref: string): ProductView {
  const found = app.store.catalogue.findProduct(ref);
  const view = found && app.store.productViews.product(found.id);
  if (!view) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  return view;
}
