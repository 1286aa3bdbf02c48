// Write-behind: inside a transaction, a run() whose result nobody reads costs no round trip. It
// is queued with a result that settles when the queue is flushed — before any read, at COMMIT,
// when the queue is long, or when the result's `changes`/`lastInsertRowid` is read. At flush,
// consecutive runs of the same single-row INSERT become multi-row INSERTs (bulk imports append
// thousands), and the whole queue goes to the worker as one batch, executed in order.
import { multiRowInsert, type Translation } from './dialect.js';
import type { WireResult, WireStatement } from './protocol.js';
import type { RunResult } from '../sql.js';

/** A statement as PgDatabase caches it: translated once, prepared once per connection by name. */
export interface Prepared {
  translation: Translation;
  /** Server-side prepared statement name. */
  name: string;
}

/** PostgreSQL's limit on bind parameters in one statement. */
const MAX_PARAMETERS = 65_535;
/** Beyond this many rows a multi-row INSERT costs more to build and parse than it saves. */
const MAX_ROWS = 5_000;

/** The result of a queued run(): settled at flush; reading it first flushes the queue. */
export class PendingResult implements RunResult {
  private settled: RunResult | undefined;
  private failure: unknown;
  private rowsRead: unknown[] = [];

  constructor(private readonly flush: () => void) {}

  get changes(): number {
    return this.value().changes;
  }

  get lastInsertRowid(): number | bigint {
    return this.value().lastInsertRowid;
  }

  settle(result: RunResult, rows: unknown[] = []): void {
    this.settled = result;
    this.rowsRead = rows;
  }

  /** A held read's rows (PgDatabase.readLater), sending it first if it has not gone yet. */
  rows(): unknown[] {
    this.value();
    return this.rowsRead;
  }

  fail(error: unknown): void {
    this.failure = error;
  }

  private value(): RunResult {
    if (!this.settled && this.failure === undefined) this.flush();
    if (this.failure !== undefined) throw this.failure;
    // Dropped by a rollback before it was ever sent: it changed nothing.
    return this.settled ?? { changes: 0, lastInsertRowid: 0 };
  }
}

export interface Queued {
  prepared: Prepared | undefined;
  /** The SQL of an unprepared statement (BEGIN, SAVEPOINT, CLOSE …). */
  text?: string;
  /** A held read, sent as it is (PgDatabase.readLater). */
  read?: WireStatement;
  values: unknown[];
  result: PendingResult | undefined;
}

/** One statement of a flush and the queued runs it settles. */
export interface Planned {
  statement: WireStatement;
  runs: Queued[];
  /** Several runs merged: each changed one row and has no row id. */
  merged: boolean;
}

export function plan(queue: Queued[]): Planned[] {
  const planned: Planned[] = [];
  for (let i = 0; i < queue.length; ) {
    const entry = queue[i]!;
    const shape = entry.prepared?.translation.insert;
    let end = i + 1;
    if (shape && entry.prepared) {
      const perRow = entry.prepared.translation.slots.length;
      const maxRows = Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / perRow));
      // ON CONFLICT DO UPDATE cannot touch one row twice in a statement: a repeated key ends the chunk.
      const keys = shape.keySlots ? new Set<string>([keyOf(entry.values, shape.keySlots)]) : undefined;
      while (end < queue.length && end - i < maxRows && queue[end]!.prepared === entry.prepared) {
        if (keys && shape.keySlots) {
          const key = keyOf(queue[end]!.values, shape.keySlots);
          if (keys.has(key)) break;
          keys.add(key);
        }
        end++;
      }
    }
    const runs = queue.slice(i, end);
    if (runs.length === 1) planned.push({ statement: single(entry), runs, merged: false });
    else {
      const prepared = entry.prepared!;
      const perRow = prepared.translation.slots.length;
      const full = runs.length === Math.min(MAX_ROWS, Math.floor(MAX_PARAMETERS / perRow));
      const values: unknown[] = [];
      for (const run of runs) for (const value of run.values) values.push(value);
      planned.push({
        statement: {
          text: multiRowInsert(prepared.translation.insert!, perRow, runs.length),
          values,
          // Full chunks recur in a bulk import: prepared once. A shorter last chunk is parsed once.
          name: full ? `${prepared.name}x${runs.length}` : undefined,
        },
        runs,
        merged: true,
      });
    }
    i = end;
  }
  return planned;
}

function single(entry: Queued): WireStatement {
  if (entry.read) return entry.read;
  if (!entry.prepared) return { text: entry.text! };
  const { translation, name } = entry.prepared;
  return { text: translation.text, values: entry.values, name, array: translation.returning };
}

function keyOf(values: unknown[], slots: number[]): string {
  return JSON.stringify(slots.map((slot) => values[slot] ?? null));
}

/** Settles the runs of each planned statement from its result. */
export function settle(planned: Planned, result: WireResult): void {
  if (planned.merged) {
    for (const run of planned.runs) run.result?.settle({ changes: 1, lastInsertRowid: 0 });
    return;
  }
  const run = planned.runs[0]!;
  const first = result.rows[0] as unknown[] | undefined;
  // lastInsertRowid: the first value RETURNING gave; there is no row id in PostgreSQL.
  const id = run.prepared?.translation.returning && first ? first[0] : 0;
  run.result?.settle({ changes: result.rowCount, lastInsertRowid: typeof id === 'number' || typeof id === 'bigint' ? id : Number(id) }, run.read && result.rows);
}
