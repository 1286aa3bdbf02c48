// Typed domain errors: one stable SCREAMING_SNAKE code per failure condition.
// The CLI maps codes to exit codes (see src/commands/errors.ts); the domain only names them.

export type DomainErrorCode =
  // customers
  | 'EMAIL_ALREADY_REGISTERED'
  | 'PASSWORD_TOO_WEAK'
  | 'INVALID_EMAIL'
  | 'INVALID_CUSTOMER_NAME'
  | 'CUSTOMER_NOT_FOUND'
  // carts
  | 'OUT_OF_STOCK'
  | 'QUANTITY_EXCEEDS_STOCK'
  | 'VARIANT_REQUIRED'
  | 'VARIANT_NOT_FOUND'
  | 'ITEM_NOT_IN_CART'
  | 'CART_EMPTY'
  | 'CART_NOT_FOUND'
  | 'PRODUCT_INACTIVE'
  // orders and payments
  | 'INSUFFICIENT_STOCK'
  | 'PAYMENT_FAILED'
  | 'INVALID_ADDRESS'
  | 'PAYMENT_CAPTURE_FAILED'
  | 'INVALID_STATUS_TRANSITION'
  | 'ORDER_ALREADY_SHIPPED'
  | 'REFUND_FAILED'
  | 'TRACKING_MISMATCH'
  | 'INVALID_TRACKING'
  | 'INVALID_REASON'
  | 'ORDER_NOT_FOUND'
  // catalogue
  | 'INVALID_PRICE'
  | 'INVALID_NAME'
  | 'INVALID_DESCRIPTION'
  | 'CATEGORY_NOT_FOUND'
  | 'PRODUCT_NOT_FOUND'
  | 'DUPLICATE_SKU'
  | 'INVALID_SKU'
  | 'NO_VARIANT_ATTRIBUTE'
  | 'INVALID_VARIANT_ATTRIBUTE'
  | 'INVALID_QUANTITY'
  | 'DUPLICATE_CATEGORY_NAME'
  | 'CATEGORY_DEPTH_EXCEEDED'
  | 'PARENT_NOT_FOUND'
  | 'PRODUCT_ALREADY_INACTIVE'
  | 'PRODUCT_ALREADY_ACTIVE'
  | 'NOTHING_TO_UPDATE'
  | 'INVENTORY_NOT_FOUND'
  | 'NOT_RESERVED'
  | 'ITEM_NOT_IN_ORDER'
  // outbox
  | 'OUTBOX_MESSAGE_NOT_FOUND'
  // CSV import (the whole file refused; row problems carry their own codes)
  | 'IMPORT_REJECTED'
  | 'ALREADY_IMPORTED'
  // cross-cutting
  | 'ID_CONFLICT'
  | 'CONCURRENCY_CONFLICT'
  | 'CURRENCY_MISMATCH';

export class DomainError extends Error {
  readonly code: DomainErrorCode;
  readonly details: Record<string, unknown>;

  constructor(code: DomainErrorCode, message: string, details: Record<string, unknown> = {}) {
    super(message);
    this.name = 'DomainError';
    this.code = code;
    this.details = details;
  }
}

export function isDomainError(error: unknown): error is DomainError {
  return error instanceof DomainError;
}
