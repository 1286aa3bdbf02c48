// Turning flag text into typed values. Anything that cannot be parsed at all is a usage
// error (exit 2); values that parse but break a rule are left to the domain (exit 3).
import { invalidArgument } from '../app/errors.js';
import { parseMinorUnits } from '../domain/money.js';
import { currencyCode } from '../domain/shop.js';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
const INTEGER = /^[+-]?\d+$/;

/** "19.99" → 1999. At most two fraction digits. */
export function parseMoneyArg(text: string, flag: string): number {
  const minor = parseMinorUnits(String(text));
  if (minor === undefined) {
    throw invalidArgument(`${flag} "${text}" is not an amount with at most two decimals`, 'e.g. 19.99');
  }
  return minor;
}

/** A whole number; the domain decides whether it is in range. */
export function parseIntegerArg(text: string, flag: string): number {
  const trimmed = String(text).trim();
  if (!INTEGER.test(trimmed)) throw invalidArgument(`${flag} "${text}" is not a whole number`);
  const value = Number(trimmed);
  if (!Number.isSafeInteger(value)) throw invalidArgument(`${flag} "${text}" is too large`);
  return value;
}

export function parseIdArg(text: string, flag = '--id'): string {
  const trimmed = String(text).trim();
  if (!UUID.test(trimmed)) throw invalidArgument(`${flag} "${text}" is not a UUID`, 'e.g. 0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f');
  return trimmed.toLowerCase();
}

export function optionalId(text: string | undefined, flag = '--id'): string | undefined {
  return text === undefined ? undefined : parseIdArg(text, flag);
}

/** A whole number of at least `min` (a count, a position, a threshold): anything else is exit 2. */
export function parseCountArg(text: string, flag: string, min = 0): number {
  const value = parseIntegerArg(text, flag);
  if (value < min) throw invalidArgument(`${flag} must be at least ${min} (got ${value})`);
  return value;
}

/** An ISO 4217 code in any letter case → upper case; anything else is exit 2 (checked before the database opens). */
export function parseCurrencyArg(text: string, flag: string): string {
  const code = currencyCode(text);
  if (code === undefined) throw invalidArgument(`${flag} "${text}" is not an ISO 4217 currency code`, 'e.g. USD, EUR, GBP');
  return code;
}
