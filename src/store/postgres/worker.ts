// The worker thread behind PgDatabase: it owns the one `pg` connection and runs each batch of
// statements the main thread sends, in order, stopping at the first error. The main thread
// sleeps in Atomics.wait until `signal` says the answer is on the port (bridge.ts). Only type
// imports of our own: this file is also compiled on its own, without a bundler (see bridge.ts).
import v8 from 'node:v8';
import vm from 'node:vm';
import { workerData } from 'node:worker_threads';
import pg from 'pg';
import type { Request, Response, WireError, WireResult, WireStatement, WorkerData } from './protocol.js';

const { url, connectTimeoutMs, signal, port } = workerData as WorkerData;
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
  void handle(request).then((response) => {
    port.postMessage(response);
    Atomics.store(flag, 0, 1);
    Atomics.notify(flag, 0);
    // After the answer: the caller goes on meanwhile.
    if (request.op === 'batch') collectAfterBulk(request.statements);
  });
});

// Exiting for any reason (an uncaught error, terminate()) wakes a waiting main thread, which
// would otherwise sleep forever.
process.on('exit', () => {
  Atomics.store(flag, 0, 2);
  Atomics.notify(flag, 0);
});

/**
 * Bound values received between two full collections of this thread's heap. A bulk import sends
 * batches of multi-row INSERTs whose parameter arrays (45,000 values) and messages are large
 * objects: V8 keeps them until a full collection, which it put off while the heap grew past
 * 250 MB over a 1,000,000-row import (peak RSS, README "Performance"). The live heap here is the
 * driver's few MB, so a collection costs a few milliseconds, about every 20,000 rows.
 */
const COLLECT_EVERY_VALUES = 200_000;
let valuesSinceCollection = 0;
let collect: (() => void) | undefined;

function collectAfterBulk(statements: readonly WireStatement[]): void {
  for (const statement of statements) valuesSinceCollection += statement.values?.length ?? 0;
  if (valuesSinceCollection < COLLECT_EVERY_VALUES) return;
  valuesSinceCollection = 0;
  if (!collect) {
    v8.setFlagsFromString('--expose-gc');
    collect = vm.runInNewContext('gc') as () => void;
  }
  collect();
}

async function handle(request: Request): Promise<Response> {
  await connected;
  if (request.op === 'close') {
    if (!lost) await client.end().catch(() => undefined);
    port.close();
    return { ok: true, results: [] };
  }
  const results: WireResult[] = [];
  for (const [index, statement] of request.statements.entries()) {
    if (lost) return { ok: false, error: lost, index, results };
    try {
      const result = await client.query(config(statement));
      results.push({ rows: result.rows, rowCount: result.rowCount ?? 0 });
    } catch (error) {
      // A server error leaves the connection usable; a network one (or a FATAL) does not.
      const unavailable = lost !== undefined || !isServerError(error) || (error as { severity?: string }).severity === 'FATAL';
      return { ok: false, error: lost ?? wireError(error, unavailable), index, results };
    }
  }
  if (lost) return { ok: false, error: lost, index: request.statements.length, results };
  return { ok: true, results };
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
