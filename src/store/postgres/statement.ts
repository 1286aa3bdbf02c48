// A prepared statement on PostgreSQL, with better-sqlite3's behaviour: run/get/all/iterate,
// positional or named (@name) parameters, pluck() and raw() rows. The work is PgDatabase's
// (pgDatabase.ts); this holds the statement's row mode and shapes the rows.
import { bind } from './dialect.js';
import type { WireStatement } from './protocol.js';
import type { Prepared } from './writeBehind.js';
import type { RunResult, SqlParams, SqlStatement } from '../sql.js';

/** Rows per FETCH of an iterate() (the worker reads up to 3 ahead, worker.ts): memory stays bounded, round trips few. */
export const FETCH_ROWS = 2_000;

/** What a statement needs from its connection (PgDatabase). */
export interface StatementHost {
  run(prepared: Prepared, values: unknown[]): RunResult;
  query(statement: WireStatement): unknown[];
  openCursor(statement: WireStatement): CursorHost;
}

/** One server-side cursor, opened by PgDatabase. */
export interface CursorHost {
  /** The first rows, fetched with the DECLARE. */
  readonly first: unknown[];
  fetch(): unknown[];
  close(): void;
}

export class PgStatement implements SqlStatement {
  private plucking = false;
  private rawRows = false;

  /** `source`: the SQL as written (SQLite's dialect), as better-sqlite3 keeps it. */
  constructor(private readonly host: StatementHost, private readonly prepared: Prepared, readonly source: string) {}

  run(...params: SqlParams): RunResult {
    return this.host.run(this.prepared, bind(this.prepared.translation, params));
  }

  get(...params: SqlParams): unknown {
    const rows = this.host.query(this.wire(params));
    return rows.length === 0 ? undefined : this.shape(rows[0]);
  }

  all(...params: SqlParams): unknown[] {
    const rows = this.host.query(this.wire(params));
    return this.plucking ? rows.map((row) => (row as unknown[])[0]) : rows;
  }

  iterate(...params: SqlParams): IterableIterator<unknown> {
    return new Rows(this.host.openCursor(this.wire(params)), (row) => this.shape(row));
  }

  pluck(toggle = true): this {
    this.plucking = toggle;
    if (toggle) this.rawRows = false;
    return this;
  }

  raw(toggle = true): this {
    this.rawRows = toggle;
    if (toggle) this.plucking = false;
    return this;
  }

  private wire(params: SqlParams): WireStatement {
    return this.wireOf(params, this.plucking || this.rawRows);
  }

  /** The statement as sent with `params` (PgDatabase.readTogether: several in one round trip). */
  wireOf(params: SqlParams, array: boolean): WireStatement {
    const { translation, name } = this.prepared;
    return { text: translation.text, values: bind(translation, params), name, array };
  }

  private shape(row: unknown): unknown {
    return this.plucking ? (row as unknown[])[0] : row;
  }
}

/** The rows of an iterate(), a batch at a time; ending early (break, return()) closes the cursor. */
class Rows implements IterableIterator<unknown> {
  private rows: unknown[];
  private at = 0;
  private exhausted: boolean;
  private closed = false;

  constructor(private readonly cursor: CursorHost, private readonly shape: (row: unknown) => unknown) {
    this.rows = cursor.first;
    this.exhausted = this.rows.length < FETCH_ROWS;
  }

  [Symbol.iterator](): IterableIterator<unknown> {
    return this;
  }

  next(): IteratorResult<unknown> {
    if (this.at === this.rows.length && !this.exhausted && !this.closed) {
      try {
        this.rows = this.cursor.fetch();
      } catch (error) {
        try {
          this.return();
        } catch {
          // the fetch's error is the one to report
        }
        throw error;
      }
      this.at = 0;
      this.exhausted = this.rows.length < FETCH_ROWS;
    }
    if (this.at < this.rows.length) return { done: false, value: this.shape(this.rows[this.at++]) };
    this.return();
    return { done: true, value: undefined };
  }

  return(): IteratorResult<unknown> {
    if (!this.closed) {
      this.closed = true;
      this.rows = [];
      this.cursor.close();
    }
    return { done: true, value: undefined };
  }
}
