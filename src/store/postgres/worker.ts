// The worker thread behind PgDatabase: it owns the one `pg` connection and runs each batch of
// statements the main thread sends, in order, stopping at the first error. The main thread
// sleeps in Atomics.wait until `signal` says the answer is on the port (bridge.ts). Its own
// modules are bundled in (scripts/bundle.mjs; from source, bridge.ts workerUrl).
import { workerData } from 'node:worker_threads';
import './nodeRuntime.js'; // before pg: see there
import pg from 'pg';
import copyStreams from 'pg-copy-streams';
import { PacedCollection } from './collect.js';
import { inlined, MAX_INLINED_VALUES } from './inline.js';
import type { Ahead, PackedRows, Request, Response, WireError, WireResult, WireStatement, WorkerData } from './protocol.js';

const { url, connectTimeoutMs, signal, port, ahead } = workerData as WorkerData;
const flag = new Int32Array(signal);

// Counts and sums are numbers, as in SQLite (int8 is COUNT's type, numeric SUM's of int8).
// Dates and JSON stay text, as the store stores and parses them itself.
const types = {
  getTypeParser(oid: number, format?: 'text' | 'binary') {
    if (oid === 20 || oid === 1700) return (value: string) => Number(value);
    if (oid === 114 || oid === 3802 || oid === 1082 || oid === 1114 || oid === 1184) return (value: string) => value;
    return pg.types.getTypeParser(oid, format);
  },
};

// pg-connection-string announces, in nine lines on stderr at every run, that sslmode=prefer,
// require and verify-ca mean verify-full until pg 9 (the stricter reading, which we keep). A
// CLI's stderr carries its own one-line messages and --json's error document: not that.
const emitWarning = process.emitWarning.bind(process) as (...args: unknown[]) => void;
process.emitWarning = ((warning: string | Error, ...rest: unknown[]) => {
  const text = typeof warning === 'string' ? warning : warning.message;
  if (text.startsWith("SECURITY WARNING: The SSL modes 'prefer', 'require', and 'verify-ca'")) return;
  emitWarning(warning, ...rest);
}) as typeof process.emitWarning;

// An error nothing caught ends the connection: say why on the port first, so the main thread
// reports the reason rather than only "the worker stopped" — also one raised here, before the
// first request (a URL that pg cannot parse: the main thread must not wait out the start timeout).
process.on('uncaughtException', (error) => {
  port.postMessage({ ok: false, error: wireError(error, true), index: 0, results: [] } satisfies Response);
  process.exit(1);
});

// Exiting for any reason (an uncaught error, terminate()) wakes a waiting main thread, which
// would otherwise sleep forever.
process.on('exit', () => {
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
  Atomics.add(flag, 1, 1);
  Atomics.notify(flag, 1);
});

const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: connectTimeoutMs, keepAlive: true, types });
let lost: WireError | undefined;
// A connection that drops between requests (server restart) is reported at the next request.
client.on('error', (error) => {
  lost ??= wireError(error, true);
});
const connected = client.connect().then(
  () => undefined,
  (error: unknown) => {
    lost = wireError(error, true);
  },
);

port.on('message', (request: Request) => {
  if (request.op === 'taken') {
    const stream = streams.get(request.cursor);
    if (stream) {
      stream.untaken--;
      pump(stream);
    }
    if (request.buffer) spareBuffers.push(request.buffer);
    copies.get(request.cursor)?.taken();
    return;
  }
  if (request.op === 'copyOut') {
    startCopy(request.cursor, request.text);
    return;
  }
  if (request.op === 'dropCopy') {
    copies.get(request.cursor)?.drop();
    return;
  }
  // Read-ahead FETCHes are sent only here, at an answer or at 'taken' — in the order of the
  // requests, so each runs before any later statement. A statement that may end a cursor
  // (CLOSE, COMMIT, ROLLBACK [TO SAVEPOINT]) also stops the read-ahead: a cursor left open
  // (an iterator not run to its end) is not fetched again unless the main thread asks.
  if (request.op === 'close' || request.statements.some((s) => ENDS_CURSORS.test(s.text))) pauseStreams();
  void handle(request).then((response) => {
    port.postMessage(response);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    // Started after answering, so the main thread works on the first rows meanwhile.
    if (response.ok && request.op === 'batch') startStream(request.statements.at(-1), response.results.at(-1));
    if (request.op === 'batch') collectAfterBulk(request.statements);
  });
});

/**
 * Read-ahead batches posted but not yet taken, plus those being fetched, per cursor: enough to
 * ride out the main thread's uneven pace and, on a busy machine, the turns the scheduler gives
 * each thread (with 3, a replay's main thread waited for rows twice as long as with 12);
 * bounded, as a slow reader must not fill memory (a batch of event rows is about 1 MB).
 */
const AHEAD_BATCHES = 8;

/**
 * A cursor being read ahead: the worker runs its FETCH again while fewer than AHEAD_BATCHES
 * are pending. `pg` runs queries in the order given, so a statement of a later request runs
 * after the FETCHes already sent — fine, as a cursor reads the snapshot it was declared with.
 */
interface Stream {
  statement: WireStatement & { readAhead: number };
  running: boolean;
  fetching: number;
  untaken: number;
  ended: boolean;
  /** The posts of this stream, in order. */
  posted: Promise<void>;
}

/** Words of the statements that may end a cursor (a false alarm, e.g. CASE … END, only pauses). */
const ENDS_CURSORS = /\b(CLOSE|COMMIT|ROLLBACK|END|ABORT|PREPARE|DISCARD)\b/i;

/** By FETCH text: a cursor's name is never reused on a connection. */
const streams = new Map<string, Stream>();

function startStream(statement: WireStatement | undefined, result: WireResult | undefined): void {
  if (statement?.readAhead === undefined || result?.rows.length !== statement.readAhead || lost) return;
  const stream: Stream = {
    statement: statement as Stream['statement'], running: true, fetching: 0, untaken: 0, ended: false, posted: Promise.resolve(),
  };
  streams.set(statement.text, stream);
  pump(stream);
}

function pump(stream: Stream): void {
  while (stream.running && !stream.ended && !lost && stream.fetching + stream.untaken < AHEAD_BATCHES) {
    stream.fetching++;
    const answer = client.query(config(stream.statement)).then(
      (result) => ({ rows: result.rows as unknown[] }),
      (error: unknown) => ({ error: wireError(error, lost !== undefined || !isServerError(error)) }),
    );
    stream.posted = stream.posted.then(async () => {
      const got = await answer;
      stream.fetching--;
      if ('error' in got || got.rows.length < stream.statement.readAhead) {
        stream.ended = true;
        if (streams.get(stream.statement.text) === stream) streams.delete(stream.statement.text);
      }
      stream.untaken++;
      const packed = 'rows' in got && stream.statement.array ? pack(got.rows as unknown[][]) : undefined;
      if (packed) post({ cursor: stream.statement.text, packed }, [packed.kinds.buffer, packed.nums.buffer]);
      else post({ cursor: stream.statement.text, ...got });
      pump(stream);
    });
  }
}

/** A COPY's data goes to the main thread in buffers of about this size (fewer, larger posts). */
const COPY_CHUNK_BYTES = 256 * 1024;
/** Chunks posted and not yet taken before the COPY is paused (the server then waits): bounded memory. */
const COPY_AHEAD_CHUNKS = 8;

/** COPY … TO STDOUT runs being read, by cursor name. */
const copies = new Map<string, { taken(): void; drop(): void }>();

/**
 * Buffers the main thread has sent back (with 'taken'), filled again for the next chunks: a new
 * 256 kB buffer per chunk is memory V8 frees only in a collection, and 1,000 of them (a replay)
 * made the main thread collect far more often.
 */
const spareBuffers: ArrayBuffer[] = [];
/** A new buffer's size: a chunk's target plus the most one CopyData read can add past it. */
const COPY_BUFFER_BYTES = 2 * COPY_CHUNK_BYTES;

function copyBuffer(size: number): Uint8Array<ArrayBuffer> {
  const spare = spareBuffers.pop();
  if (spare && spare.byteLength >= size) return new Uint8Array(spare, 0, size);
  return new Uint8Array(new ArrayBuffer(Math.max(size, COPY_BUFFER_BYTES)), 0, size);
}

/**
 * Runs `text` (COPY … TO STDOUT) through pg-copy-streams and posts its data as it arrives, in
 * buffers of their own (transferred, not cloned), pausing while COPY_AHEAD_CHUNKS are untaken.
 * Dropped: the rest is read and thrown away, so the connection is free for what comes next.
 */
function startCopy(cursor: string, text: string): void {
  if (lost) {
    post({ cursor, error: lost });
    return;
  }
  const stream = copyStreams.to(text);
  client.query(stream);
  let parts: Buffer[] = [];
  let size = 0;
  let untaken = 0;
  let dropped = false;
  const send = () => {
    if (size === 0 || dropped) return;
    const chunk = copyBuffer(size);
    let at = 0;
    for (const part of parts) {
      chunk.set(part, at);
      at += part.length;
    }
    parts = [];
    size = 0;
    untaken++;
    post({ cursor, chunk }, [chunk.buffer]);
    if (untaken >= COPY_AHEAD_CHUNKS) stream.pause();
  };
  copies.set(cursor, {
    taken: () => {
      untaken--;
      if (untaken < COPY_AHEAD_CHUNKS) stream.resume();
    },
    drop: () => {
      dropped = true;
      parts = [];
      stream.resume();
    },
  });
  stream.on('data', (data: Buffer) => {
    if (dropped) return;
    parts.push(data);
    size += data.length;
    if (size >= COPY_CHUNK_BYTES) send();
  });
  stream.on('end', () => {
    send();
    copies.delete(cursor);
    if (!dropped) post({ cursor, end: true });
  });
  stream.on('error', (error: unknown) => {
    copies.delete(cursor);
    if (!dropped) post({ cursor, error: wireError(error, lost !== undefined || !isServerError(error)) });
  });
}

/** Stops every read-ahead; each that has not ended says `paused` after its last rows. */
function pauseStreams(): void {
  for (const stream of streams.values()) {
    stream.running = false;
    stream.posted = stream.posted.then(() => {
      if (!stream.ended) post({ cursor: stream.statement.text, paused: true });
    });
  }
  streams.clear();
}

function post(message: Ahead, transfer: ArrayBuffer[] = []): void {
  ahead.postMessage(message, transfer);
  Atomics.add(flag, 1, 1);
  Atomics.notify(flag, 1);
}

/**
 * Rows of arrays as PackedRows (protocol.ts), built here on the worker's core; undefined when a value is of another kind (a bytea Buffer, an array…) or the
 * batch is empty: those go as they are.
 */
function pack(rows: unknown[][]): PackedRows | undefined {
  const count = rows.length;
  const width = count > 0 ? rows[0]!.length : 0;
  if (width === 0) return undefined;
  const kinds = new Uint8Array(count * width);
  const nums = new Float64Array(count * width);
  const strings: string[] = [];
  let cell = 0;
  for (const row of rows) {
    if (row.length !== width) return undefined;
    for (let c = 0; c < width; c++, cell++) {
      const value = row[c];
      switch (typeof value) {
        case 'string':
          kinds[cell] = 2;
          strings.push(value);
          break;
        case 'number':
          kinds[cell] = 1;
          nums[cell] = value;
          break;
        case 'boolean':
          kinds[cell] = 3;
          nums[cell] = value ? 1 : 0;
          break;
        default:
          if (value !== null) return undefined;
      }
    }
  }
  return { count, width, kinds, nums, strings };
}

/**
 * Full collections of this thread's heap every 200,000 bound values received. A bulk import sends
 * batches of multi-row INSERTs whose parameter arrays (45,000 values) and messages are large
 * objects: V8 keeps them until a full collection, which it put off while the heap grew past
 * 250 MB over a 1,000,000-row import (peak RSS, README "Performance"). The live heap here is the
 * driver's few MB, so a collection costs a few milliseconds, about every 20,000 rows.
 */
const collection = new PacedCollection(200_000);

function collectAfterBulk(statements: readonly WireStatement[]): void {
  let values = 0;
  for (const statement of statements) values += statement.values?.length ?? 0;
  collection.sent(values);
}

async function handle(request: Extract<Request, { op: 'batch' | 'close' }>): Promise<Response> {
  await connected;
  if (request.op === 'close') {
    // The Terminate message is written to the socket at once; the server's hang-up is not
    // waited for (a CLI closes its connection as it exits: ~3 ms of every command).
    if (!lost) client.end().catch(() => undefined);
    port.close();
    ahead.close();
    return { ok: true, results: [] };
  }
  const results: WireResult[] = [];
  const statements = request.statements;
  let serverQueries = 0;
  for (let index = 0; index < statements.length; ) {
    if (lost) return { ok: false, error: lost, index, results, serverQueries };
    const { end, texts } = groupEnd(statements, index);
    try {
      serverQueries++;
      if (end === index + 1) {
        const result = await client.query(config(statements[index]!));
        results.push({ rows: result.rows, rowCount: result.rowCount ?? 0 });
      } else {
        const group = statements.slice(index, end);
        // One row mode for the whole query: arrays if any statement wants them, and objects
        // made here from each result's column names for those that want objects.
        const arrays = group.some((statement) => statement.array);
        const answer = (await client.query({
          text: texts.join(';\n'),
          ...(arrays ? { rowMode: 'array' as const } : {}),
        })) as unknown as pg.QueryResult | pg.QueryResult[];
        const answers = Array.isArray(answer) ? answer : [answer];
        if (answers.length !== group.length) throw new Error(`${group.length} statements sent as one query gave ${answers.length} results`);
        answers.forEach((result, at) => {
          const rows = arrays && !group[at]!.array ? asObjects(result) : result.rows;
          results.push({ rows, rowCount: result.rowCount ?? 0 });
        });
      }
    } catch (error) {
      // A server error leaves the connection usable; a network one (or a FATAL) does not.
      const unavailable = lost !== undefined || !isServerError(error) || (error as { severity?: string }).severity === 'FATAL';
      return { ok: false, error: lost ?? wireError(error, unavailable), index, results, serverQueries };
    }
    index = end;
  }
  if (lost) return { ok: false, error: lost, index: statements.length, results, serverQueries };
  return { ok: true, results, serverQueries };
}

/**
 * Where the group of statements starting at `start` ends, and the texts to send. `pg` sends a
 * query only once the previous one is answered, so each statement is a round trip to the
 * server; consecutive statements go as ONE simple-protocol query instead, answered with one
 * result each: those without parameters (BEGIN, the write lock, the log's head; CLOSE, COMMIT)
 * and those with a few parameters of plain kinds, written into the text as literals
 * (inline.ts): a command's writes and its COMMIT, a read after BEGIN. Simple-protocol rules that
 * keep this safe: the texts hold no ';' of their own (a migration's script is sent alone); a
 * group runs in the transaction an earlier BEGIN opened, or without one in one implicit
 * transaction, which an error undoes whole — as the answer then says: the failed index is where
 * the group starts, nothing of it done; so a group ends at COMMIT or ROLLBACK, after which
 * nothing would be undone. The first error stops the group as it stops the batch.
 */
function groupEnd(statements: readonly WireStatement[], start: number): { end: number; texts: string[] } {
  const texts: string[] = [];
  let end = start;
  let inlinedChars = 0;
  while (end < statements.length) {
    const statement = statements[end]!;
    let text: string | undefined;
    if (valueless(statement)) text = statement.text;
    else if (end > start || groupable(statements[end + 1])) {
      // Not worth it (nor its prepared statement lost) when the next one goes alone anyway.
      text = inlined(statement.text, statement.values!);
      if (text !== undefined && (inlinedChars += text.length) > MAX_INLINED_CHARS) text = undefined;
    }
    if (text === undefined) break;
    texts.push(text);
    end++;
    if (ENDS_TRANSACTION.test(statement.text)) break;
  }
  if (end === start) return { end: start + 1, texts: [] };
  return { end, texts };
}

/** Rows read as arrays, as `pg` gives objects: by column name, a later column of the same name winning. */
function asObjects(result: pg.QueryResult): Record<string, unknown>[] {
  const names = result.fields.map((field) => field.name);
  return (result.rows as unknown as unknown[][]).map((values) => {
    const row: Record<string, unknown> = {};
    for (let i = 0; i < names.length; i++) row[names[i]!] = values[i];
    return row;
  });
}

/** Text of inlined statements in one group: past it, text costs the server more to parse than a round trip. */
const MAX_INLINED_CHARS = 8_192;

/** Whether a statement might join a group (a cheap look, without writing its literals). */
function groupable(statement: WireStatement | undefined): boolean {
  return statement !== undefined && (valueless(statement) || (statement.values!.length <= MAX_INLINED_VALUES && !statement.text.includes(';')));
}

/** After these, nothing in the same query would be undone by its error: the group ends there. */
const ENDS_TRANSACTION = /^\s*(COMMIT|ROLLBACK|END|ABORT)\b(?!\s+TO\b)/i;

function valueless(statement: WireStatement): boolean {
  return (statement.values === undefined || statement.values.length === 0) && !statement.text.includes(';');
}

function config(statement: WireStatement): pg.QueryArrayConfig | pg.QueryConfig {
  return {
    text: statement.text,
    values: statement.values,
    name: statement.name,
    ...(statement.array ? { rowMode: 'array' as const } : {}),
  };
}

function isServerError(error: unknown): boolean {
  return error instanceof pg.DatabaseError;
}

function wireError(error: unknown, unavailable: boolean): WireError {
  const e = error as Partial<pg.DatabaseError> & { message?: string; code?: string };
  return {
    message: String(e?.message ?? error),
    code: e?.code,
    constraint: e?.constraint,
    detail: e?.detail,
    table: e?.table,
    column: e?.column,
    unavailable: unavailable || undefined,
  };
}
