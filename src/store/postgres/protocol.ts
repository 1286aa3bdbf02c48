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
   * A cursor's FETCH of this many rows: when the answer is full, the worker goes on running it
   * and posts the rows on the read-ahead port (Ahead) without being asked, a few batches ahead.
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
  | { op: 'close' }
  /**
   * Not answered: the main thread took a batch of read-ahead `cursor` (its FETCH text), fetch
   * another. For a copy, with the buffer of the chunk it is done with, to be filled again.
   */
  | { op: 'taken'; cursor: string; buffer?: ArrayBuffer }
  /**
   * Not answered: run `text` (a COPY … TO STDOUT) and post its data on the read-ahead port as
   * `cursor` (Ahead chunk / end / error), a few chunks ahead of what the main thread has taken
   * ('taken'). Queued behind the requests before it, as any statement.
   */
  | { op: 'copyOut'; cursor: string; text: string }
  /** Not answered: the main thread stopped reading copy `cursor`; its remaining data is dropped. */
  | { op: 'dropCopy'; cursor: string };

/**
 * On the read-ahead port, in order per cursor: its next rows, or the error of its FETCH, or
 * `paused` — the worker stopped reading ahead (a statement was sent that may end the cursor):
 * the main thread sends the FETCH itself, which starts the read-ahead again.
 */
export type Ahead =
  | { cursor: string; rows: unknown[] }
  | { cursor: string; packed: PackedRows }
  | { cursor: string; error: WireError }
  | { cursor: string; paused: true }
  /** A COPY's data as the server sent it (CopyData payloads joined), in a buffer of its own. */
  | { cursor: string; chunk: Uint8Array<ArrayBuffer> }
  /** The COPY is complete. */
  | { cursor: string; end: true };

/**
 * Rows of arrays (rowMode 'array') in a few flat pieces: structured-cloning a batch of 2,000
 * rows × 6 values cost both threads about 1 µs a value (serialising on the worker, rebuilding
 * every row and number on the main thread); here only the strings are cloned, one array of
 * them. Cells in row order: kinds[i] 0 null, 1 number (nums[i]), 2 string (the next of
 * `strings`), 3 boolean (nums[i] 1 or 0). Only batches of those kinds are packed. (Not one
 * text sliced on the main thread: a slice kept — a Map key, an error message — keeps the
 * whole batch's text alive.)
 */
export interface PackedRows {
  count: number;
  width: number;
  kinds: Uint8Array<ArrayBuffer>;
  nums: Float64Array<ArrayBuffer>;
  strings: string[];
}

export type Response =
  | { ok: true; results: WireResult[]; serverQueries?: number }
  /**
   * `results` of the statements before the failed one (`index`: where its merged group starts,
   * worker.ts); the rest did not run.
   */
  | { ok: false; error: WireError; index: number; results: WireResult[]; serverQueries?: number };

export interface WorkerData {
  url: string;
  connectTimeoutMs: number;
  /**
   * Int32Array over it: [0] is set to 1 (answered) or 2 (worker gone) and notified; [1] counts
   * the messages posted on `ahead` (and the worker's exit), notified at each.
   */
  signal: SharedArrayBuffer;
  port: MessagePort;
  ahead: MessagePort;
}
