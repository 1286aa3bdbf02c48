// Errors the application layer raises besides domain rejections, and the store's, re-exported
// so the CLI needs only this module to classify a failure.
export { DomainError, isDomainError, type DomainErrorCode } from '../domain/errors.js';
export { StoreError, isBusyError, storeFailure } from '../store/index.js';

/**
 * A malformed invocation, exit 2. Its code (stable, for scripts): USAGE for an unknown command
 * or option, a missing argument or a bad combination; INVALID_ARGUMENT for a value that cannot
 * be parsed (invalidArgument below); or a more specific one (FIXTURE_INVALID, INPUT_CHANGED…).
 */
export class UsageError extends Error {
  constructor(message: string, readonly hint?: string, readonly code = 'USAGE') {
    super(message);
    this.name = 'UsageError';
  }
}

/** A value that cannot be parsed (`--price abc`, `--quantity 2.5`, a malformed id): INVALID_ARGUMENT, exit 2. */
export function invalidArgument(message: string, hint?: string): UsageError {
  return new UsageError(message, hint, 'INVALID_ARGUMENT');
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
