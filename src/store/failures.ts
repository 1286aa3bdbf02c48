// Driver errors that escape a store call, as the store's own errors: a PostgreSQL server lost in
// the middle of a command, a lock that stayed taken, a constraint a tampered log breaks. (SQLite's
// codes are read where they always were, in commands/errors.ts.)
import { StoreError } from './errors.js';
import { PgError, PgUnavailableError } from './postgres/pgDatabase.js';

/**
 * The one-line error for a PostgreSQL server that cannot be used (at connect or mid-command);
 * exit 5, as a busy database. The connection's message names the URL (without its password)
 * already; `shown` is added only where it does not.
 */
export function unavailableError(error: PgUnavailableError, shown?: string): StoreError {
  const message = shown === undefined || error.message.includes(shown) ? error.message : `cannot use the PostgreSQL database ${shown}: ${error.message}`;
  return new StoreError('DATABASE_UNAVAILABLE', message, 'conflict', error.code ? { reason: error.code } : {});
}

/** SQLSTATEs of a busy server that another attempt may get past: serialization failure, deadlock, lock timeout. */
export const PG_BUSY_CODES: ReadonlySet<string> = new Set(['40001', '40P01', '55P03']);

export function storeFailure(error: unknown): StoreError | undefined {
  if (error instanceof PgUnavailableError) return unavailableError(error);
  if (!(error instanceof PgError)) return undefined;
  const code = error.code ?? '';
  if (PG_BUSY_CODES.has(code)) {
    return new StoreError('DATABASE_BUSY', 'the database is busy (another shopctl is writing); try again', 'conflict', { sqlstate: code });
  }
  // The login works but the user may not use this database's schema (a read-only or foreign
  // role): the database cannot be used, as a read-only SQLite file is DATABASE_UNAVAILABLE.
  if (code === '42501') {
    return new StoreError('DATABASE_UNAVAILABLE', `the PostgreSQL user may not use this database: ${error.message}`, 'conflict', { sqlstate: code });
  }
  if (code.startsWith('08') || code.startsWith('57P')) {
    return new StoreError('DATABASE_UNAVAILABLE', `the PostgreSQL server went away: ${error.message}`, 'conflict', { sqlstate: code });
  }
  if (code === '23514' || code === '23502') {
    return new StoreError('DATABASE_CORRUPT', `the event log leads to an impossible read model (${error.message}); it may have been tampered with`, 'rule', { sqlstate: code });
  }
  if (code === '42P01' || code === '42703') {
    return new StoreError('DATABASE_CORRUPT', `the database is missing part of its schema (${error.message})`, 'rule', { sqlstate: code });
  }
  return undefined;
}
