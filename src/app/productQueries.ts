// Product read views for `product list` and `product show`.
import { DomainError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import type { ProductRow } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export interface VariantView {
  id: string; sku: string; size: string | null; color: string | null; priceModifier: Money;
  inventoryId: string; onHand: number; reserved: number;
}

export interface ProductView {
  id: string; sku: string | null; name: string; description: string; price: Money; active: boolean;
  categoryId: string; categoryPath: string; inventoryId: string;
  onHand: number; reserved: number; available: number; variants: VariantView[];
}

export function listProducts(app: ShopApp, options: { category?: string; all?: boolean }): ProductView[] {
  let categoryId: string | undefined;
  if (options.category !== undefined) {
    const category = app.store.catalogue.findCategory(options.category);
    if (!category) throw new DomainError('CATEGORY_NOT_FOUND', `category "${options.category}" does not exist`, { category: options.category });
    categoryId = category.id;
  }
  const categoryPaths = new Map(app.store.catalogue.categories().map((c) => [c.id, c.path]));
  return app.store.catalogue.products({ categoryId, includeInactive: options.all }).map((p) => productView(app, p, categoryPaths));
}

export function showProduct(app: ShopApp, ref: string): ProductView {
  const row = app.store.catalogue.findProduct(ref);
  if (!row) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  const categoryPaths = new Map(app.store.catalogue.categories().map((c) => [c.id, c.path]));
  return productView(app, row, categoryPaths);
}

function productView(app: ShopApp, p: ProductRow, categoryPaths: Map<string, string>): ProductView {
  const catalogue = app.store.catalogue;
  const variants = catalogue.variants(p.id).map((v): VariantView => {
    const stock = catalogue.inventoryItem(v.inventoryId);
    return {
      id: v.id, sku: v.sku, size: v.size, color: v.color, priceModifier: { amount: v.priceModifier, currency: p.currency },
      inventoryId: v.inventoryId, onHand: stock?.onHand ?? 0, reserved: stock?.reserved ?? 0,
    };
  });
  const own = catalogue.inventoryItem(p.inventoryId);
  const onHand = variants.length ? variants.reduce((s, v) => s + v.onHand, 0) : own?.onHand ?? 0;
  const reserved = variants.length ? variants.reduce((s, v) => s + v.reserved, 0) : own?.reserved ?? 0;
  return {
    id: p.id, sku: p.sku, name: p.name, description: p.description, price: { amount: p.price, currency: p.currency },
    active: p.active === 1, categoryId: p.categoryId, categoryPath: categoryPaths.get(p.categoryId) ?? '',
    inventoryId: p.inventoryId, onHand, reserved, available: onHand - reserved, variants,
  };
}
