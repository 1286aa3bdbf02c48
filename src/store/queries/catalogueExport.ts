// The whole catalogue for `export products`: one statement, one row per variant (or per product
// without variants), streamed in a stable order that depends only on what is exported (SKUs),
// so exporting a shop rebuilt from an export gives the same file.
import type { SqlDatabase, SqlStatement } from '../sql.js';

export interface CatalogueExportRow {
  productId: string;
  /** The product's SKU; null for a product created without one. */
  sku: string | null;
  name: string;
  description: string;
  price: number;
  active: boolean;
  categoryPath: string;
  onHand: number;
  variantSku: string | null;
  size: string | null;
  color: string | null;
  priceModifier: number | null;
  variantOnHand: number | null;
}

export class CatalogueExportQueries {
  private readonly rows: SqlStatement;

  constructor(db: SqlDatabase) {
    this.rows = db.prepare(`
      SELECT p.id AS productId, p.sku, p.name, p.description, p.price, p.active, COALESCE(c.path, '') AS categoryPath,
             COALESCE(i.onHand, 0) AS onHand,
             v.sku AS variantSku, v.size, v.color, v.priceModifier, COALESCE(vi.onHand, 0) AS variantOnHand
        FROM products p
        LEFT JOIN categories c ON c.id = p.categoryId
        LEFT JOIN inventory i ON i.inventoryId = p.inventoryId
        LEFT JOIN variants v ON v.productId = p.id
        LEFT JOIN inventory vi ON vi.inventoryId = v.inventoryId
       ORDER BY lower(COALESCE(p.sku, @unnamedPrefix || substr(p.id, 1, 8))), p.id, lower(v.sku)`);
  }

  /**
   * Every product and variant, products by SKU (a product without one sorts as
   * `unnamedPrefix` + the first 8 characters of its id), variants by SKU.
   */
  *iterate(unnamedPrefix: string): IterableIterator<CatalogueExportRow> {
    // Closing this generator early closes the statement's iterator too.
    for (const row of this.rows.iterate({ unnamedPrefix: unnamedPrefix.toLowerCase() }) as IterableIterator<Omit<CatalogueExportRow, 'active'> & { active: number | boolean }>) {
      row.active = row.active === 1;
      yield row as CatalogueExportRow;
    }
  }
}
