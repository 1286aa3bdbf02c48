// Use cases over the whole log: rebuild the read models (replay) and check them (verify).
// Neither writes outbox messages nor calls the payment gateway: they only project events.
import type { ReplayResult, VerifyResult } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export type { ProjectionDifference } from '../store/index.js';

export function replayReadModels(app: ShopApp): ReplayResult {
  return app.store.rebuildReadModels();
}

export function verifyProjections(app: ShopApp): VerifyResult {
  return app.store.verifyReadModels();
}
