// Failures of the store itself (not of a domain rule). `kind` tells the CLI which exit code fits.
export type StoreErrorKind = 'usage' | 'conflict' | 'rule' | 'internal';

export type StoreErrorCode =
  | 'DATABASE_TOO_NEW'
  | 'NOT_A_SHOPCTL_DATABASE'
  | 'DATABASE_BUSY'
  | 'CONCURRENCY_CONFLICT'
  | 'UNKNOWN_EVENT_SCHEMA'
  | 'DATABASE_UNAVAILABLE'
  | 'DATABASE_CORRUPT'
  | 'LOG_NOT_APPEND_ONLY'
  | 'OUTBOX_BUSY';

export class StoreError extends Error {
  constructor(
    readonly code: StoreErrorCode,
    message: string,
    readonly kind: StoreErrorKind,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
    this.name = 'StoreError';
  }
}

export function isBusyError(error: unknown): boolean {
  const code = (error as { code?: string } | null)?.code;
  return code === 'SQLITE_BUSY' || code === 'SQLITE_BUSY_SNAPSHOT' || code === 'SQLITE_LOCKED';
}
