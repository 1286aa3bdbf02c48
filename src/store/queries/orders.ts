// Read-model queries for orders.
import type Database from 'better-sqlite3';
import { parseOrderNumber } from '../../domain/references.js';
import type { OrderRow } from '../readModels.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';

export class OrderQueries {
  private readonly byId: Database.Statement;
  private readonly byNumber: Database.Statement;
  private readonly byPrefix: PrefixLookup;
  private readonly lastNumber: Database.Statement;
  private readonly filtered: Database.Statement;

  constructor(db: Database.Database) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    this.byNumber = db.prepare('SELECT * FROM orders WHERE number = ?');
    this.byPrefix = prefixLookup(db, 'orders', 'orders');
    this.lastNumber = db.prepare(`SELECT value FROM counters WHERE name = 'lastOrderNumber'`).pluck();
    this.filtered = db.prepare(
      `SELECT * FROM orders WHERE (@status IS NULL OR status = @status) AND (@customerId IS NULL OR customerId = @customerId)
        ORDER BY placedAt, id`,
    );
  }

  /** An order by id, by number (`1001`, `#1001`) or by a unique id prefix. */
  order(ref: string): OrderRow | undefined {
    const number = parseOrderNumber(ref);
    if (number !== undefined) return this.byNumber.get(number) as OrderRow | undefined;
    const key = ref.trim().toLowerCase();
    const exact = this.byId.get(key) as OrderRow | undefined;
    if (exact) return exact;
    const id = this.byPrefix(key);
    return id === undefined ? undefined : this.byId.get(id) as OrderRow | undefined;
  }

  /** The number of the last order placed, if any. */
  lastOrderNumber(): number | undefined {
    return (this.lastNumber.get() as number | undefined) ?? undefined;
  }

  list(filter: { status?: string; customerId?: string }): OrderRow[] {
    return this.filtered.all({ status: filter.status ?? null, customerId: filter.customerId ?? null }) as OrderRow[];
  }
}
