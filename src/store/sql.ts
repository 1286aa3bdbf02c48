// The SQL connection the store's query code is written against: the part of better-sqlite3's
// synchronous API the store uses. better-sqlite3's Database satisfies it as it is (no wrapper,
// no cost on the SQLite path); the PostgreSQL store implements it over `pg` (postgres/), with
// the same statements translated to PostgreSQL's dialect. Only code in src/store/ sees it.

export type SqlParams = unknown[];

export interface RunResult {
  changes: number;
  lastInsertRowid: number | bigint;
}

export interface SqlStatement {
  /** The statement's SQL as written. */
  readonly source: string;
  /** Positional parameters, or one object of named (`@name`) parameters. */
  run(...params: SqlParams): RunResult;
  get(...params: SqlParams): unknown;
  all(...params: SqlParams): unknown[];
  /** Rows one by one, in bounded memory however many there are. */
  iterate(...params: SqlParams): IterableIterator<unknown>;
  /** Rows as their first column's value only. */
  pluck(toggle?: boolean): this;
  /** Rows as arrays of column values in SELECT order. */
  raw(toggle?: boolean): this;
}

// The shapes better-sqlite3 declares, so that its Database is assignable as it is.
type AnyFunction = (...args: any[]) => unknown; // eslint-disable-line @typescript-eslint/no-explicit-any
type ArgumentTypes<F extends AnyFunction> = F extends (...args: infer A) => unknown ? A : never;

/** A function run in one transaction: BEGIN … COMMIT, or ROLLBACK when it throws. */
export interface Transaction<F extends AnyFunction> {
  (...params: ArgumentTypes<F>): ReturnType<F>;
  /** Takes the write lock at BEGIN rather than at the first write. */
  immediate(...params: ArgumentTypes<F>): ReturnType<F>;
  deferred(...params: ArgumentTypes<F>): ReturnType<F>;
}

export interface SqlDatabase {
  prepare(sql: string): SqlStatement;
  exec(sql: string): unknown;
  transaction<F extends AnyFunction>(fn: F): Transaction<F>;
  readonly open: boolean;
  /** Whether a transaction is open on this connection. */
  readonly inTransaction: boolean;
  close(): unknown;
}
