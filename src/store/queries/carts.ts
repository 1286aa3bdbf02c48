// Read-model queries for carts. Lines are JSON (CartLine[]); SQLite's json_each looks inside.
import type Database from 'better-sqlite3';
import type { CartRow } from '../readModels.js';

export class CartQueries {
  private readonly byId: Database.Statement;
  private readonly holdingProduct: Database.Statement;
  private readonly idleSince: Database.Statement;

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT * FROM carts WHERE id = ?');
    this.holdingProduct = db.prepare(
      `SELECT DISTINCT c.id FROM carts c, json_each(c.lines) l
        WHERE json_extract(l.value, '$.productId') = ? ORDER BY c.id`,
    ).pluck();
    // updatedAt is ISO-8601 UTC, so text order is time order.
    this.idleSince = db.prepare(
      "SELECT id FROM carts WHERE lines <> '[]' AND updatedAt <= ? ORDER BY updatedAt, id",
    ).pluck();
  }

  cart(id: string): CartRow | undefined {
    return this.byId.get(id) as CartRow | undefined;
  }

  /** Ids of carts with at least one line of this product. */
  cartsHoldingProduct(productId: string): string[] {
    return this.holdingProduct.all(productId) as string[];
  }

  /** Ids of non-empty carts last changed at or before `cutoff`. */
  idleCarts(cutoff: string): string[] {
    return this.idleSince.all(cutoff) as string[];
  }
}
