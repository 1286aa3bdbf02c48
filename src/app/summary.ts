// A short picture of the shop (catalogue, stock, orders by status, pending outbox, events),
// read from the read models: what `fixtures apply` prints at the end.
import type { ShopSummary } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export type { ShopSummary };

export function shopSummary(app: ShopApp): ShopSummary {
  return app.store.summary.summary();
}
