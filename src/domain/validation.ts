// Small pure checks shared by several aggregates.
import { DomainError, type DomainErrorCode } from './errors.js';

// eslint-disable-next-line no-control-regex
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function hasControlCharacters(text: string): boolean {
  return CONTROL_CHARACTERS.test(text);
}

/** Trims `text` and checks its length (in characters, not UTF-16 units) and that it is printable. */
export function checkText(
  text: string, field: string, min: number, max: number, code: DomainErrorCode, options: { multiline?: boolean } = {},
): string {
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < min || length > max) {
    throw new DomainError(code, `${field} must be ${min}–${max} characters (got ${length})`, { field, min, max, length });
  }
  const printable = options.multiline ? trimmed.replace(/[\r\n\t]/g, ' ') : trimmed;
  if (hasControlCharacters(printable)) {
    throw new DomainError(code, `${field} must not contain control characters`, { field });
  }
  return trimmed;
}

/** A whole number in [min, max]. */
export function checkQuantity(value: number, field: string, min: number, max: number): number {
  if (!Number.isSafeInteger(value) || value < min || value > max) {
    throw new DomainError('INVALID_QUANTITY', `${field} must be a whole number from ${min} to ${max} (got ${value})`, {
      field, min, max, value,
    });
  }
  return value;
}

const SKU_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._\-/]{0,63}$/;

export function checkSku(sku: string): string {
  const trimmed = sku.trim();
  if (!SKU_PATTERN.test(trimmed)) {
    throw new DomainError(
      'INVALID_SKU',
      `SKU "${trimmed}" must be 1–64 characters of letters, digits, ".", "_", "-" or "/", starting with a letter or digit`,
      { sku: trimmed },
    );
  }
  return trimmed;
}
