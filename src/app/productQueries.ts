// Product read views for `product list` and `product show`: one joined query each (no query
// per product), shaped into the JSON programs rely on (SPEC §2).
import { DomainError } from '../domain/errors.js';
import type { Money } from '../domain/money.js';
import { ProductViewQueries, type ProductStockRow } from '../store/index.js';
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

export function listProducts(app: ShopApp, options: { category?: string; all?: boolean }): ProductView[] {
  let categoryId: string | undefined;
  if (options.category !== undefined) {
    const category = app.store.catalogue.findCategory(options.category);
    if (!category) throw new DomainError('CATEGORY_NOT_FOUND', `category "${options.category}" does not exist`, { category: options.category });
    categoryId = category.id;
  }
  return app.store.queries(ProductViewQueries).products({ categoryId, includeInactive: options.all }).map(productView);
}

export function showProduct(app: ShopApp, ref: string): ProductView {
  const found = app.store.catalogue.findProduct(ref);
  const row = found && app.store.queries(ProductViewQueries).product(found.id);
  if (!row) throw new DomainError('PRODUCT_NOT_FOUND', `product "${ref}" does not exist`, { product: ref });
  return productView(row);
}

function productView(p: ProductStockRow): ProductView {
  const currency = p.currency;
  const variants = p.variants.map((v): VariantView => ({
    id: v.id, sku: v.sku, size: v.size, color: v.color,
    priceModifier: { amount: v.priceModifier, currency }, price: { amount: p.price + v.priceModifier, currency },
    inventoryId: v.inventoryId, onHand: v.onHand, reserved: v.reserved, available: v.onHand - v.reserved,
  }));
  const onHand = variants.length ? variants.reduce((s, v) => s + v.onHand, 0) : p.ownOnHand;
  const reserved = variants.length ? variants.reduce((s, v) => s + v.reserved, 0) : p.ownReserved;
  return {
    id: p.id, sku: p.sku, name: p.name, description: p.description, price: { amount: p.price, currency },
    active: p.active === 1, categoryId: p.categoryId, categoryPath: p.categoryPath ?? '',
    inventoryId: p.inventoryId, onHand, reserved, available: onHand - reserved, variants,
  };
}
