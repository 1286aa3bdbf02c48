// One-look counts over the read models and the outbox: what `fixtures apply` prints at the end.
import type { SqlDatabase, SqlStatement } from '../sql.js';

import { ORDER_STATUSES } from '../../domain/events.js';

export interface ShopSummary {
  events: number;
  categories: number;
  products: { total: number; active: number; variants: number };
  customers: number;
  stock: { items: number; onHand: number; reserved: number; available: number; soldOut: number };
  /** Every status, zero when none. */
  ordersByStatus: Record<string, number>;
  outboxPending: number;
}

export class ShopSummaryQueries {
  private readonly counts: SqlStatement;
  private readonly stock: SqlStatement;
  private readonly orders: SqlStatement;

  constructor(db: SqlDatabase) {
    this.counts = db.prepare(`SELECT
      (SELECT COUNT(*) FROM events) AS events,
      (SELECT COUNT(*) FROM categories) AS categories,
      (SELECT COUNT(*) FROM products) AS products,
      (SELECT COUNT(*) FROM products WHERE active = 1) AS activeProducts,
      (SELECT COUNT(*) FROM variants) AS variants,
      (SELECT COUNT(*) FROM customers) AS customers,
      (SELECT COUNT(*) FROM outbox_pending) AS outboxPending`);
    // A product with variants keeps an (unused) item of its own; only sellable units count.
    this.stock = db.prepare(`SELECT COUNT(*) AS items, COALESCE(SUM(onHand), 0) AS onHand,
      COALESCE(SUM(reserved), 0) AS reserved, COALESCE(SUM(onHand = reserved), 0) AS soldOut
      FROM inventory i WHERE i.variantId IS NOT NULL
         OR NOT EXISTS (SELECT 1 FROM variants v WHERE v.productId = i.productId)`);
    this.orders = db.prepare('SELECT status, COUNT(*) AS n FROM orders GROUP BY status');
  }

  summary(): ShopSummary {
    const c = this.counts.get() as Record<string, number>;
    const s = this.stock.get() as { items: number; onHand: number; reserved: number; soldOut: number };
    const ordersByStatus: Record<string, number> = Object.fromEntries(ORDER_STATUSES.map((status) => [status, 0]));
    for (const row of this.orders.all() as { status: string; n: number }[]) ordersByStatus[row.status] = row.n;
    return {
      events: c.events,
      categories: c.categories,
      products: { total: c.products, active: c.activeProducts, variants: c.variants },
      customers: c.customers,
      stock: { items: s.items, onHand: s.onHand, reserved: s.reserved, available: s.onHand - s.reserved, soldOut: s.soldOut },
      ordersByStatus,
      outboxPending: c.outboxPending,
    };
  }
}
