// Read-model queries behind `product list|show` and `inventory list`: each is ONE statement
// (products joined with their category, own stock and variants), never a query per product,
// so listing 10,000 products costs one pass over the tables.
import type Database from 'better-sqlite3';
import type { InventoryRow, ProductRow } from '../readModels.js';

export interface VariantStockRow {
  id: string; sku: string; size: string | null; color: string | null; priceModifier: number;
  inventoryId: string; onHand: number; reserved: number;
}

export interface ProductStockRow extends ProductRow {
  categoryPath: string | null;
  /** The product's own inventory item. */
  ownOnHand: number; ownReserved: number;
  variants: VariantStockRow[];
}

interface RawRow extends ProductRow {
  categoryPath: string | null; ownOnHand: number | null; ownReserved: number | null; variantsJson: string;
}

const SELECT = `
  SELECT p.*, c.path AS categoryPath, i.onHand AS ownOnHand, i.reserved AS ownReserved,
    (SELECT json_group_array(json_object(
        'id', v.id, 'sku', v.sku, 'size', v.size, 'color', v.color, 'priceModifier', v.priceModifier,
        'inventoryId', v.inventoryId, 'onHand', COALESCE(vi.onHand, 0), 'reserved', COALESCE(vi.reserved, 0))
        ORDER BY v.createdAt, v.sku)
       FROM variants v LEFT JOIN inventory vi ON vi.inventoryId = v.inventoryId
      WHERE v.productId = p.id) AS variantsJson
  FROM products p
  LEFT JOIN categories c ON c.id = p.categoryId
  LEFT JOIN inventory i ON i.inventoryId = p.inventoryId`;

export class ProductViewQueries {
  private readonly list: Database.Statement;
  private readonly one: Database.Statement;
  private readonly stock: Database.Statement;

  constructor(db: Database.Database) {
    this.list = db.prepare(
      `${SELECT} WHERE (@all = 1 OR p.active = 1) AND (@categoryId IS NULL OR p.categoryId = @categoryId) ORDER BY p.name, p.id`,
    );
    this.one = db.prepare(`${SELECT} WHERE p.id = ?`);
    // A product's own item stops being a sellable unit once the product has variants; it is
    // still listed while it holds stock (so nothing disappears), but never as "low".
    this.stock = db.prepare(`
      SELECT i.* FROM inventory i
      WHERE NOT (i.variantId IS NULL AND EXISTS (SELECT 1 FROM variants v WHERE v.productId = i.productId)
                 AND (@low IS NOT NULL OR (i.onHand = 0 AND i.reserved = 0)))
        AND (@low IS NULL OR i.onHand - i.reserved <= @low)
      ORDER BY CASE WHEN @low IS NULL THEN 0 ELSE i.onHand - i.reserved END, i.sku IS NULL, i.sku, i.inventoryId`);
  }

  products(options: { categoryId?: string; includeInactive?: boolean }): ProductStockRow[] {
    return (this.list.all({ all: options.includeInactive ? 1 : 0, categoryId: options.categoryId ?? null }) as RawRow[]).map(decode);
  }

  product(id: string): ProductStockRow | undefined {
    const row = this.one.get(id) as RawRow | undefined;
    return row && decode(row);
  }

  /** Sellable units, optionally only those with at most `low` available. */
  inventory(options: { low?: number }): InventoryRow[] {
    return this.stock.all({ low: options.low ?? null }) as InventoryRow[];
  }
}

function decode({ variantsJson, ownOnHand, ownReserved, ...row }: RawRow): ProductStockRow {
  return { ...row, ownOnHand: ownOnHand ?? 0, ownReserved: ownReserved ?? 0, variants: JSON.parse(variantsJson) as VariantStockRow[] };
}
