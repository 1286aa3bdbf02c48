// shopctl init: the database is created and migrated on open; this sets the currency once.
import { decideCurrency } from '../domain/shop.js';
import type { ShopApp } from './shopApp.js';

export function initShop(app: ShopApp, currency: string | undefined): { currency: string; events: number; changed: boolean } {
  const events = app.store.events.head();
  const decided = decideCurrency({ requested: currency, current: app.currency(), eventsRecorded: events });
  if (decided.changed) app.setCurrency(decided.currency);
  return { ...decided, events };
}
