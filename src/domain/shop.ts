// Shop-wide settings. The currency every price is recorded in is chosen once: afterwards
// recorded prices would silently change meaning.
import { DomainError } from './errors.js';

/** The ISO 4217 code in upper case, if `text` is one in use (Node's ICU knows them: XYZ is none). */
export function currencyCode(text: string): string | undefined {
  const code = text.trim().toUpperCase();
  return Intl.supportedValuesOf('currency').includes(code) ? code : undefined;
}

export interface ChooseCurrency {
  /** As the merchant typed it; undefined keeps the current one. */
  requested: string | undefined;
  /** Looked up by the caller. */
  current: string;
  eventsRecorded: number;
}

/** The shop's currency after the request, and whether it changes. */
export function decideCurrency(command: ChooseCurrency): { currency: string; changed: boolean } {
  const { requested, current, eventsRecorded } = command;
  if (requested === undefined) return { currency: current, changed: false };
  const currency = currencyCode(requested);
  if (currency === undefined) {
    throw new DomainError('INVALID_CURRENCY', `"${requested}" is not an ISO 4217 currency code`, { currency: requested });
  }
  if (currency === current) return { currency, changed: false };
  // Prices already recorded are in the old currency: switching would silently re-denominate them.
  if (eventsRecorded > 0) {
    throw new DomainError('CURRENCY_MISMATCH', `the shop already records prices in ${current}; the currency cannot change once events exist`, {
      current, requested: currency,
    });
  }
  return { currency, changed: true };
}
