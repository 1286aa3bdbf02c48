// Read-model queries for orders.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, OrderRow } from '../readModels.js';
import { orderRecord, type OrderRecord } from '../views.js';
import { parseOrderNumber } from '../../domain/references.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';

export interface OrderListFilter {
  status?: string;
  customerId?: string;
  /** Keyset pagination: only orders after this one in list order (placedAt, id). */
  after?: { placedAt: string; id: string };
  limit?: number;
}

export class OrderQueries {
  private readonly byId: SqlStatement;
  private readonly byNumber: SqlStatement;
  private readonly byPrefix: PrefixLookup;
  private readonly lastNumber: SqlStatement;
  private readonly filtered: SqlStatement;
  private readonly filteredAfter: SqlStatement;

  constructor(db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
    this.byId = db.prepare('SELECT * FROM orders WHERE id = ?');
    this.byNumber = db.prepare('SELECT * FROM orders WHERE number = ?');
    this.byPrefix = prefixLookup(db, 'orders', 'orders');
    this.lastNumber = db.prepare(`SELECT value FROM counters WHERE name = 'lastOrderNumber'`).pluck();

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
  listStatement(withAfter: boolean): SqlStatement {
    return withAfter ? this.filteredAfter : this.filtered;
  }

  /** An order by id, by number (`1001`, `#1001`) or by a unique id prefix. */
  order(ref: string): OrderRecord | undefined {
    this.beforeRead(['orders']);
    const row = this.orderRow(ref);
    return row && orderRecord(row);
  }

  private orderRow(ref: string): OrderRow | undefined {
    const number = parseOrderNumber(ref);
    if (number !== undefined) {
      // An order number wins; digits naming no order may still be the start of an id (ids are hex).
      const numbered = this.byNumber.get(number) as OrderRow | undefined;
      if (numbered || ref.trim().startsWith('#')) return numbered;
    }
    const key = ref.trim().toLowerCase();
    const exact = this.byId.get(key) as OrderRow | undefined;
    if (exact) return exact;
    const id = this.byPrefix(key);
    return id === undefined ? undefined : this.byId.get(id) as OrderRow | undefined;
  }

  /** The number of the last order placed, if any. */
  lastOrderNumber(): number | undefined {
    this.beforeRead(['counters']);
    return this.lastNumber.get() as number | undefined;
  }

  list(filter: OrderListFilter): OrderRecord[] {
    this.beforeRead(['orders']);
    const params = { status: filter.status ?? null, customerId: filter.customerId ?? null, limit: filter.limit ?? -1 };
    const rows = filter.after
      ? this.filteredAfter.all({ ...params, afterPlacedAt: filter.after.placedAt, afterId: filter.after.id }) as OrderRow[]
      : this.filtered.all(params) as OrderRow[];
    return rows.map(orderRecord);
  }
}
