// Read-model queries for categories, products, variants and inventory.
import type Database from 'better-sqlite3';
import { nameKey } from '../../domain/text.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';
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
  private readonly categoryByPrefix: PrefixLookup;
  private readonly productByPrefix: PrefixLookup;

  constructor(db: Database.Database) {
    this.categoryById = db.prepare('SELECT * FROM categories WHERE id = ?');
    this.categoryByName = db.prepare('SELECT * FROM categories WHERE nameKey = ?');
    this.allCategories = db.prepare('SELECT * FROM categories ORDER BY path');
    this.productById = db.prepare('SELECT * FROM products WHERE id = ?');
    this.skuByKey = db.prepare('SELECT * FROM skus WHERE skuKey = ?');
    this.variantsOfProduct = db.prepare('SELECT * FROM variants WHERE productId = ? ORDER BY createdAt, sku');
    this.variantById = db.prepare('SELECT * FROM variants WHERE id = ?');
    this.inventoryById = db.prepare('SELECT * FROM inventory WHERE inventoryId = ?');
    this.categoryByPrefix = prefixLookup(db, 'categories', 'categories');
    this.productByPrefix = prefixLookup(db, 'products', 'products');
  }

  /** A category by id, (case-insensitive) name, or a unique id prefix. */
  findCategory(ref: string): CategoryRow | undefined {
    // Ids are stored lower-case; names are matched by their key (NFKC, case-folded).
    const found = (this.categoryById.get(ref.trim().toLowerCase()) ?? this.categoryByName.get(nameKey(ref))) as CategoryRow | undefined;
    if (found) return found;
    const id = this.categoryByPrefix(ref);
    return id === undefined ? undefined : this.categoryById.get(id) as CategoryRow | undefined;
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

  /**
   * A product by id, by its own SKU, by one of its variants' SKUs, or by a unique id prefix
   * (an exact SKU wins over a prefix).
   */
  findProduct(ref: string): ProductRow | undefined {
    const byId = this.product(ref);
    if (byId) return byId;
    const owner = this.skuOwner(ref);
    if (owner) return this.product(owner.productId);
    const id = this.productByPrefix(ref);
    return id === undefined ? undefined : this.product(id);
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
