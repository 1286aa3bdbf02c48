// A synchronous PostgreSQL client: the `pg` driver runs in a worker thread (worker.ts) and the
// calling thread sleeps in Atomics.wait until the answer is on the port, then takes it with
// receiveMessageOnPort — the store's door stays synchronous over an asynchronous driver. One
// worker and one connection per client; each call() is one round trip for a whole batch.
import { receiveMessageOnPort, type MessagePort, type Worker } from 'node:worker_threads';
import type { Ahead, PackedRows, Request, Response, WireError, WireResult, WireStatement } from './protocol.js';
import { connectTimeoutFromEnv, sendAhead, startWorker, type ClientStats, type WorkerStart } from './workerStart.js';

export { isPostgresUrl } from './workerStart.js';

/** Query parameters of a connection URL that hold a secret (libpq's, which `pg` reads too). */
const SECRET_PARAMETERS = ['password', 'sslpassword'];

/**
 * The URL with its password replaced by `***` — the one after the user name and any given as a
 * query parameter (`?password=`): what may appear in any message.
 */
export function redactUrl(url: string): string {
  try {
    const parsed = new URL(url);
    let redacted = false;
    if (parsed.password) {
      parsed.password = '***';
      redacted = true;
    }
    for (const name of SECRET_PARAMETERS) {
      if (parsed.searchParams.has(name)) {
        parsed.searchParams.set(name, '***');
        redacted = true;
      }
    }
    return redacted ? parsed.toString() : url;
  } catch {
    // Not parseable as a URL: hide everything between the scheme and the last "@" (a password
    // may hold "@", "/" or ":"), and any secret parameter.
    return url.replace(/^([a-z]+:\/\/).*@/i, '$1***@').replace(SECRET_PARAMETER_VALUE, '$1***');
  }
}

const SECRET_PARAMETER_VALUE = new RegExp(`([?&](?:${SECRET_PARAMETERS.join('|')})=)[^&#]*`, 'gi');

/** Every PostgreSQL URL in `text` redacted (redactUrl): a message may quote what was typed. */
export function redactUrlsIn(text: string): string {
  return text.replace(/postgres(?:ql)?:\/\/[^\s'"`]*/gi, (url) => redactUrl(url));
}

/** The server cannot be used: refused, unknown host, timeout, failed login, no such database, lost. */
export class PgUnavailableError extends Error {
  /** ECONNREFUSED, ENOTFOUND, ETIMEDOUT, 28P01 (login), 3D000 (database)…, or undefined. */
  readonly code: string | undefined;
  constructor(message: string, code: string | undefined) {
    super(message);
    this.name = 'PgUnavailableError';
    this.code = code;
  }
}

/** An error the server reported for one statement; the connection is still usable. */
export class PgError extends Error {
  /** SQLSTATE: 23505 unique violation, 40001 serialization failure, 40P01 deadlock… */
  readonly code: string | undefined;
  readonly constraint: string | undefined;
  readonly detail: string | undefined;
  readonly table: string | undefined;
  constructor(error: WireError) {
    super(error.message);
    this.name = 'PgError';
    this.code = error.code;
    this.constraint = error.constraint;
    this.detail = error.detail;
    this.table = error.table;
  }
}

/** A failed batch: the error, and the results of the statements before it. */
export class BatchError extends Error {
  constructor(readonly error: PgError | PgUnavailableError, readonly index: number, readonly results: WireResult[]) {
    super(error.message);
  }
}

export class SyncClient {
  private readonly worker: Worker;
  private readonly port: MessagePort;
  /** Read-ahead rows of cursors (worker.ts): taken without a round trip when already there. */
  private readonly ahead: MessagePort;
  /** What arrived on `ahead` for each cursor being read, not yet taken. */
  private readonly arrived = new Map<string, Ahead[]>();
  private readonly flag: Int32Array;
  private readonly secrets: string[];
  private gone: PgUnavailableError | undefined;
  /** The worker as started (startWorker), with what was sent ahead of this client (sendAhead). */
  private readonly started: WorkerStart;
  /** How long the first answer may take: a worker that fails to start cannot say so. */
  private startBy: number | undefined;
  /** Round trips to the worker and statements sent: what batching saves, for tests and benches. */
  readonly stats: ClientStats;

  /** Starts a worker for `url`, or takes one already started (the launcher's, early.ts). */
  constructor(readonly url: string, connectTimeoutMs = connectTimeoutFromEnv(), started?: WorkerStart) {
    this.secrets = secretsOf(url);
    this.started = started ?? startWorker(url, connectTimeoutMs);
    this.worker = this.started.worker;
    this.port = this.started.port;
    this.ahead = this.started.ahead;
    this.flag = this.started.flag;
    this.stats = this.started.stats;
    this.startBy = this.started.startBy;
  }

  /**
   * Expects the worker to read ahead the cursor whose FETCH is `fetch` (it does after a full
   * answer to a statement with `readAhead`): its rows are then taken with takeAhead().
   */
  expectAhead(fetch: string): void {
    this.arrived.set(fetch, []);
  }

  /** The cursor is closed: what the worker still posts for it is dropped. */
  forgetAhead(fetch: string): void {
    this.arrived.delete(fetch);
  }

  /**
   * The next rows the worker read ahead for cursor `fetch`, waiting for them if need be; or
   * undefined when it stopped reading ahead (paused): then the caller sends the FETCH itself.
   */
  takeAhead(fetch: string): unknown[] | undefined {
    const next = this.nextAhead(fetch);
    if (next === undefined) return undefined;
    if ('paused' in next) {
      this.arrived.delete(fetch);
      return undefined;
    }
    if ('error' in next) {
      this.arrived.delete(fetch);
      throw this.failure(next.error);
    }
    this.port.postMessage({ op: 'taken', cursor: fetch } satisfies Request);
    if ('packed' in next) return unpack(next.packed);
    if ('rows' in next) return next.rows;
    throw new Error(`cursor ${fetch}: unexpected read-ahead message`);
  }

  /**
   * Starts `text` (a COPY … TO STDOUT, PostgreSQL's own text) after the requests sent before it;
   * the worker posts its data ahead, taken with takeCopied(`cursor`). The connection runs
   * nothing else until the data has all been taken or dropCopy() was called.
   */
  copyOut(cursor: string, text: string): void {
    if (this.gone) throw this.gone;
    this.arrived.set(cursor, []);
    this.port.postMessage({ op: 'copyOut', cursor, text } satisfies Request);
  }

  /**
   * The next buffer of copy `cursor`'s data, waiting for it; undefined once it is complete.
   * `done`, the buffer taken before (no longer used), goes back to the worker to be filled again.
   */
  takeCopied(cursor: string, done?: Uint8Array): Uint8Array | undefined {
    const next = this.nextAhead(cursor);
    if (next === undefined || 'end' in next) {
      this.arrived.delete(cursor);
      return undefined;
    }
    if ('error' in next) {
      this.arrived.delete(cursor);
      throw this.failure(next.error);
    }
    if (!('chunk' in next)) throw new Error(`copy ${cursor}: unexpected read-ahead message`);
    const buffer = done?.buffer instanceof ArrayBuffer ? done.buffer : undefined;
    this.port.postMessage({ op: 'taken', cursor, buffer } satisfies Request, buffer ? [buffer] : []);
    return next.chunk;
  }

  /** Copy `cursor` is not read further: the worker reads the rest and drops it. */
  dropCopy(cursor: string): void {
    if (!this.arrived.delete(cursor) || this.gone) return;
    this.port.postMessage({ op: 'dropCopy', cursor } satisfies Request);
  }

  /** The next message the worker posted for `cursor`, waiting for it; undefined for a cursor not expected. */
  private nextAhead(cursor: string): Ahead | undefined {
    const queue = this.arrived.get(cursor);
    if (!queue) return undefined;
    for (;;) {
      const next = queue.shift();
      if (next) return next;
      if (this.gone) throw this.gone;
      const seen = Atomics.load(this.flag, 1);
      if (this.receiveAhead() > 0) continue;
      // Worker gone: its exit also bumps the count, and nothing more will come.
      if (Atomics.load(this.flag, 0) === 2) {
        this.gone = new PgUnavailableError(`the PostgreSQL connection's worker stopped unexpectedly (${redactUrl(this.url)})`, undefined);
        throw this.gone;
      }
      Atomics.wait(this.flag, 1, seen);
    }
  }

  /** Files what is on the read-ahead port by cursor (dropping closed cursors'); returns how many arrived. */
  private receiveAhead(): number {
    let count = 0;
    for (let message = receiveMessageOnPort(this.ahead); message; message = receiveMessageOnPort(this.ahead)) {
      count++;
      const ahead = message.message as Ahead;
      this.arrived.get(ahead.cursor)?.push(ahead);
    }
    return count;
  }

  /**
   * Sends `statements` now without waiting (the worker runs them as soon as it has connected):
   * the next batch() of the same statements takes their answer, likely already there. The early
   * connection sends the store's opening read so, while the CLI loads (early.ts).
   */
  sendAhead(statements: WireStatement[]): void {
    if (!this.gone) sendAhead(this.started, statements);
  }

  /** Runs the statements in order in one round trip; throws BatchError at the first failure. */
  batch(statements: WireStatement[]): WireResult[] {
    const ahead = this.started.sentAhead;
    const response = ahead !== undefined && ahead === statements.map((s) => s.text).join('\0') && !statements.some((s) => s.values)
      ? this.answerAhead()
      : (this.stats.statements += statements.length, this.call({ op: 'batch', statements }));
    this.stats.serverQueries += response.serverQueries ?? 0;
    if (response.ok) return response.results;
    throw new BatchError(this.failure(response.error), response.index, response.results);
  }

  /** The answer to what sendAhead() sent; called before any other request is sent. */
  private answerAhead(): Response {
    this.started.sentAhead = undefined;
    return this.receive();
  }

  private failure(error: WireError): PgError | PgUnavailableError {
    if (!error.unavailable) return new PgError({ ...error, message: this.redact(error.message), detail: error.detail && this.redact(error.detail) });
    this.gone = new PgUnavailableError(this.redact(`cannot use PostgreSQL at ${redactUrl(this.url)}: ${error.message}`), error.code);
    return this.gone;
  }

  /** Ends the connection cleanly (Terminate message), then the worker. */
  close(): void {
    if (!this.gone) {
      try {
        this.call({ op: 'close' });
      } catch {
        // closing a connection that is already gone
      }
    }
    this.gone ??= new PgUnavailableError(`the connection to ${redactUrl(this.url)} is closed`, undefined);
    void this.worker.terminate();
  }

  private call(request: Request): Response {
    if (this.gone) throw this.gone;
    // An answer sent ahead that nobody asked for: taken off the port first, so that the next
    // answer there is this request's.
    if (this.started.sentAhead !== undefined) this.answerAhead();
    this.stats.roundTrips++;
    Atomics.store(this.flag, 0, 0);
    this.port.postMessage(request);
    return this.receive();
  }

  /** Waits for the answer to the request sent last, and takes it. */
  private receive(): Response {
    if (this.gone) throw this.gone;
    const answer = awaitAnswer(this.flag, this.port, this.startBy);
    this.startBy = undefined;
    if (answer === 'timed-out') {
      this.gone = new PgUnavailableError(`the PostgreSQL connection's worker did not start (${redactUrl(this.url)})`, 'ETIMEDOUT');
      void this.worker.terminate();
      throw this.gone;
    }
    if (answer === 'gone') {
      this.gone = new PgUnavailableError(`the PostgreSQL connection's worker stopped unexpectedly (${redactUrl(this.url)})`, undefined);
      throw this.gone;
    }
    return answer.message as Response;
  }

  private redact(text: string): string {
    let out = text;
    for (const secret of this.secrets) out = out.split(secret).join('***');
    return out;
  }
}

/** The rows of a PackedRows (protocol.ts) as arrays again. */
function unpack(packed: PackedRows): unknown[][] {
  const { count, width, kinds, nums, strings } = packed;
  const rows = new Array<unknown[]>(count);
  let cell = 0;
  let next = 0;
  for (let r = 0; r < count; r++) {
    const row: unknown[] = [];
    for (let c = 0; c < width; c++, cell++) {
      switch (kinds[cell]) {
        case 1: row.push(nums[cell]); break;
        case 2: row.push(strings[next++]); break;
        case 3: row.push(nums[cell] === 1); break;
        default: row.push(null);
      }
    }
    rows[r] = row;
  }
  return rows;
}

/**
 * Sleeps until the worker's answer is on `port` (flag[0] set to 1 after posting it; 2 when the
 * worker exits). A wake-up with flag[0] still 0 is the previous answer's notify arriving late
 * (the worker stores 1, we see it without sleeping, answer and send the next request, and only
 * then does its notify run): that is not an answer, so sleep again. Once started, the worker
 * wakes us even when it dies (worker.ts, process 'exit'); a statement may wait as long as the
 * server makes it (a lock), hence no timeout after the first answer.
 */
export function awaitAnswer(flag: Int32Array, port: MessagePort, timeoutMs: number | undefined): { message: unknown } | 'timed-out' | 'gone' {
  const deadline = timeoutMs === undefined ? undefined : performance.now() + timeoutMs;
  for (;;) {
    const left = deadline === undefined ? undefined : Math.max(0, deadline - performance.now());
    if (Atomics.wait(flag, 0, 0, left) === 'timed-out') return 'timed-out';
    const message = receiveMessageOnPort(port) as { message: unknown } | undefined;
    if (message) return message;
    if (Atomics.load(flag, 0) !== 0) return 'gone';
  }
}

/** The password as written in the URL and decoded: neither may leak through a driver message. */
function secretsOf(url: string): string[] {
  const written: string[] = [];
  try {
    const parsed = new URL(url);
    written.push(parsed.password, ...SECRET_PARAMETERS.map((name) => parsed.searchParams.get(name) ?? ''));
  } catch {
    // Not parseable: what redactUrl hides.
    written.push(/^[a-z]+:\/\/(.*)@/i.exec(url)?.[1] ?? '');
  }
  const decoded = written.map((secret) => {
    try {
      return decodeURIComponent(secret);
    } catch {
      return secret;
    }
  });
  return [...new Set([...written, ...decoded])].filter((secret) => secret.length > 0);
}

