import type { MessagePort } from 'node:worker_threads';

// The messages between PgDatabase (main thread, bridge.ts) and its worker (worker.ts), which
// holds the one `pg` connection. Types only: the worker imports nothing of ours at run time, so
// it can be loaded on its own (bundled, or compiled on the fly under vitest; see bridge.ts).

/** One statement of a batch. No values: the simple query protocol (several statements allowed). */
export interface WireStatement {
  text: string;
  values?: unknown[];
  /** Server-side prepared statement name: parsed once per connection. */
  name?: string;
  /** Rows as arrays (raw/pluck) rather than objects. */
  array?: boolean;
  /**
   * A cursor's FETCH of this many rows: when the answer is full, the worker runs the same FETCH
   * again at once and keeps its rows for the next request that sends it (read-ahead), so the
   * server and the worker work while the main thread processes the rows it has.
   */
  readAhead?: number;
}

export interface WireResult {
  rows: unknown[];
  rowCount: number;
}

/** A PostgreSQL error with what the store maps on (SQLSTATE, constraint), or a connection failure. */
export interface WireError {
  message: string;
  /** SQLSTATE (23505…) for server errors; a Node code (ECONNREFUSED…) for network ones. */
  code?: string;
  constraint?: string;
  detail?: string;
  table?: string;
  column?: string;
  /** The connection cannot be used (never opened, or lost): the store's DATABASE_UNAVAILABLE. */
  unavailable?: boolean;
}

export type Request =
  | { op: 'batch'; statements: WireStatement[] }
  | { op: 'close' };

export type Response =
  | { ok: true; results: WireResult[] }
  /** `results` of the statements before the failed one (`index`); the rest did not run. */
  | { ok: false; error: WireError; index: number; results: WireResult[] };

export interface WorkerData {
  url: string;
  connectTimeoutMs: number;
  /** Int32Array over it: [0] is set to 1 (answered) or 2 (worker gone) and notified. */
  signal: SharedArrayBuffer;
  port: MessagePort;
}
