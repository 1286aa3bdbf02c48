// Read-model queries for categories, products, variants and inventory.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, CategoryRow, InventoryRow, ProductRow, SkuRow, VariantRow } from '../readModels.js';
import { productRecord, type ProductRecord } from '../views.js';
import { nameKey } from '../../domain/text.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';
import { KeyedRead } from '../readAhead.js';
import { readTogether } from '../dialect.js';

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

/**
 * What naming a sellable unit by a reference reads (app/inventory.ts resolveInventoryItem), in
 * one go: on PostgreSQL one round trip instead of three or four.
 */
export interface ItemLookup {
  /** skuOwner(ref). */
  owner: SkuRow | undefined;
  /** The owner's variant, when the SKU is a variant's. */
  ownerVariant: VariantRow | undefined;
  /** findProduct(ref) without its id-prefix fallback: the product whose id is ref, else the owner's. */
  product: ProductRecord | undefined;
  /** variants(product.id) of that product ([] when there is none). */
  variants: VariantRow[];
}

// Each names the reference (trimmed, lower-case) once per parameter: a parameter used twice
// is not written into a grouped query (postgres/inline.ts).
const OWNER_VARIANT = 'SELECT * FROM variants WHERE id = (SELECT variantId FROM skus WHERE skuKey = ?)';
const PRODUCT_BY_ID_OR_OWNER = 'SELECT * FROM products WHERE id IN (?, (SELECT productId FROM skus WHERE skuKey = ?))';
const VARIANTS_OF_THAT_PRODUCT = `SELECT * FROM variants
  WHERE productId = COALESCE((SELECT id FROM products WHERE id = ?), (SELECT productId FROM skus WHERE skuKey = ?))
  ORDER BY createdAt, sku`;

export class CatalogueQueries {
  private readonly categoryById: SqlStatement;
  private readonly categoryByName: SqlStatement;
  private readonly allCategories: SqlStatement;
  private readonly productById: SqlStatement;
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

  /** itemLookup's reads, prepared at its first use (most commands never make it). */
  private lookupReads: { statement: SqlStatement; keys: number }[] | undefined;

  constructor(private readonly db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
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
    this.skusByKey = new KeyedRead(db, 'SELECT * FROM skus', 'skuKey');
    this.productsById = new KeyedRead(db, 'SELECT * FROM products', 'id');
    this.variantsById = new KeyedRead(db, 'SELECT * FROM variants', 'id');
    this.productsHavingVariants = new KeyedRead(db, 'SELECT DISTINCT productId FROM variants', 'productId');
  }

  /** See ItemLookup: the reads skuOwner, variant, findProduct and variants would make for `ref`, at once. */
  itemLookup(ref: string): ItemLookup {
    this.beforeRead(['skus', 'products', 'variants']);
    const key = ref.trim().toLowerCase();
    this.lookupReads ??= [
      { statement: this.skuByKey, keys: 1 },
      { statement: this.db.prepare(OWNER_VARIANT), keys: 1 },
      { statement: this.db.prepare(PRODUCT_BY_ID_OR_OWNER), keys: 2 },
      { statement: this.db.prepare(VARIANTS_OF_THAT_PRODUCT), keys: 2 },
    ];
    const [owners, ownerVariants, products, variants] = readTogether(
      this.db, this.lookupReads.map((read) => ({ statement: read.statement, params: new Array<string>(read.keys).fill(key) })),
    ) as unknown as [SkuRow[], VariantRow[], ProductRow[], VariantRow[]];
    // findProduct's order: by id first, then the SKU's owner.
    const row = products.find((r) => r.id === key) ?? products[0];
    return { owner: owners[0], ownerVariant: ownerVariants[0], product: row && productRecord(row), variants: row ? variants : [] };
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
  findProduct(ref: string): ProductRecord | undefined {
    const byId = this.product(ref);
    if (byId) return byId;
    const owner = this.skuOwner(ref);
    if (owner) return this.product(owner.productId);
    return this.productByIdPrefix(ref);
  }

  /** The product whose id starts with `ref`, when exactly one does: findProduct's last resort. */
  productByIdPrefix(ref: string): ProductRecord | undefined {
    const id = this.productByPrefix(ref);
    return id === undefined ? undefined : this.product(id);
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
