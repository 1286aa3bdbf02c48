// The one place that turns any failure into an exit code and a one-line message.
import { DeliveryFailedError, DomainError, StoreError, isBusyError, storeFailure, UsageError } from '../app/errors.js';
import { UnreadableEventError } from '../domain/upcasting.js';
import { OutputError } from '../app/output/index.js';
import { withoutPasswords } from '../app/location.js';
import { oneLine, safeJson } from './terminalText.js';

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

/** What a command noted before it failed (a voided payment): with --json, `details.warnings` of its error. */
const warningsOf = new WeakMap<object, string[]>();

export function attachWarnings(error: unknown, warnings: string[]): void {
  if (warnings.length > 0 && typeof error === 'object' && error !== null) warningsOf.set(error, warnings);
}

export function classifyError(error: unknown): ClassifiedError {
  const classified = classifyErrorAlone(error);
  const warnings = typeof error === 'object' && error !== null ? warningsOf.get(error) : undefined;
  return warnings ? { ...classified, details: { ...classified.details, warnings } } : classified;
}

function classifyErrorAlone(error: unknown): ClassifiedError {
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
      exitCode: EXIT.rule, code: error.code, message: error.message,
      details: { position: error.position, type: error.type, schemaVersion: error.schemaVersion },
    };
  }
  if (error instanceof OutputError) {
    return { exitCode: error.badPath ? EXIT.usage : EXIT.internal, code: error.code, message: error.message, details: { reason: error.reason } };
  }
  if (error instanceof DeliveryFailedError) {
    return { exitCode: EXIT.deliveryFailed, code: error.code, message: error.message, details: error.details, hint: error.hint };
  }
  if (error instanceof ExitWithCode) {
    return { exitCode: error.exitCode, code: error.code, message: error.message, details: error.details };
  }
  const failure = storeFailure(error);
  if (failure) return classifyErrorAlone(failure);
  const sqliteCode = (error as { code?: string } | null)?.code;
  if (isBusyError(error)) {
    return { exitCode: EXIT.conflict, code: 'DATABASE_BUSY', message: 'the database is busy (another shopctl is writing); try again', details: {} };
  }
  const damage = databaseDamage(error);
  if (damage) return { exitCode: EXIT.rule, code: 'DATABASE_CORRUPT', message: damage, details: { sqlite: sqliteCode } };
  if (sqliteCode?.startsWith('SQLITE_READONLY') || sqliteCode?.startsWith('SQLITE_CANTOPEN')) {
    return {
      exitCode: EXIT.usage, code: 'DATABASE_UNAVAILABLE', details: { sqlite: sqliteCode },
      message: `cannot use the database: it or its folder is read-only or missing (${sqliteCode})`,
    };
  }
  if (sqliteCode === 'SQLITE_FULL' || sqliteCode === 'SQLITE_IOERR') {
    return { exitCode: EXIT.internal, code: sqliteCode, message: `database error: ${(error as Error).message}`, details: {} };
  }
  const message = error instanceof Error ? error.message : String(error);
  return { exitCode: EXIT.internal, code: 'INTERNAL_ERROR', message: `internal error: ${message}`, details: {}, hint: 'set SHOPCTL_DEBUG=1 for a stack trace' };
}

/**
 * SQLite's own words for a damaged or tampered database, as one line naming what is wrong
 * (never exit 1: the program is fine, the file is not). See docs/reliability.md.
 */
function databaseDamage(error: unknown): string | undefined {
  const code = (error as { code?: string } | null)?.code ?? '';
  const text = error instanceof Error ? error.message : '';
  if (code.startsWith('SQLITE_CORRUPT') || code === 'SQLITE_NOTADB') {
    return `the database file is damaged (${text}); run \`shopctl doctor\``;
  }
  if (code === 'SQLITE_ERROR' && /^no such (table|column|view|index)/.test(text)) {
    return `the database is missing part of its schema (${text}); run \`shopctl doctor\``;
  }
  if (code === 'SQLITE_CONSTRAINT_CHECK' || code === 'SQLITE_CONSTRAINT_NOTNULL') {
    return `the event log leads to an impossible read model (${text}); it may have been tampered with: run \`shopctl doctor\``;
  }
  return undefined;
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

export function renderError(error: ClassifiedError, json: boolean): string {
  // The last guard of "a URL's password is never printed": a message or hint may quote what was
  // typed (an unknown command or option next to a --db URL), whatever produced it.
  if (json) {
    return withoutPasswords(safeJson({ error: { code: error.code, message: error.message, details: error.details } })) + '\n';
  }
  const hint = error.hint ? ` (hint: ${oneLine(error.hint)})` : '';
  const code = error.code === 'INTERNAL_ERROR' ? '' : ` [${error.code}]`;
  return withoutPasswords(`error: ${oneLine(error.message)}${code}${hint}`) + '\n';
}
