// Read-model queries for carts. Lines are stored as JSON (CartLine[]); json_each (SQLite) or
// json_array_elements (PostgreSQL) looks inside.
import { dialectOf } from '../dialect.js';
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, CartRow } from '../readModels.js';
import { cartRecord, type CartRecord } from '../views.js';

export class CartQueries {
  private readonly byId: SqlStatement;
  private readonly holdingProduct: SqlStatement;
  private readonly idleSince: SqlStatement;

  constructor(db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
    this.byId = db.prepare('SELECT * FROM carts WHERE id = ?');
    this.holdingProduct = db.prepare(
      dialectOf(db) === 'postgres'
        ? `SELECT DISTINCT c.id FROM carts c, json_array_elements(c.lines::json) l
            WHERE l.value ->> 'productId' = ? ORDER BY c.id`
        : `SELECT DISTINCT c.id FROM carts c, json_each(c.lines) l
            WHERE json_extract(l.value, '$.productId') = ? ORDER BY c.id`,
    ).pluck();
    // updatedAt is ISO-8601 UTC, so text order is time order.
    this.idleSince = db.prepare(
      "SELECT id FROM carts WHERE lines <> '[]' AND updatedAt <= ? ORDER BY updatedAt, id",
    ).pluck();
  }

  cart(id: string): CartRecord | undefined {
    this.beforeRead(['carts']);
    const row = this.byId.get(id) as CartRow | undefined;
    return row && cartRecord(row);
  }

  /** Ids of carts with at least one line of this product. */
  cartsHoldingProduct(productId: string): string[] {
    this.beforeRead(['carts']);
    return this.holdingProduct.all(productId) as string[];
  }

  /** Ids of non-empty carts last changed at or before `cutoff`. */
  idleCarts(cutoff: string): string[] {
    this.beforeRead(['carts']);
    return this.idleSince.all(cutoff) as string[];
  }
}
