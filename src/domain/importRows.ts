// Pure checks of CSV import fields: text in, a typed value or a row problem out. A problem
// names its code and a reason written for the person fixing the file
// (`"-3" is not a positive integer`); the import adds the line and the column.
import type { DomainErrorCode } from './errors.js';
import { MAX_RESTOCK_QUANTITY } from './inventory.js';
import { MAX_CATEGORY_DEPTH } from './category.js';
import { MAX_PRICE_MINOR, MIN_PRICE_MINOR, parseMinorUnits } from './money.js';

/** Codes only an import can raise (file shape problems); row values reuse the domain's codes. */
export type ImportProblemCode =
  | DomainErrorCode
  | 'EMPTY_FILE'
  | 'NO_ROWS'
  | 'MISSING_COLUMN'
  | 'DUPLICATE_COLUMN'
  | 'INVALID_CSV'
  | 'WRONG_COLUMN_COUNT'
  | 'MISSING_VALUE'
  | 'INVALID_ENCODING'
  | 'INVALID_CATEGORY_PATH'
  // Shopify / WooCommerce product CSVs (docs/import.md)
  | 'UNSUPPORTED_OPTION'
  | 'MISSING_CATEGORY'
  | 'UNSUPPORTED_PRODUCT_TYPE'
  | 'INVALID_FLAG';

export interface FieldProblem {
  code: ImportProblemCode;
  reason: string;
}

export type Checked<T> = { ok: true; value: T } | { ok: false; problem: FieldProblem };

const ok = <T>(value: T): Checked<T> => ({ ok: true, value });
const fail = (code: ImportProblemCode, reason: string): Checked<never> => ({ ok: false, problem: { code, reason } });

/** Quotes a field value for a message, shortened so one bad cell cannot flood the output. */
export function shown(text: string): string {
  const short = [...text].length > 40 ? [...text].slice(0, 40).join('') + '…' : text;
  return JSON.stringify(short);
}

const DIGITS = /^\d+$/;

/** A whole number in [min, max], written with digits only (no sign, no decimals, no exponent). */
export function checkWholeNumber(text: string, min: number, max: number): Checked<number> {
  const trimmed = text.trim();
  if (trimmed === '') return fail('MISSING_VALUE', 'is empty');
  const positive = min >= 1;
  const what = positive ? 'a positive integer' : 'a whole number';
  if (!DIGITS.test(trimmed)) return fail('INVALID_QUANTITY', `${shown(text)} is not ${what}`);
  const value = Number(trimmed);
  if (value < min) return fail('INVALID_QUANTITY', `${shown(text)} is not ${what}`);
  if (!Number.isSafeInteger(value) || value > max) {
    return fail('INVALID_QUANTITY', `${shown(text)} is more than ${max.toLocaleString('en-US')}`);
  }
  return ok(value);
}

/** A restock quantity: 1 to 1,000,000. */
export function checkRestockQuantity(text: string): Checked<number> {
  return checkWholeNumber(text, 1, MAX_RESTOCK_QUANTITY);
}

/** An optional stock column: empty means 0. */
export function checkStock(text: string | undefined, max: number): Checked<number> {
  if (text === undefined || text.trim() === '') return ok(0);
  return checkWholeNumber(text, 0, max);
}

/** A price: 0.01 to 1,000,000.00, at most two decimals. */
export function checkPriceText(text: string): Checked<number> {
  if (text.trim() === '') return fail('MISSING_VALUE', 'is empty');
  const minor = parseMinorUnits(text);
  if (minor === undefined) return fail('INVALID_PRICE', `${shown(text)} is not a price with at most two decimals`);
  if (minor < MIN_PRICE_MINOR || minor > MAX_PRICE_MINOR) {
    return fail('INVALID_PRICE', `${shown(text)} is not from 0.01 to 1000000.00`);
  }
  return ok(minor);
}

/** A variant's price modifier: may be negative or empty (0), at most two decimals. */
export function checkPriceModifierText(text: string | undefined): Checked<number> {
  if (text === undefined || text.trim() === '') return ok(0);
  const minor = parseMinorUnits(text);
  if (minor === undefined || Math.abs(minor) > MAX_PRICE_MINOR) {
    return fail('INVALID_PRICE', `${shown(text)} is not an amount with at most two decimals`);
  }
  return ok(minor);
}

/**
 * A category reference: one name, or a path from the root, `Apparel > Shirts`. Returns the
 * path's names, root first.
 */
export function checkCategoryPath(text: string): Checked<string[]> {
  if (text.trim() === '') return fail('MISSING_VALUE', 'is empty');
  const names = text.split('>').map((name) => name.trim());
  if (names.some((name) => name === '')) {
    return fail('INVALID_CATEGORY_PATH', `${shown(text)} has an empty name; write a path like "Apparel > Shirts"`);
  }
  if (names.some((name) => [...name].length > 80)) {
    return fail('INVALID_CATEGORY_PATH', `${shown(text)} has a name longer than 80 characters`);
  }
  if (names.length > MAX_CATEGORY_DEPTH) {
    return fail('CATEGORY_DEPTH_EXCEEDED', `${shown(text)} is ${names.length} levels deep; categories nest at most ${MAX_CATEGORY_DEPTH} deep`);
  }
  return ok(names);
}

/**
 * A text cell as the merchant meant it: an export neutralises a cell a spreadsheet would run
 * as a formula with a leading apostrophe (`'=SUM(A1)`), the spreadsheet's own "this is text"
 * marker; reading it back drops that apostrophe again.
 */
export function withoutFormulaGuard(text: string): string {
  return /^'[=+\-@\t\r]/.test(text) ? text.slice(1) : text;
}
