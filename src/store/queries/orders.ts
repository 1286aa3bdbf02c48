// Read-model queries for orders.
import type Database from 'better-sqlite3';
import type { OrderRow } from '../readModels.js';

export class OrderQueries {
  private readonly byId: Database.Statement;
  private readonly filtered: Database.Statement;

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    this.filtered = db.prepare(
      `SELECT * FROM orders WHERE (@status IS NULL OR status = @status) AND (@customerId IS NULL OR customerId = @customerId)
        ORDER BY placedAt, id`,
    );
  }

  order(id: string): OrderRow | undefined {
    return this.byId.get(id.trim().toLowerCase()) as OrderRow | undefined;
  }

  list(filter: { status?: string; customerId?: string }): OrderRow[] {
    return this.filtered.all({ status: filter.status ?? null, customerId: filter.customerId ?? null }) as OrderRow[];
  }
}
