// Read-model queries for categories, products, variants and inventory.
import type Database from 'better-sqlite3';
import type { CategoryRow, InventoryRow, ProductRow, SkuRow, VariantRow } from '../readModels.js';

const UUID_PATTERN = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

export function looksLikeId(ref: string): boolean {
  return UUID_PATTERN.test(ref);
}

export class CatalogueQueries {
  private readonly categoryById: Database.Statement;
  private readonly categoryByName: Database.Statement;
  private readonly allCategories: Database.Statement;
  private readonly productById: Database.Statement;
  private readonly skuByKey: Database.Statement;
  private readonly variantsOfProduct: Database.Statement;
  private readonly variantById: Database.Statement;
  private readonly inventoryById: Database.Statement;
  private readonly inventoryList: Database.Statement;
  private readonly inventoryLow: Database.Statement;
  private readonly productsAll: Database.Statement;
  private readonly productsActive: Database.Statement;

  constructor(db: Database.Database) {
    this.categoryById = db.prepare('SELECT * FROM categories WHERE id = ?');
    this.categoryByName = db.prepare('SELECT * FROM categories WHERE nameKey = ?');
    this.allCategories = db.prepare('SELECT * FROM categories ORDER BY path');
    this.productById = db.prepare('SELECT * FROM products WHERE id = ?');
    this.skuByKey = db.prepare('SELECT * FROM skus WHERE skuKey = ?');
    this.variantsOfProduct = db.prepare('SELECT * FROM variants WHERE productId = ? ORDER BY createdAt, sku');
    this.variantById = db.prepare('SELECT * FROM variants WHERE id = ?');
    this.inventoryById = db.prepare('SELECT * FROM inventory WHERE inventoryId = ?');
    this.inventoryList = db.prepare('SELECT * FROM inventory ORDER BY sku IS NULL, sku, inventoryId');
    this.inventoryLow = db.prepare(
      'SELECT * FROM inventory WHERE onHand - reserved <= ? ORDER BY onHand - reserved, sku IS NULL, sku, inventoryId',
    );
    this.productsAll = db.prepare(
      'SELECT * FROM products WHERE (@categoryId IS NULL OR categoryId = @categoryId) ORDER BY name, id',
    );
    this.productsActive = db.prepare(
      'SELECT * FROM products WHERE active = 1 AND (@categoryId IS NULL OR categoryId = @categoryId) ORDER BY name, id',
    );
  }

  /** A category by id or (case-insensitive) name. */
  findCategory(ref: string): CategoryRow | undefined {
    return (this.categoryById.get(ref) ?? this.categoryByName.get(ref.trim().toLowerCase())) as CategoryRow | undefined;
  }

  categoryByNameKey(name: string): CategoryRow | undefined {
    return this.categoryByName.get(name.trim().toLowerCase()) as CategoryRow | undefined;
  }

  categories(): CategoryRow[] {
    return this.allCategories.all() as CategoryRow[];
  }

  product(id: string): ProductRow | undefined {
    return this.productById.get(id) as ProductRow | undefined;
  }

  /** Who owns a SKU (product or variant), case-insensitively. */
  skuOwner(sku: string): SkuRow | undefined {
    return this.skuByKey.get(sku.trim().toLowerCase()) as SkuRow | undefined;
  }

  /** A product by id, by its own SKU, or by one of its variants' SKUs. */
  findProduct(ref: string): ProductRow | undefined {
    const byId = this.product(ref);
    if (byId) return byId;
    const owner = this.skuOwner(ref);
    return owner ? this.product(owner.productId) : undefined;
  }

  variants(productId: string): VariantRow[] {
    return this.variantsOfProduct.all(productId) as VariantRow[];
  }

  variant(id: string): VariantRow | undefined {
    return this.variantById.get(id) as VariantRow | undefined;
  }

  inventoryItem(inventoryId: string): InventoryRow | undefined {
    return this.inventoryById.get(inventoryId) as InventoryRow | undefined;
  }

  inventory(options: { low?: number } = {}): InventoryRow[] {
    return (options.low === undefined ? this.inventoryList.all() : this.inventoryLow.all(options.low)) as InventoryRow[];
  }

  products(options: { categoryId?: string; includeInactive?: boolean } = {}): ProductRow[] {
    const statement = options.includeInactive ? this.productsAll : this.productsActive;
    return statement.all({ categoryId: options.categoryId ?? null }) as ProductRow[];
  }
}
