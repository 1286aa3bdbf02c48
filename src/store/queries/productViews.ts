// Read-model queries behind `product list|show` and `inventory list`: each is ONE statement
// (products joined with their category, own stock and variants), never a query per product.
import type Database from 'better-sqlite3';
import type { InventoryRow } from '../readModels.js';

// The JSON is built by SQLite itself: turning 10,000 rows into JavaScript objects and back into
// JSON costs more than the query; `json_object` rows joined with commas cost almost nothing.
// The shape is ProductView in src/app/productQueries.ts (SPEC §2: id, sku, name, price,
// active, variants with id, sku, size, color, priceModifier — plus stock fields).
const PRODUCT_JSON = `
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

/** An inventory row with what names it for people: the product's name, the variant's size and colour. */
export type InventoryListRow = InventoryRow & { productName: string; size: string | null; color: string | null };

export class ProductViewQueries {
  private readonly list: Database.Statement;
  private readonly one: Database.Statement;
  private readonly stock: Database.Statement;

  constructor(db: Database.Database) {
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

  /** One JSON object (text) per product, by name. */
  productsJson(options: { categoryId?: string; includeInactive?: boolean }): string[] {
    return this.list.all({ all: options.includeInactive ? 1 : 0, categoryId: options.categoryId ?? null }) as string[];
  }

  productJson(id: string): string | undefined {
    return this.one.get(id) as string | undefined;
  }

  /** Sellable units, optionally only those with at most `low` available. */
  inventory(options: { low?: number }): InventoryListRow[] {
    return this.stock.all({ low: options.low ?? null }) as InventoryListRow[];
  }
}
