// Read-model queries for customers.
import type Database from 'better-sqlite3';
import type { BeforeRead, CustomerRow } from '../readModels.js';

export class CustomerQueries {
  private readonly byId: Database.Statement;
  private readonly byEmail: Database.Statement;
  private readonly all: Database.Statement;
  private readonly orderCount: Database.Statement;

  constructor(db: Database.Database, private readonly beforeRead: BeforeRead = () => undefined) {
    this.byId = db.prepare('SELECT * FROM customers WHERE id = ?');
    this.byEmail = db.prepare('SELECT * FROM customers WHERE email = ?');
    this.all = db.prepare('SELECT * FROM customers ORDER BY email');
    this.orderCount = db.prepare('SELECT count(*) FROM orders WHERE customerId = ?').pluck();
  }

  /** A customer by id or (case-insensitively) by email. */
  find(ref: string): CustomerRow | undefined {
    this.beforeRead(['customers']);
    return (this.byId.get(ref.trim().toLowerCase()) ?? this.byEmail.get(ref.trim().toLowerCase())) as CustomerRow | undefined;
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
