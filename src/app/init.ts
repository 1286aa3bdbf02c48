// shopctl init: the database is created and migrated on open; this sets the currency once.
import { DomainError } from '../domain/errors.js';
import type { ShopApp } from './shopApp.js';

export function initShop(app: ShopApp, currency: string | undefined): { currency: string; events: number; changed: boolean } {
  const events = app.store.eventLog.head();
  const current = app.currency();
  if (currency === undefined || currency === current) return { currency: current, events, changed: false };
  // Prices already recorded are in the old currency: switching would silently re-denominate them.
  if (events > 0) {
    throw new DomainError('CURRENCY_MISMATCH', `the shop already records prices in ${current}; the currency cannot change once events exist`, {
      current, requested: currency,
    });
  }
  app.setCurrency(currency);
  return { currency, events, changed: true };
}
