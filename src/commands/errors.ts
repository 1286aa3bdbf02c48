// The one place that turns any failure into an exit code and a one-line message.
import { DeliveryFailedError, DomainError, StoreError, isBusyError, UsageError } from '../app/errors.js';
import { UnreadableEventError } from '../domain/upcasting.js';

export const EXIT = { ok: 0, internal: 1, usage: 2, rule: 3, notFound: 4, conflict: 5, rowsRejected: 6, deliveryFailed: 7, interrupted: 130 } as const;

export interface ClassifiedError {
  exitCode: number;
  code: string;
  message: string;
  hint?: string;
  details: Record<string, unknown>;
}

/** An error whose exit code is decided by the command itself (import with rejected rows). */
export class ExitWithCode extends Error {
  constructor(readonly exitCode: number, message: string, readonly code: string, readonly details: Record<string, unknown> = {}) {
    super(message);
  }
}

const CONFLICT_CODES = new Set(['ID_CONFLICT', 'CONCURRENCY_CONFLICT', 'DATABASE_BUSY', 'OUTBOX_BUSY']);

export function exitCodeForDomainCode(code: string): number {
  if (code.endsWith('_NOT_FOUND')) return EXIT.notFound;
  if (CONFLICT_CODES.has(code)) return EXIT.conflict;
  return EXIT.rule;
}

export function classifyError(error: unknown): ClassifiedError {
  if (error instanceof DomainError) {
    return { exitCode: exitCodeForDomainCode(error.code), code: error.code, message: error.message, details: error.details, hint: hintFor(error.code) };
  }
  if (error instanceof UsageError) {
    return { exitCode: EXIT.usage, code: error.code, message: error.message, hint: error.hint, details: {} };
  }
  if (error instanceof StoreError) {
    const exitCode = error.kind === 'usage' ? EXIT.usage : error.kind === 'conflict' ? EXIT.conflict : error.kind === 'rule' ? EXIT.rule : EXIT.internal;
    return { exitCode, code: error.code, message: error.message, details: error.details };
  }
  if (error instanceof UnreadableEventError) {
    return {
      exitCode: EXIT.rule, code: 'UNKNOWN_EVENT_SCHEMA', message: error.message,
      details: { position: error.position, type: error.type, schemaVersion: error.schemaVersion },
    };
  }
  if (error instanceof DeliveryFailedError) {
    return { exitCode: EXIT.deliveryFailed, code: error.code, message: error.message, details: error.details, hint: error.hint };
  }
  if (error instanceof ExitWithCode) {
    return { exitCode: error.exitCode, code: error.code, message: error.message, details: error.details };
  }
  const sqliteCode = (error as { code?: string } | null)?.code;
  if (isBusyError(error)) {
    return { exitCode: EXIT.conflict, code: 'DATABASE_BUSY', message: 'the database is busy (another shopctl is writing); try again', details: {} };
  }
  if (sqliteCode === 'SQLITE_FULL' || sqliteCode === 'SQLITE_IOERR' || sqliteCode === 'SQLITE_READONLY' || sqliteCode === 'SQLITE_CANTOPEN') {
    return { exitCode: EXIT.internal, code: sqliteCode, message: `database error: ${(error as Error).message}`, details: {} };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.internal, code: 'INTERNAL_ERROR', message: `internal error: ${message}`, details: {}, hint: 'set SHOPCTL_DEBUG=1 for a stack trace' };
}

function hintFor(code: string): string | undefined {
  switch (code) {
    case 'CATEGORY_NOT_FOUND':
    case 'PARENT_NOT_FOUND': return 'see `shopctl category list`';
    case 'PRODUCT_NOT_FOUND': return 'see `shopctl product list --all`';
    case 'VARIANT_REQUIRED': return 'see `shopctl product show <product>` for its variant SKUs';
    case 'ID_CONFLICT': return 'an entity with this --id exists with other attributes; use another --id';
    default: return undefined;
  }
}

/** One line, whatever the message holds: control characters are escaped. */
export function oneLine(text: string): string {
  // eslint-disable-next-line no-control-regex
  return text.replace(/[\u0000-\u001f\u007f]/g, (c) => (c === '\n' ? '\\n' : c === '\t' ? '\\t' : `\\x${c.charCodeAt(0).toString(16).padStart(2, '0')}`));
}

export function renderError(error: ClassifiedError, json: boolean): string {
  if (json) {
    return JSON.stringify({ error: { code: error.code, message: error.message, details: error.details } }) + '\n';
  }
  const hint = error.hint ? ` (hint: ${oneLine(error.hint)})` : '';
  const code = error.code === 'INTERNAL_ERROR' ? '' : ` [${error.code}]`;
  return `error: ${oneLine(error.message)}${code}${hint}\n`;
}
