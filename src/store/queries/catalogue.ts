// Read-model queries for categories, products, variants and inventory.
import type Database from 'better-sqlite3';
import { nameKey } from '../../domain/text.js';
import type { CategoryRow, InventoryRow, ProductRow, SkuRow, VariantRow } from '../readModels.js';


export class CatalogueQueries {
  private readonly categoryById: Database.Statement;
  private readonly categoryByName: Database.Statement;
  private readonly allCategories: Database.Statement;
  private readonly productById: Database.Statement;
  private readonly skuByKey: Database.Statement;
  private readonly variantsOfProduct: Database.Statement;
  private readonly variantById: Database.Statement;
  private readonly inventoryById: Database.Statement;

  constructor(db: Database.Database) {
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
    // Ids are stored lower-case; names are matched by their key (NFKC, case-folded).
    return (this.categoryById.get(ref.trim().toLowerCase()) ?? this.categoryByName.get(nameKey(ref))) as CategoryRow | undefined;
  }

  categoryByNameKey(name: string): CategoryRow | undefined {
    return this.categoryByName.get(nameKey(name)) as CategoryRow | undefined;
  }

  categories(): CategoryRow[] {
    return this.allCategories.all() as CategoryRow[];
  }

  product(id: string): ProductRow | undefined {
    return this.productById.get(id.trim().toLowerCase()) as ProductRow | undefined;
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
}
