// Small pure checks shared by several aggregates.
import { DomainError, type DomainErrorCode } from './errors.js';
import { describeTextProblem, freeTextProblem, lineTextProblem } from './text.js';

/** Trims `text` and checks its length (in characters, not UTF-16 units) and that it is printable. */
export function checkText(
  text: string, field: string, min: number, max: number, code: DomainErrorCode, options: { multiline?: boolean } = {},
): string {
  const trimmed = text.trim();
  const length = [...trimmed].length;
  if (length < min || length > max) {
    throw new DomainError(code, `${field} must be ${min}–${max} characters (got ${length})`, { field, min, max, length });
  }
  const problem = options.multiline ? freeTextProblem(trimmed) : lineTextProblem(trimmed);
  if (problem) throw new DomainError(code, `${field} ${describeTextProblem(problem)}`, { field, problem });
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

/** The shape of an id (a UUID), which a SKU may not take: a full id always means the id. */
const UUID_SHAPE = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;
/** The shape of an order number (1001, #1001), which a SKU may not take either. */
const ORDER_NUMBER_SHAPE = /^#?\d+$/;

export function checkSku(sku: string): string {
  const trimmed = sku.trim();
  if (UUID_SHAPE.test(trimmed) || ORDER_NUMBER_SHAPE.test(trimmed)) {
    throw new DomainError(
      'INVALID_SKU',
      `SKU "${trimmed}" looks like ${UUID_SHAPE.test(trimmed) ? 'an id' : 'an order number'}: a SKU may not have the shape of an id or an order number, so that a full id or number always means what it names`,
      { sku: trimmed, reason: 'LOOKS_LIKE_ID' },
    );
  }
  if (!SKU_PATTERN.test(trimmed)) {
    throw new DomainError(
      'INVALID_SKU',
      `SKU "${trimmed}" must be 1–64 characters of letters, digits, ".", "_", "-" or "/", starting with a letter or digit`,
      { sku: trimmed },
    );
  }
  return trimmed;
}
