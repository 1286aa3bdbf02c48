// Reports for the merchant: what sold (per period) and stock worth a look.
import type { OrderStatus } from '../domain/events.js';
import { stockState, summarizeSales, type ReportPeriod, type SalesPeriod } from '../domain/salesReport.js';
import { listOrders } from './orders.js';
import { listInventory, type InventoryView } from './queries.js';
import type { ShopApp } from './shopApp.js';

export interface SalesReport {
  by: ReportPeriod; from: string | null; to: string | null; currency: string;
  periods: SalesPeriod[];
  totals: Omit<SalesPeriod, 'period'>;
}

const two = (n: number) => String(n).padStart(2, '0');

/** The local calendar day of an ISO time (the merchant's day, as tables show times). */
function localDay(iso: string): string {
  const date = new Date(iso);
  return `${date.getFullYear()}-${two(date.getMonth() + 1)}-${two(date.getDate())}`;
}

/** Sales per period between two local days (inclusive, either may be open). */
export function salesReport(app: ShopApp, options: { from?: string; to?: string; by: ReportPeriod }): SalesReport {
  const orders = listOrders(app, {})
    .map((o) => ({ day: localDay(o.placedAt), status: o.status as OrderStatus, units: o.lineItems.reduce((n, l) => n + l.quantity, 0), total: o.totalAmount.amount }))
    .filter((o) => (options.from === undefined || o.day >= options.from) && (options.to === undefined || o.day <= options.to));
  const periods = summarizeSales(orders, options.by);
  const totals = { orders: 0, units: 0, revenue: 0, cancelledOrders: 0, cancelledAmount: 0 };
  for (const p of periods) {
    totals.orders += p.orders;
    totals.units += p.units;
    totals.revenue += p.revenue;
    totals.cancelledOrders += p.cancelledOrders;
    totals.cancelledAmount += p.cancelledAmount;
  }
  return { by: options.by, from: options.from ?? null, to: options.to ?? null, currency: app.currency(), periods, totals };
}

export interface StockReportItem extends InventoryView { state: 'sold out' | 'low' }

/** Sold-out and low items (at most `low` available), fewest available first, with what is reserved. */
export function stockReport(app: ShopApp, low: number): StockReportItem[] {
  const items: StockReportItem[] = [];
  for (const item of listInventory(app, { low })) {
    const state = stockState(item.available, low);
    if (state) items.push({ ...item, state });
  }
  return items;
}
