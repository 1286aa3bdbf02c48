// SqlDatabase on PostgreSQL: the store's synchronous SQL connection (../sql.ts) over one `pg`
// connection in a worker thread (bridge.ts). Statements are translated from the store's SQLite
// dialect once (dialect.ts). Inside a transaction, writes are held and sent in batches
// (writeBehind.ts): a bulk import costs a round trip per few thousand rows, not per row.
//
// Differences from better-sqlite3 the store must know:
// - run() inside a transaction returns before the statement ran: its error surfaces at the next
//   flush (a read, COMMIT, a long queue, or reading `changes`/`lastInsertRowid` of any held
//   result) — read `changes` inside a try to catch one statement's error there. After such an
//   error the transaction is failed: every call throws (SQLSTATE 25P02) until it is rolled back.
// - lastInsertRowid is the first value of a RETURNING clause, else 0: PostgreSQL has no row ids.
// - iterate() outside a transaction runs in its own BEGIN READ ONLY … COMMIT; a transaction
//   cannot begin while one is open (better-sqlite3: "connection is busy").
// - .immediate and .deferred are plain BEGIN: writers serialise with an advisory lock instead.
import { BatchError, PgError, SyncClient } from './bridge.js';
import { translate, type Translation } from './dialect.js';
import { takeEarlyStart } from './early.js';
import type { WireResult, WireStatement } from './protocol.js';
import { FETCH_ROWS, PgStatement, type CursorHost, type StatementHost } from './statement.js';
import { PendingResult, plan, settle, type Prepared, type Queued } from './writeBehind.js';
import { PacedCollection } from './collect.js';
import type { RunResult, SqlDatabase, SqlStatement, Transaction } from '../sql.js';

export { isPostgresUrl, PgError, PgUnavailableError, redactUrl, redactUrlsIn } from './bridge.js';

/**
 * Cursors are numbered in the process, not per PgDatabase: a parked connection (reuseConnections)
 * may still receive read-ahead rows of an earlier user's cursor, which must never match a new one.
 */
let cursorCount = 0;

/**
 * Held runs beyond which the queue is sent without waiting for a read or COMMIT. Small: what is
 * held lives across V8's young-generation collections and is promoted, so a long queue piled up
 * ~100 MB of dead rows in the old generation over a bulk import (README "Performance": 20,000
 * gave a 1,000,000-row import a 447 MB peak RSS); a round trip per few hundred rows costs little.
 */
export const MAX_QUEUED = 500;

export interface PgDatabaseOptions {
  /** Default 5 s, or SHOPCTL_PG_CONNECT_TIMEOUT_MS. */
  connectTimeoutMs?: number;
  /**
   * A first read (PostgreSQL's SQL, no parameters) sent with the connection's first round trip,
   * or taken from the early connection that sent it ahead (early.ts): see openingRows().
   */
  opening?: string;
}

/** A transaction that failed: what PostgreSQL answers to everything until ROLLBACK. */
function abortedError(cause: unknown): Error {
  const error = new Error(
    `current transaction is aborted, commands ignored until end of transaction block (after: ${(cause as Error)?.message ?? String(cause)})`,
    { cause },
  ) as Error & { code: string };
  error.code = '25P02';
  return error;
}

export class PgDatabase implements SqlDatabase, StatementHost {
  readonly dialect = 'postgres';
  private readonly client: SyncClient;
  private readonly prepared = new Map<string, Prepared>();
  private queue: Queued[] = [];
  private queuedValues = 0;
  /** Full collections paced by the values a bulk write sends (collect.ts). */
  private readonly collection = new PacedCollection();
  private depth = 0;
  /** Set when a statement failed in the open transaction; cleared by its rollback. */
  private failure: unknown;
  /** COPY … TO STDOUT being read (copyOut): until it ends the connection runs nothing else. */
  private copying = 0;
  /** Cursors open in the BEGIN READ ONLY of iterate() outside a transaction. */
  private readOnlyCursors = 0;
  /** Changes when a transaction or savepoint ends: a cursor of an earlier one is gone. */
  private epoch = 0;
  private closed = false;
  /** What the opening read answered (the constructor's first round trip). */
  private opened: { rows: unknown[] } | { error: PgError } = { rows: [] };
  /** Held runs that send the queue: MAX_QUEUED, or more inside holdWrites(). */
  private maxQueued = MAX_QUEUED;
  /** Called first in an outermost `.immediate` transaction: the store's write lock (PgShopStore). */
  takeWriteLock: (() => void) | undefined;

  /** Connects (throws PgUnavailableError when it cannot: refused, login, database, timeout). */
  constructor(readonly url: string, options: PgDatabaseOptions = {}) {
    // The CLI's launcher may have started connecting already, while the CLI loaded (early.ts);
    // a process that opens the shop again and again (tests, in-process runs) may reuse one.
    const reusable = options.connectTimeoutMs === undefined;
    const early = reusable ? takeEarlyStart(url) : undefined;
    const ready = early ? new SyncClient(url, undefined, early) : reusable ? takeIdle(url) : undefined;
    this.client = ready ?? new SyncClient(url, options.connectTimeoutMs);
    const first: WireStatement[] = options.opening === undefined ? [] : [{ text: options.opening }];
    try {
      this.opened = this.connected(first);
    } catch (error) {
      this.client.close();
      if (!ready) throw unwrap(error);
      // A parked connection the server has ended meanwhile: a new one.
      this.client = new SyncClient(url, options.connectTimeoutMs);
      try {
        this.opened = this.connected(first);
      } catch (retryError) {
        this.client.close();
        throw unwrap(retryError);
      }
    }
  }

  /** The first round trip: the opening read's rows, or its server error (the connection is fine). */
  private connected(first: WireStatement[]): { rows: unknown[] } | { error: PgError } {
    try {
      return { rows: this.client.batch(first)[0]?.rows ?? [] };
    } catch (error) {
      if (error instanceof BatchError && error.error instanceof PgError) return { error: error.error };
      throw error;
    }
  }

  /** The rows of the `opening` read, once; throws its error (e.g. 42P01: no such table). */
  openingRows(): unknown[] {
    const opened = this.opened;
    this.opened = { rows: [] };
    if ('error' in opened) throw opened.error;
    return opened.rows;
  }

  get open(): boolean {
    return !this.closed;
  }

  /** Round trips and statements sent so far (write-behind at work). */
  get stats(): { readonly roundTrips: number; readonly statements: number; readonly serverQueries: number } {
    return this.client.stats;
  }

  get inTransaction(): boolean {
    return this.depth > 0;
  }

  prepare(sql: string): SqlStatement {
    let prepared = this.prepared.get(sql);
    if (!prepared) {
      prepared = lazilyTranslated(sql);
      this.prepared.set(sql, prepared);
    }
    return new PgStatement(this, prepared, sql);
  }

  /**
   * Runs `reads` (the store's dialect, positional parameters) in order in ONE round trip, with
   * whatever is held (a held BEGIN): their rows as arrays (or objects, as get() and all() give). Each is its own statement, so at
   * READ COMMITTED each sees what committed before it ran — after a lock taken by an earlier one.
   */
  readTogether(reads: readonly (readonly [sql: string, params: readonly unknown[]])[]): unknown[][][];
  readTogether(reads: readonly (readonly [sql: string, params: readonly unknown[]])[], rows: 'objects'): Record<string, unknown>[][];
  readTogether(reads: readonly (readonly [sql: string, params: readonly unknown[]])[], rows: 'arrays' | 'objects' = 'arrays'): unknown[][] {
    const statements = reads.map(([sql, params]): WireStatement => {
      const statement = this.prepare(sql) as PgStatement;
      return statement.wireOf(params as unknown[], rows === 'arrays');
    });
    return this.flush(statements).map((result) => result.rows);
  }

  /**
   * readTogether() without a round trip of its own: `reads` are held like writes, after what
   * is held already, and go with the next statement that needs an answer (or the COMMIT). The
   * function returned gives their rows (arrays), sending them first if they have not gone yet.
   * A write transaction's lock and the log's head, needed only at its first append, then ride
   * with its first read (PgShopStore).
   */
  readLater(reads: readonly (readonly [sql: string, params: readonly unknown[]])[]): () => unknown[][][] {
    this.usable();
    if (this.depth === 0) return () => this.readTogether(reads);
    const results = reads.map(([sql, params]) => {
      const result = new PendingResult(() => this.flush());
      const read = (this.prepare(sql) as PgStatement).wireOf(params as unknown[], true);
      this.queue.push({ prepared: undefined, values: [], read, result });
      return result;
    });
    return () => results.map((result) => result.rows() as unknown[][]);
  }

  exec(sql: string): this {
    this.flush([{ text: translate(sql).text }]);
    return this;
  }

  transaction<F extends (...args: never[]) => unknown>(fn: F): Transaction<F> {
    const db = this;
    const run = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      return db.runTransaction(() => fn.apply(this, args) as ReturnType<F>);
    } as unknown as Transaction<F>;
    // SQLite's IMMEDIATE takes the write lock at BEGIN; here the store's writer lock
    // (PgShopStore: an advisory lock), so a read-decide-write such as the outbox lease claim is
    // serialised against every other writer exactly as on SQLite.
    const immediate = function (this: unknown, ...args: Parameters<F>): ReturnType<F> {
      return db.runTransaction(() => {
        if (db.depth === 1) db.takeWriteLock?.();
        return fn.apply(this, args) as ReturnType<F>;
      });
    };
    Object.assign(run, { immediate, deferred: run, exclusive: immediate, default: run });
    return run;
  }

  /**
   * Runs `body` holding up to `runs` writes before sending them: for a transaction's last burst
   * of rows already in memory (replay's read models and snapshots), sent with its COMMIT in one
   * round trip instead of one per MAX_QUEUED runs — under load each round trip waits for three
   * threads to be scheduled (this one, the worker, the server's backend).
   */
  holdWrites<T>(runs: number, body: () => T): T {
    const before = this.maxQueued;
    this.maxQueued = Math.max(before, runs);
    try {
      return body();
    } finally {
      this.maxQueued = before;
    }
  }

  close(): this {
    if (this.closed) return this;
    this.closed = true;
    const clean = this.depth === 0 && this.failure === undefined && this.readOnlyCursors === 0 && this.copying === 0 && this.queue.length === 0;
    this.queue = [];
    if (!(clean && park(this.client))) this.client.close();
    return this;
  }

  // StatementHost: what PgStatement calls.

  run(prepared: Prepared, values: unknown[]): RunResult {
    this.usable();
    if (this.readOnlyCursors > 0) throw new TypeError('This database connection is busy executing a query');
    if (this.depth === 0) {
      // Outside a transaction each statement commits by itself, as in SQLite: run it now.
      const result = new PendingResult(() => undefined);
      this.queue.push({ prepared, values, result });
      this.flush();
      return result;
    }
    const result = new PendingResult(() => this.flush());
    this.queue.push({ prepared, values, result });
    this.queuedValues += values.length;
    if (this.queue.length >= this.maxQueued || this.queuedValues >= 40 * this.maxQueued) this.flush();
    return result;
  }

  query(statement: WireStatement): unknown[] {
    return this.flush([statement])[0]!.rows;
  }

  openCursor(statement: WireStatement): CursorHost {
    const cursor = `c${++cursorCount}`;
    const readOnly = this.depth === 0;
    const fetch: WireStatement = { text: `FETCH ${FETCH_ROWS} FROM ${cursor}`, array: statement.array, readAhead: FETCH_ROWS };
    const declare: WireStatement = { text: `DECLARE ${cursor} NO SCROLL CURSOR FOR ${statement.text}`, values: statement.values, array: statement.array };
    const opening = readOnly && this.readOnlyCursors === 0 ? [{ text: 'BEGIN READ ONLY' }] : [];
    let first: unknown[];
    try {
      first = this.flush([...opening, declare, fetch]).at(-1)!.rows;
    } catch (error) {
      if (opening.length > 0) this.rollbackQuietly();
      throw error;
    }
    if (readOnly) this.readOnlyCursors++;
    if (first.length === FETCH_ROWS) this.client.expectAhead(fetch.text);
    const epoch = this.epoch;
    let open = true;
    return {
      first,
      // The worker reads ahead after a full batch (worker.ts): its rows are taken without a
      // round trip; when it paused (another statement was sent), the FETCH is sent here.
      fetch: () => {
        this.usable();
        let rows: unknown[] | undefined;
        try {
          rows = this.client.takeAhead(fetch.text);
        } catch (error) {
          if (this.depth > 0) this.failure = error; // as a failed FETCH sent by flush()
          throw error;
        }
        return rows ?? this.fetchSent(fetch);
      },
      close: () => {
        if (!open) return;
        open = false;
        this.client.forgetAhead(fetch.text);
        if (readOnly) {
          // Read only: ROLLBACK ends it as well as COMMIT, and also after a failed statement.
          if (--this.readOnlyCursors === 0) this.rollbackQuietly();
          else {
            try {
              this.client.batch([{ text: `CLOSE ${cursor}` }]);
            } catch {
              // its transaction failed: ended with the last cursor
            }
          }
        } else if (this.epoch === epoch && this.depth > 0 && this.failure === undefined) {
          // In a transaction: held like a write, sent with the next batch.
          this.queue.push({ prepared: undefined, text: `CLOSE ${cursor}`, values: [], result: undefined });
        }
      },
    };
  }

  /**
   * The data of `text`, a COPY … TO STDOUT in PostgreSQL's own dialect (not translated, no
   * parameters), in buffers as the server sends it, read ahead by the worker. A buffer is the
   * caller's until its next call of next(): then it goes back to the worker to be filled again
   * (copy what must outlive that). Until the iterator is done or closed (the rest is then
   * dropped) the connection runs nothing else. Writes held in a transaction are sent first, so
   * the COPY sees them.
   */
  copyOut(text: string): IterableIterator<Uint8Array> {
    if (this.queue.length > 0) this.flush();
    this.usable();
    if (this.readOnlyCursors > 0) throw new TypeError('This database connection is busy executing a query');
    const cursor = `c${++cursorCount}`;
    const client = this.client;
    client.copyOut(cursor, text);
    this.copying++;
    let open = true;
    let previous: Uint8Array | undefined;
    const end = (drop: boolean): IteratorResult<Uint8Array> => {
      if (open) {
        open = false;
        this.copying--;
        if (drop) client.dropCopy(cursor);
      }
      return { done: true, value: undefined };
    };
    return {
      [Symbol.iterator]() {
        return this;
      },
      next: () => {
        if (!open) return { done: true, value: undefined };
        let chunk: Uint8Array | undefined;
        try {
          chunk = client.takeCopied(cursor, previous);
        } catch (error) {
          end(true);
          throw error;
        }
        previous = chunk;
        return chunk === undefined ? end(false) : { done: false, value: chunk };
      },
      return: () => end(true),
    };
  }

  /** A cursor's FETCH sent as a request (with the held runs); a full answer starts its read-ahead again. */
  private fetchSent(fetch: WireStatement): unknown[] {
    const rows = this.flush([fetch])[0]!.rows;
    if (rows.length === FETCH_ROWS) this.client.expectAhead(fetch.text);
    return rows;
  }

  /**
   * Sends the held runs and then `extra` in one batch; returns the results of `extra`. A failed
   * held run fails its result and, in a transaction, the transaction.
   */
  private flush(extra: WireStatement[] = []): WireResult[] {
    this.usable();
    const queue = this.queue;
    const queuedValues = this.queuedValues;
    this.queue = [];
    this.queuedValues = 0;
    if (queue.length === 0 && extra.length === 0) return [];
    const planned = plan(queue);
    const statements = planned.map((p) => p.statement).concat(extra);
    let results: WireResult[];
    try {
      results = this.client.batch(statements);
    } catch (thrown) {
      const error = unwrap(thrown);
      const done = thrown instanceof BatchError ? thrown.results : [];
      planned.forEach((p, i) => {
        if (i < done.length) settle(p, done[i]!);
        else for (const run of p.runs) run.result?.fail(error);
      });
      if (this.depth > 0) this.failure = error;
      throw error;
    }
    planned.forEach((p, i) => settle(p, results[i]!));
    this.collection.sent(queuedValues);
    return results.slice(planned.length);
  }

  private usable(): void {
    if (this.closed) throw new TypeError('The database connection is not open');
    if (this.failure !== undefined) throw abortedError(this.failure);
    if (this.copying > 0) throw new TypeError('This database connection is busy executing a query');
  }

  /**
   * Opens a transaction to be ended by commit() or rollbackTransaction(): for work that awaits
   * inside its transaction, which transaction() cannot hold open (better-sqlite3's rule too).
   */
  begin(): void {
    if (this.depth > 0) throw new TypeError('cannot start a transaction within a transaction');
    this.enter();
  }

  /** Commits the transaction begin() opened; when COMMIT fails, the transaction is still to be rolled back. */
  commit(): void {
    if (this.depth !== 1) throw new TypeError('no transaction of begin() is open');
    this.leave(0);
  }

  /** Undoes the transaction begin() opened (nothing when none is open). Never throws over the real error. */
  rollbackTransaction(): void {
    if (this.depth > 0) this.rollback(0);
  }

  private runTransaction<T>(fn: () => T): T {
    const depth = this.enter();
    let value: T;
    try {
      value = fn();
      if (value !== null && typeof (value as { then?: unknown })?.then === 'function') {
        throw new TypeError('Transaction function cannot return a promise');
      }
      this.leave(depth);
    } catch (error) {
      this.rollback(depth);
      throw error;
    }
    return value;
  }

  /** BEGIN (held until the first statement) or a savepoint in an open transaction; returns the depth entered from. */
  private enter(): number {
    this.usable();
    if (this.readOnlyCursors > 0) throw new TypeError('This database connection is busy executing a query');
    const depth = this.depth;
    if (depth === 0) this.queue.push({ prepared: undefined, text: 'BEGIN', values: [], result: undefined });
    else this.flush([{ text: `SAVEPOINT sp${depth}` }]); // so a nested rollback undoes only its own
    this.depth++;
    return depth;
  }

  /** COMMIT (or RELEASE of the savepoint) of the level entered from `depth`. */
  private leave(depth: number): void {
    this.flush([{ text: depth === 0 ? 'COMMIT' : `RELEASE SAVEPOINT sp${depth}` }]);
    this.depth = depth;
    if (depth === 0) this.epoch++;
  }

  private rollbackQuietly(): void {
    try {
      this.client.batch([{ text: 'ROLLBACK' }]);
    } catch {
      // the connection is gone: the next call reports it
    }
  }

  /** Ends the transaction level entered at `depth`, undoing it. Never throws over the real error. */
  private rollback(depth: number): void {
    const unsent = this.queue;
    this.queue = [];
    this.queuedValues = 0;
    this.depth = depth;
    this.failure = undefined;
    this.epoch++;
    // BEGIN still held: nothing of this transaction reached the server.
    if (depth === 0 && unsent[0]?.text === 'BEGIN') return;
    try {
      this.client.batch(depth === 0 ? [{ text: 'ROLLBACK' }] : [{ text: `ROLLBACK TO SAVEPOINT sp${depth}` }, { text: `RELEASE SAVEPOINT sp${depth}` }]);
    } catch (error) {
      // The connection is gone (the next call says so); or the savepoint is, with its transaction.
      if (depth > 0) this.failure = unwrap(error);
    }
  }
}

function unwrap(error: unknown): unknown {
  return error instanceof BatchError ? error.error : error;
}

/**
 * Connection reuse within one process (off by default: a CLI run opens its shop once). On,
 * a closed PgDatabase parks its connection, its settings reset (RESET ALL; a clean close holds
 * no transaction, lock or cursor), and the next one for the same URL takes it — an in-process
 * run of many commands (the tests) then pays for one connection, not one per command. Prepared
 * statements stay: their names are the process's, one per SQL text (statementName).
 */
let reuse = false;
const idle = new Map<string, SyncClient[]>();
const MAX_IDLE_PER_URL = 2;

export function reuseConnections(on: boolean): void {
  reuse = on;
  if (!on) closeIdleConnections();
}

/** Ends every parked connection. */
export function closeIdleConnections(): void {
  for (const clients of idle.values()) for (const client of clients) client.close();
  idle.clear();
}

function takeIdle(url: string): SyncClient | undefined {
  return idle.get(url)?.pop();
}

function park(client: SyncClient): boolean {
  if (!reuse) return false;
  const parked = idle.get(client.url) ?? [];
  if (parked.length >= MAX_IDLE_PER_URL) return false;
  try {
    client.batch([{ text: 'RESET ALL' }]);
  } catch {
    return false;
  }
  parked.push(client);
  idle.set(client.url, parked);
  return true;
}

const statementNames = new Map<string, string>();

/**
 * `sql`'s Prepared, translated at its first use: a store prepares its statements as it opens,
 * and one command uses few of them (a restock: a handful of the 33); translating all cost every
 * PostgreSQL command 2–6 ms of this thread.
 */
function lazilyTranslated(sql: string): Prepared {
  let translation: Translation | undefined;
  return {
    get translation() {
      return (translation ??= translate(sql));
    },
    name: statementName(sql),
  };
}

/**
 * One server-side name per SQL text in this process: a reused connection (and `pg`, which
 * remembers what it prepared on each connection) finds the statement under the same name.
 */
function statementName(sql: string): string {
  let name = statementNames.get(sql);
  if (name === undefined) {
    name = `s${statementNames.size + 1}`;
    statementNames.set(sql, name);
  }
  return name;
}
