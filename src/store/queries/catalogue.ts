// Read-model queries for categories, products, variants and inventory.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, CategoryRow, InventoryRow, ProductRow, SkuRow, VariantRow } from '../readModels.js';
import { productRecord, type ProductRecord } from '../views.js';
import { nameKey } from '../../domain/text.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';
import { KeyedRead } from '../readAhead.js';

/** What `itemsNamed` found for many references at once (see resolveInventoryItems in the app). */
export interface NamedItems {
  /** SKU owners by SKU key (trimmed, lower-case). */
  owners: Map<string, SkuRow>;
  /** Products by id: those whose id is one of the references, and the owners' products. */
  products: Map<string, ProductRecord>;
  /** The owners' variants by id. */
  variants: Map<string, VariantRow>;
  /** Which of those products have variants. */
  productsWithVariants: Set<string>;
}

export class CatalogueQueries {
  private readonly categoryById: SqlStatement;
  private readonly categoryByName: SqlStatement;
  private readonly allCategories: SqlStatement;
  private readonly productById: SqlStatement;
  private readonly productByEitherId: SqlStatement;
  private readonly skuByKey: SqlStatement;
  private readonly variantsOfProduct: SqlStatement;
  private readonly variantById: SqlStatement;
  private readonly inventoryById: SqlStatement;
  private readonly categoryByPrefix: PrefixLookup;
  private readonly productByPrefix: PrefixLookup;
  private readonly skusByKey: KeyedRead;
  private readonly productsById: KeyedRead;
  private readonly variantsById: KeyedRead;
  private readonly productsHavingVariants: KeyedRead;

  constructor(db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
    this.categoryById = db.prepare('SELECT * FROM categories WHERE id = ?');
    this.categoryByName = db.prepare('SELECT * FROM categories WHERE nameKey = ?');
    this.allCategories = db.prepare('SELECT * FROM categories ORDER BY path');
    this.productById = db.prepare('SELECT * FROM products WHERE id = ?');
    this.productByEitherId = db.prepare('SELECT * FROM products WHERE id IN (?, ?)');
    this.skuByKey = db.prepare('SELECT * FROM skus WHERE skuKey = ?');
    this.variantsOfProduct = db.prepare('SELECT * FROM variants WHERE productId = ? ORDER BY createdAt, sku');
    this.variantById = db.prepare('SELECT * FROM variants WHERE id = ?');
    this.inventoryById = db.prepare('SELECT * FROM inventory WHERE inventoryId = ?');
    this.categoryByPrefix = prefixLookup(db, 'categories', 'categories');
    this.productByPrefix = prefixLookup(db, 'products', 'products');
    this.skusByKey = new KeyedRead(db, 'SELECT * FROM skus', 'skuKey');
    this.productsById = new KeyedRead(db, 'SELECT * FROM products', 'id');
    this.variantsById = new KeyedRead(db, 'SELECT * FROM variants', 'id');
    this.productsHavingVariants = new KeyedRead(db, 'SELECT DISTINCT productId FROM variants', 'productId');
  }

  /**
   * For many product/SKU references at once, in a few set-based reads (a bulk import's next
   * chunk of rows): what skuOwner, product, variant and variants would answer for each.
   */
  itemsNamed(refs: Iterable<string>): NamedItems {
    this.beforeRead(['skus', 'products', 'variants']);
    const keys = [...new Set([...refs].map((ref) => ref.trim().toLowerCase()))];
    const owners = new Map<string, SkuRow>();
    for (const row of this.skusByKey.all(keys) as SkuRow[]) owners.set(row.skuKey, row);
    const ownerList = [...owners.values()];
    const products = new Map<string, ProductRecord>();
    for (const row of this.productsById.all([...keys, ...ownerList.map((o) => o.productId)]) as ProductRow[]) products.set(row.id, productRecord(row));
    const variants = new Map<string, VariantRow>();
    const variantIds = ownerList.flatMap((o) => (o.variantId ? [o.variantId] : []));
    for (const row of this.variantsById.all(variantIds) as VariantRow[]) variants.set(row.id, row);
    const productsWithVariants = new Set(
      (this.productsHavingVariants.all(products.keys()) as { productId: string }[]).map((row) => row.productId),
    );
    return { owners, products, variants, productsWithVariants };
  }

  /** A category by id, (case-insensitive) name, or a unique id prefix. */
  findCategory(ref: string): CategoryRow | undefined {
    this.beforeRead(['categories']);
    // Ids are stored lower-case; names are matched by their key (NFKC, case-folded).
    const found = (this.categoryById.get(ref.trim().toLowerCase()) ?? this.categoryByName.get(nameKey(ref))) as CategoryRow | undefined;
    if (found) return found;
    const id = this.categoryByPrefix(ref);
    return id === undefined ? undefined : this.categoryById.get(id) as CategoryRow | undefined;
  }

  categoryByNameKey(name: string): CategoryRow | undefined {
    this.beforeRead(['categories']);
    return this.categoryByName.get(nameKey(name)) as CategoryRow | undefined;
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

  /**
   * A product by id, by its own SKU, by one of its variants' SKUs, or by a unique id prefix
   * (an exact SKU wins over a prefix).
   */
  findProduct(ref: string, known?: { owner: SkuRow | undefined }): ProductRecord | undefined {
    // The caller may have looked the SKU up already: then both candidates in one read (by id
    // first, then the SKU's owner), one round trip on PostgreSQL instead of three.
    if (known?.owner) return this.productByIdOr(ref, known.owner.productId);
    const byId = this.product(ref);
    if (byId) return byId;
    const owner = known ? known.owner : this.skuOwner(ref);
    if (owner) return this.product(owner.productId);
    const id = this.productByPrefix(ref);
    return id === undefined ? undefined : this.product(id);
  }

  /** The product whose id is `ref`, else product `otherId`: what product(ref) ?? product(otherId) gives. */
  private productByIdOr(ref: string, otherId: string): ProductRecord | undefined {
    this.beforeRead(['products']);
    const id = ref.trim().toLowerCase();
    const rows = this.productByEitherId.all(id, otherId.trim().toLowerCase()) as ProductRow[];
    const row = rows.find((r) => r.id === id) ?? rows[0];
    return row && productRecord(row);
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
