// Errors the application layer raises besides domain rejections, and the store's, re-exported
// so the CLI needs only this module to classify a failure.
export { DomainError, isDomainError, type DomainErrorCode } from '../domain/errors.js';
export { StoreError, isBusyError, storeFailure } from '../store/index.js';

/** A malformed invocation: missing or unparseable argument, bad flag combination. Exit 2. */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string, readonly code = 'USAGE_ERROR') {
    super(message);
    this.name = 'UsageError';
  }
}

/**
 * Delivery to a downstream endpoint failed after its retries (exit 7). `details` names the URL
 * (without credentials), the last status or error and the first undelivered sequence.
 */
export class DeliveryFailedError extends Error {
  readonly code = 'DELIVERY_FAILED';
  constructor(message: string, readonly details: Record<string, unknown>, readonly hint?: string) {
    super(message);
    this.name = 'DeliveryFailedError';
  }
}
