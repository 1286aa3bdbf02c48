// Read-model queries for orders.
import type Database from 'better-sqlite3';
import type { OrderRow } from '../readModels.js';

export interface OrderListFilter {
  status?: string;
  customerId?: string;
  /** Keyset pagination: only orders after this one in list order (placedAt, id). */
  after?: { placedAt: string; id: string };
  limit?: number;
}

export class OrderQueries {
  private readonly byId: Database.Statement;
  private readonly filtered: Database.Statement;
  private readonly filteredAfter: Database.Statement;

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    const filters = '(@status IS NULL OR status = @status) AND (@customerId IS NULL OR customerId = @customerId)';
    this.filtered = db.prepare(`SELECT * FROM orders WHERE ${filters} ORDER BY placedAt, id LIMIT @limit`);
    // Keyset pagination: a range seek on orders_in_list_order (placedAt, id), never OFFSET, so a
    // late page costs what the first does. Its own statement: an "IS NULL OR" around the row
    // comparison would hide the range from the planner.
    this.filteredAfter = db.prepare(
      `SELECT * FROM orders WHERE (placedAt, id) > (@afterPlacedAt, @afterId) AND ${filters} ORDER BY placedAt, id LIMIT @limit`,
    );
  }

  /** The statement `list` runs (for the test that checks its query plan). */
  listStatement(withAfter: boolean): Database.Statement {
    return withAfter ? this.filteredAfter : this.filtered;
  }

  order(id: string): OrderRow | undefined {
    return this.byId.get(id.trim().toLowerCase()) as OrderRow | undefined;
  }

  list(filter: OrderListFilter): OrderRow[] {
    const params = { status: filter.status ?? null, customerId: filter.customerId ?? null, limit: filter.limit ?? -1 };
    if (!filter.after) return this.filtered.all(params) as OrderRow[];
    return this.filteredAfter.all({ ...params, afterPlacedAt: filter.after.placedAt, afterId: filter.after.id }) as OrderRow[];
  }
}
