// What sold: orders, units and revenue per day, week or month (docs/references.md, reports).
// An order counts once its payment is captured — CONFIRMED, SHIPPED or DELIVERED; a PENDING
// order has sold nothing yet; CANCELLED orders are counted apart. Pure: the caller gives each
// order's local calendar day.
import type { OrderStatus } from './events.js';

export type ReportPeriod = 'day' | 'week' | 'month';
export const REPORT_PERIODS: readonly ReportPeriod[] = ['day', 'week', 'month'];

export const COUNTED_STATUSES: readonly OrderStatus[] = ['CONFIRMED', 'SHIPPED', 'DELIVERED'];

export interface SaleInput {
  /** The merchant's calendar day the order was placed on, YYYY-MM-DD. */
  day: string;
  status: OrderStatus;
  units: number;
  /** Minor units. */
  total: number;
}

export interface SalesPeriod {
  /** YYYY-MM-DD (a day; a week by its Monday) or YYYY-MM (a month). */
  period: string;
  orders: number;
  units: number;
  revenue: number;
  cancelledOrders: number;
  cancelledAmount: number;
}

/** The period a day falls in: the day itself, the Monday of its week, or its month. */
export function periodOf(day: string, by: ReportPeriod): string {
  if (by === 'day') return day;
  if (by === 'month') return day.slice(0, 7);
  const [y, m, d] = day.split('-').map(Number);
  const date = new Date(Date.UTC(y, m - 1, d));
  const sinceMonday = (date.getUTCDay() + 6) % 7;
  date.setUTCDate(date.getUTCDate() - sinceMonday);
  return date.toISOString().slice(0, 10);
}

/** Sums per period, oldest first; periods with neither sales nor cancellations are left out. */
export function summarizeSales(orders: readonly SaleInput[], by: ReportPeriod): SalesPeriod[] {
  const periods = new Map<string, SalesPeriod>();
  for (const order of orders) {
    const counted = COUNTED_STATUSES.includes(order.status);
    if (!counted && order.status !== 'CANCELLED') continue;
    const key = periodOf(order.day, by);
    let row = periods.get(key);
    if (!row) periods.set(key, (row = { period: key, orders: 0, units: 0, revenue: 0, cancelledOrders: 0, cancelledAmount: 0 }));
    if (counted) {
      row.orders++;
      row.units += order.units;
      row.revenue += order.total;
    } else {
      row.cancelledOrders++;
      row.cancelledAmount += order.total;
    }
  }
  return [...periods.values()].sort((a, b) => (a.period < b.period ? -1 : a.period > b.period ? 1 : 0));
}

/** Stock worth a look: sold out (nothing available) or low (at most `low` available). */
export function stockState(available: number, low: number): 'sold out' | 'low' | undefined {
  if (available <= 0) return 'sold out';
  return available <= low ? 'low' : undefined;
}
