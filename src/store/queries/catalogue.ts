// Read-model queries for categories, products, variants and inventory.
import type Database from 'better-sqlite3';
import type { BeforeRead, CategoryRow, InventoryRow, ProductRow, SkuRow, VariantRow } from '../readModels.js';
import { productRecord, type ProductRecord } from '../views.js';

export class CatalogueQueries {
  private readonly categoryById: Database.Statement;
  private readonly categoryByName: Database.Statement;
  private readonly allCategories: Database.Statement;
  private readonly productById: Database.Statement;
  private readonly skuByKey: Database.Statement;
  private readonly variantsOfProduct: Database.Statement;
  private readonly variantById: Database.Statement;
  private readonly inventoryById: Database.Statement;

  constructor(db: Database.Database, private readonly beforeRead: BeforeRead = () => undefined) {
    this.categoryById = db.prepare('SELECT * FROM categories WHERE id = ?');
    this.categoryByName = db.prepare('SELECT * FROM categories WHERE nameKey = ?');
    this.allCategories = db.prepare('SELECT * FROM categories ORDER BY path');
    this.productById = db.prepare('SELECT * FROM products WHERE id = ?');
    this.skuByKey = db.prepare('SELECT * FROM skus WHERE skuKey = ?');
    this.variantsOfProduct = db.prepare('SELECT * FROM variants WHERE productId = ? ORDER BY createdAt, sku');
    this.variantById = db.prepare('SELECT * FROM variants WHERE id = ?');
    this.inventoryById = db.prepare('SELECT * FROM inventory WHERE inventoryId = ?');
  }

  /** A category by id or (case-insensitive) name. */
  findCategory(ref: string): CategoryRow | undefined {
    this.beforeRead(['categories']);
    const key = ref.trim().toLowerCase(); // ids are stored lower-case; names are matched in any case
    return (this.categoryById.get(key) ?? this.categoryByName.get(key)) as CategoryRow | undefined;
  }

  categoryByNameKey(name: string): CategoryRow | undefined {
    this.beforeRead(['categories']);
    return this.categoryByName.get(name.trim().toLowerCase()) as CategoryRow | undefined;
  }

  categories(): CategoryRow[] {
    this.beforeRead(['categories']);
    return this.allCategories.all() as CategoryRow[];
  }

  product(id: string): ProductRecord | undefined {
    this.beforeRead(['products']);
    const row = this.productById.get(id.trim().toLowerCase()) as ProductRow | undefined;
    return row && productRecord(row);
  }

  /** Who owns a SKU (product or variant), case-insensitively. */
  skuOwner(sku: string): SkuRow | undefined {
    this.beforeRead(['skus']);
    return this.skuByKey.get(sku.trim().toLowerCase()) as SkuRow | undefined;
  }

  /** A product by id, by its own SKU, or by one of its variants' SKUs. */
  findProduct(ref: string): ProductRecord | undefined {
    const byId = this.product(ref);
    if (byId) return byId;
    const owner = this.skuOwner(ref);
    return owner ? this.product(owner.productId) : undefined;
  }

  variants(productId: string): VariantRow[] {
    this.beforeRead(['variants']);
    return this.variantsOfProduct.all(productId) as VariantRow[];
  }

  variant(id: string): VariantRow | undefined {
    this.beforeRead(['variants']);
    return this.variantById.get(id) as VariantRow | undefined;
  }

  inventoryItem(inventoryId: string): InventoryRow | undefined {
    this.beforeRead(['inventory']);
    return this.inventoryById.get(inventoryId) as InventoryRow | undefined;
  }
}
