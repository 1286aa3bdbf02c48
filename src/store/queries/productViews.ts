// Read-model queries behind `product list|show` and `inventory list`: each is ONE statement
// (products joined with their category, own stock and variants), never a query per product.
import { dialectOf } from '../dialect.js';
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, InventoryRow } from '../readModels.js';
import type { ProductView } from '../views.js';

// The JSON is built by SQLite itself: turning 10,000 rows into JavaScript objects and back into
// JSON costs more than the query; `json_object` rows joined with commas cost almost nothing.
// The shape is ProductView in ../views.ts (README "Commands": id, sku, name, price,
// active, variants with id, sku, size, color, priceModifier — plus stock fields).
const PRODUCT_JSON_SQLITE = `
  WITH variantStock AS (
    SELECT v.productId AS productId,
           json_group_array(json_object(
             'id', v.id, 'sku', v.sku, 'size', v.size, 'color', v.color,
             'priceModifier', json_object('amount', v.priceModifier, 'currency', vp.currency),
             'price', json_object('amount', vp.price + v.priceModifier, 'currency', vp.currency),
             'inventoryId', v.inventoryId,
             'onHand', COALESCE(vi.onHand, 0), 'reserved', COALESCE(vi.reserved, 0),
             'available', COALESCE(vi.onHand, 0) - COALESCE(vi.reserved, 0)
           ) ORDER BY v.createdAt, v.sku) AS variants,
           SUM(COALESCE(vi.onHand, 0)) AS onHand, SUM(COALESCE(vi.reserved, 0)) AS reserved
      FROM variants v
      JOIN products vp ON vp.id = v.productId
      LEFT JOIN inventory vi ON vi.inventoryId = v.inventoryId
     GROUP BY v.productId
  )
  SELECT json_object(
    'id', p.id, 'sku', p.sku, 'name', p.name, 'description', p.description,
    'price', json_object('amount', p.price, 'currency', p.currency),
    'active', json(CASE p.active WHEN 1 THEN 'true' ELSE 'false' END),
    'categoryId', p.categoryId, 'categoryPath', COALESCE(c.path, ''), 'inventoryId', p.inventoryId,
    -- Own stock without variants; the sum over the variants once it has some.
    'onHand', COALESCE(vs.onHand, i.onHand, 0), 'reserved', COALESCE(vs.reserved, i.reserved, 0),
    'available', COALESCE(vs.onHand, i.onHand, 0) - COALESCE(vs.reserved, i.reserved, 0),
    'variants', json(COALESCE(vs.variants, '[]'))
  )
  FROM products p
  LEFT JOIN categories c ON c.id = p.categoryId
  LEFT JOIN inventory i ON i.inventoryId = p.inventoryId
  LEFT JOIN variantStock vs ON vs.productId = p.id`;

/**
 * The same document on PostgreSQL, as compact text built by concatenation: json_build_object
 * spaces its output (`"id" : …`), and re-serialising 10,000 rows in JavaScript cost as much as
 * the query (README "Performance"). to_json() quotes and escapes a string as json_build_object
 * does; a NULL string is `null`. Keys in ProductView's order, as on SQLite.
 */
const jsonText = (value: string) => `COALESCE(to_json(${value})::text, 'null')`;
const PRODUCT_JSON_PG = `
  WITH variantStock AS (
    SELECT v.productId AS productId,
           '[' || string_agg('{"id":' || ${jsonText('v.id')} || ',"sku":' || ${jsonText('v.sku')}
             || ',"size":' || ${jsonText('v.size')} || ',"color":' || ${jsonText('v.color')}
             || ',"priceModifier":{"amount":' || v.priceModifier || ',"currency":' || ${jsonText('vp.currency')} || '}'
             || ',"price":{"amount":' || (vp.price + v.priceModifier) || ',"currency":' || ${jsonText('vp.currency')} || '}'
             || ',"inventoryId":' || ${jsonText('v.inventoryId')}
             || ',"onHand":' || COALESCE(vi.onHand, 0) || ',"reserved":' || COALESCE(vi.reserved, 0)
             || ',"available":' || (COALESCE(vi.onHand, 0) - COALESCE(vi.reserved, 0)) || '}',
             ',' ORDER BY v.createdAt, v.sku) || ']' AS variants,
           SUM(COALESCE(vi.onHand, 0)) AS onHand, SUM(COALESCE(vi.reserved, 0)) AS reserved
      FROM variants v
      JOIN products vp ON vp.id = v.productId
      LEFT JOIN inventory vi ON vi.inventoryId = v.inventoryId
     GROUP BY v.productId
  )
  SELECT '{"id":' || ${jsonText('p.id')} || ',"sku":' || ${jsonText('p.sku')} || ',"name":' || ${jsonText('p.name')}
    || ',"description":' || ${jsonText('p.description')}
    || ',"price":{"amount":' || p.price || ',"currency":' || ${jsonText('p.currency')} || '}'
    || ',"active":' || CASE p.active WHEN 1 THEN 'true' ELSE 'false' END
    || ',"categoryId":' || ${jsonText('p.categoryId')} || ',"categoryPath":' || ${jsonText("COALESCE(c.path, '')")}
    || ',"inventoryId":' || ${jsonText('p.inventoryId')}
    || ',"onHand":' || COALESCE(vs.onHand, i.onHand, 0) || ',"reserved":' || COALESCE(vs.reserved, i.reserved, 0)
    || ',"available":' || (COALESCE(vs.onHand, i.onHand, 0) - COALESCE(vs.reserved, i.reserved, 0))
    || ',"variants":' || COALESCE(vs.variants, '[]') || '}'
  FROM products p
  LEFT JOIN categories c ON c.id = p.categoryId
  LEFT JOIN inventory i ON i.inventoryId = p.inventoryId
  LEFT JOIN variantStock vs ON vs.productId = p.id`;

const PRODUCT_TABLES = ['products', 'variants', 'categories', 'inventory'] as const;
/** An inventory row with what names it for people: the product's name, the variant's size and colour. */
export type InventoryListRow = InventoryRow & { productName: string; size: string | null; color: string | null };

export class ProductViewQueries {
  private readonly list: SqlStatement;
  private readonly one: SqlStatement;
  private readonly stock: SqlStatement;

  constructor(db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
    const postgres = dialectOf(db) === 'postgres';
    const PRODUCT_JSON = postgres ? PRODUCT_JSON_PG : PRODUCT_JSON_SQLITE;
    this.list = db.prepare(
      `${PRODUCT_JSON} WHERE (@all = 1 OR p.active = 1) AND (@categoryId IS NULL OR p.categoryId = @categoryId) ORDER BY p.name, p.id`,
    ).pluck();
    this.one = db.prepare(`${PRODUCT_JSON} WHERE p.id = ?`).pluck();
    // A product's own item stops being a sellable unit once the product has variants; it is
    // still listed while it holds stock (so nothing disappears), but never as "low".
    this.stock = db.prepare(`
      SELECT i.*, p.name AS productName, v.size AS size, v.color AS color
      FROM inventory i JOIN products p ON p.id = i.productId LEFT JOIN variants v ON v.id = i.variantId
      WHERE NOT (i.variantId IS NULL AND EXISTS (SELECT 1 FROM variants v WHERE v.productId = i.productId)
                 AND (@low IS NOT NULL OR (i.onHand = 0 AND i.reserved = 0)))
        AND (@low IS NULL OR i.onHand - i.reserved <= @low)
      ORDER BY CASE WHEN @low IS NULL THEN 0 ELSE i.onHand - i.reserved END, i.sku IS NULL, i.sku, i.inventoryId`);
  }

  /** The products as one JSON document (an array of ProductView, by name), ready to print. */
  productsJson(options: { categoryId?: string; includeInactive?: boolean }): string {
    this.beforeRead(PRODUCT_TABLES);
    return `[${(this.list.all({ all: options.includeInactive ? 1 : 0, categoryId: options.categoryId ?? null }) as string[]).join(',')}]`;
  }

  products(options: { categoryId?: string; includeInactive?: boolean }): ProductView[] {
    return JSON.parse(this.productsJson(options)) as ProductView[];
  }

  product(id: string): ProductView | undefined {
    this.beforeRead(PRODUCT_TABLES);
    const json = this.one.get(id) as string | undefined;
    return json === undefined ? undefined : (JSON.parse(json) as ProductView); // parsed: spacing does not matter
  }

  /** Sellable units, optionally only those with at most `low` available. */
  inventory(options: { low?: number }): InventoryListRow[] {
    this.beforeRead(['inventory', 'variants', 'products']);
    return this.stock.all({ low: options.low ?? null }) as InventoryListRow[];
  }
}
