// Use cases over the whole log: rebuild the read models (replay) and check them (verify).
// Neither writes outbox messages nor calls the payment gateway: they only project events.
import type { ReplayResult, VerifyResult } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export type { ProjectionDifference } from '../store/index.js';

/** Rebuilds in one transaction that an interrupt can still abandon between batches (ShopApp.stepwise). */
export function replayReadModels(app: ShopApp): Promise<ReplayResult> {
  return app.stepwise((steps) => app.store.rebuildReadModelsStepwise(steps));
}

export function verifyProjections(app: ShopApp): VerifyResult {
  return app.store.verifyReadModels();
}
