// Use cases over the whole log: rebuild the read models (replay) and check them (verify).
// Neither writes outbox messages nor calls the payment gateway: they only project events.
import { rebuildReadModels, ShopSummaryQueries, verifyReadModels, type ReplayResult, type ShopSummary, type VerifyResult } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export type { ShopSummary };
export type { ProjectionDifference } from '../store/index.js';

export function replayReadModels(app: ShopApp): ReplayResult {
  return rebuildReadModels(app.store.db);
}

export function verifyProjections(app: ShopApp): VerifyResult {
  return verifyReadModels(app.store.db);
}

export function shopSummary(app: ShopApp): ShopSummary {
  return app.store.queries(ShopSummaryQueries).summary();
}
