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
  | 'OUTBOX_BUSY'
  | 'AMBIGUOUS_REFERENCE'
  | 'NO_DATABASE'
  | 'TARGET_NOT_EMPTY'
  | 'COPY_MISMATCH';

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

/** An id prefix that names more than one thing: the caller must type more of it (exit 2). */
export function ambiguousReference(things: string, ref: string, matches: readonly string[]): StoreError {
  const shown = matches.slice(0, 10);
  return new StoreError(
    'AMBIGUOUS_REFERENCE',
    `"${ref.trim()}" matches ${matches.length > 10 ? 'more than 10' : matches.length} ${things}: ${shown.join(', ')}; type more of the id`,
    'usage',
    { reference: ref.trim(), matches: shown },
  );
}
