// Read-model queries for customers.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { BeforeRead, CustomerRow } from '../readModels.js';
import { prefixLookup, type PrefixLookup } from './prefix.js';

export class CustomerQueries {
  private readonly byId: SqlStatement;
  private readonly byEmail: SqlStatement;
  private readonly all: SqlStatement;
  private readonly orderCount: SqlStatement;
  private readonly byPrefix: PrefixLookup;

  constructor(db: SqlDatabase, private readonly beforeRead: BeforeRead = () => undefined) {
    this.byId = db.prepare('SELECT * FROM customers WHERE id = ?');
    this.byEmail = db.prepare('SELECT * FROM customers WHERE email = ?');
    this.all = db.prepare('SELECT * FROM customers ORDER BY email');
    this.orderCount = db.prepare('SELECT count(*) FROM orders WHERE customerId = ?').pluck();
    this.byPrefix = prefixLookup(db, 'customers', 'customers');
  }

  /** A customer by id, (case-insensitively) by email, or by a unique id prefix. */
  find(ref: string): CustomerRow | undefined {
    this.beforeRead(['customers']);
    const key = ref.trim().toLowerCase();
    const found = (this.byId.get(key) ?? this.byEmail.get(key)) as CustomerRow | undefined;
    if (found) return found;
    const id = this.byPrefix(key);
    return id === undefined ? undefined : this.byId.get(id) as CustomerRow | undefined;
  }

  byEmailAddress(email: string): CustomerRow | undefined {
    this.beforeRead(['customers']);
    return this.byEmail.get(email.trim().toLowerCase()) as CustomerRow | undefined;
  }

  list(): CustomerRow[] {
    this.beforeRead(['customers']);
    return this.all.all() as CustomerRow[];
  }

  ordersOf(customerId: string): number {
    this.beforeRead(['orders']);
    return this.orderCount.get(customerId) as number;
  }
}
