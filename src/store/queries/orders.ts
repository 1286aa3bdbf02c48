// Read-model queries for orders.
import type Database from 'better-sqlite3';
import type { BeforeRead, OrderRow } from '../readModels.js';
import { orderRecord, type OrderRecord } from '../views.js';

export class OrderQueries {
  private readonly byId: Database.Statement;
  private readonly filtered: Database.Statement;

  constructor(db: Database.Database, private readonly beforeRead: BeforeRead = () => undefined) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    this.filtered = db.prepare(
      `SELECT * FROM orders WHERE (@status IS NULL OR status = @status) AND (@customerId IS NULL OR customerId = @customerId)
        ORDER BY placedAt, id`,
    );
  }

  order(id: string): OrderRecord | undefined {
    this.beforeRead(['orders']);
    const row = this.byId.get(id.trim().toLowerCase()) as OrderRow | undefined;
    return row && orderRecord(row);
  }

  list(filter: { status?: string; customerId?: string }): OrderRecord[] {
    this.beforeRead(['orders']);
    return (this.filtered.all({ status: filter.status ?? null, customerId: filter.customerId ?? null }) as OrderRow[]).map(orderRecord);
  }
}
