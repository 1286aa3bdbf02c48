// Money is integer minor units plus an ISO 4217 currency. No floating point anywhere:
// decimal strings are parsed digit by digit.

export interface Money {
  amount: number;
  currency: string;
}

const DECIMAL = /^(-)?(\d{1,13})(?:\.(\d{1,2}))?$/;

/**
 * Parses a decimal string with at most two fraction digits into minor units.
 * Returns undefined when the text is not such a number (the caller decides the error).
 */
export function parseMinorUnits(text: string): number | undefined {
  const match = DECIMAL.exec(text.trim());
  if (!match) return undefined;
  const [, sign, whole, fraction = ''] = match;
  const minor = Number(whole) * 100 + Number(fraction.padEnd(2, '0'));
  if (!Number.isSafeInteger(minor)) return undefined;
  return sign ? -minor : minor;
}

/** Formats minor units as a plain decimal string: 1999 → "19.99", -50 → "-0.50". */
export function formatMinorUnits(minor: number): string {
  const sign = minor < 0 ? '-' : '';
  const abs = Math.abs(minor);
  const whole = Math.floor(abs / 100);
  const fraction = String(abs % 100).padStart(2, '0');
  return `${sign}${whole}.${fraction}`;
}

export function money(amount: number, currency: string): Money {
  return { amount, currency };
}

export function formatMoney(value: Money): string {
  return `${formatMinorUnits(value.amount)} ${value.currency}`;
}

export const MIN_PRICE_MINOR = 1;
export const MAX_PRICE_MINOR = 100_000_000; // 1,000,000.00
