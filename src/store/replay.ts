// Rebuilding the read models from the event log (replay) and checking the live ones against
// a rebuild (verify). Both use the one projection implementation (projections.ts), read the
// log in position order, upcast older payloads, and never touch the outbox or a gateway.
import type Database from 'better-sqlite3';
import { sqliteDriver } from './sqliteDriver.js';
import { folderOfStream, type Folder } from '../domain/aggregates.js';
import type { DomainEvent } from '../domain/events.js';
import { EVENT_SCHEMAS, readPayload, type UpcastRegistry } from '../domain/upcasting.js';
import { projectEvent } from './projections.js';
import { cachedReadModels, type CachedReadModels } from './readModels.js';
import { MIGRATIONS, READ_MODEL_TABLES, type ReadModelTableName } from './schema.js';
import { canonicalJson, Snapshots, type SnapshotRow } from './snapshots.js';
import type { SqlDatabase } from './sql.js';
import { dialectOf, holdingWrites, readOneSnapshot } from './dialect.js';
import { eventRowsByCopy } from './postgres/eventCopy.js';
import type { PgDatabase } from './postgres/pgDatabase.js';

/** The door's WriteSteps (door.ts imports this module, so the shape is repeated here). */
interface WriteSteps {
  checkpoint(): Promise<void>;
  closing(): Promise<void>;
}

export interface ReplayOptions {
  /** Which schema versions are current and how to lift older ones (tests pass their own). */
  registry?: UpcastRegistry;
}

export interface ReplayResult {
  events: number;
  /** Read-model rows written by the rebuild. */
  rows: number;
  /** Aggregate snapshots written by the rebuild (one per stream). */
  snapshots: number;
  seconds: number;
  eventsPerSecond: number;
}

export interface ProjectionDifference {
  /** A read-model table, or "snapshots" (key: the stream id). */
  table: ReadModelTableName | 'snapshots';
  key: string;
  /** "changed": a column differs; "missing": the live table lacks the row; "extra": only the live table has it. */
  kind: 'changed' | 'missing' | 'extra';
  /** The differing column; null for a missing or extra row. */
  column: string | null;
  /** The live value (a whole row for "extra", null for "missing"). */
  live: unknown;
  /** The rebuilt value (a whole row for "missing", null for "extra"). */
  rebuilt: unknown;
}

export interface VerifyResult {
  events: number;
  rowsCompared: number;
  differences: ProjectionDifference[];
  seconds: number;
}

/** Events are read in batches: fewer statement round trips than one row at a time. */
const BATCH = 8192;

/**
 * Final read-model and snapshot rows a PostgreSQL connection holds before sending them (with
 * the COMMIT when fewer): one round trip per 50,000 rather than per 500; bounded, as each held
 * row is a second copy of one already in memory.
 */
const FINAL_WRITES_HELD = 50_000;

/**
 * Clears every read-model table and projects the whole log into them, in one write transaction
 * (the store's, holding its write lock): readers see the old read models or the new ones, never
 * a half-built state.
 */
export function rebuildReadModels(
  db: SqlDatabase, inWriteTransaction: <T>(body: () => T) => T, options: ReplayOptions = {},
): ReplayResult {
  const started = performance.now();
  const counts = inWriteTransaction(() => {
    const rebuild = startRebuild(db, options);
    for (const _batch of rebuild.batches); // eslint-disable-line @typescript-eslint/no-unused-vars
    return rebuild.finish();
  });
  return replayResult(counts, started);
}

/** rebuildReadModels() awaiting `steps.checkpoint()` after each batch of events (door.ts, WriteSteps). */
export async function rebuildReadModelsStepwise(
  db: SqlDatabase, inWriteTransaction: <T>(body: () => Promise<T>) => Promise<T>, steps: WriteSteps, options: ReplayOptions = {},
): Promise<ReplayResult> {
  const started = performance.now();
  const counts = await inWriteTransaction(async () => {
    const rebuild = startRebuild(db, options);
    for (const _batch of rebuild.batches) await steps.checkpoint(); // eslint-disable-line @typescript-eslint/no-unused-vars
    await steps.closing();
    return rebuild.finish();
  });
  return replayResult(counts, started);
}

type RebuildCounts = Pick<ReplayResult, 'events' | 'rows' | 'snapshots'>;

/** Empties the read models, then (as `batches` is drained) projects the log; `finish` writes what was built. */
function startRebuild(db: SqlDatabase, options: ReplayOptions): { batches: Iterable<number>; finish(): RebuildCounts } {
  for (const table of READ_MODEL_TABLES) db.prepare(`DELETE FROM ${table}`).run();
  db.prepare('DELETE FROM snapshots').run();
  // The read models are built in memory from nothing and written once at the end; so are
  // the aggregates' states, written as fresh snapshots of every stream.
  const readModels = cachedReadModels(db, { empty: true });
  const states = new Map<string, FoldedStream>();
  let events = 0;
  const batches = (function* () {
    for (const projected of projectBatches(db, readModels, options.registry ?? EVENT_SCHEMAS, states)) {
      events += projected;
      yield projected;
    }
  })();
  return {
    batches,
    finish() {
      // Every row is in memory already: on PostgreSQL they go with the COMMIT, not 500 at a time.
      return holdingWrites(db, FINAL_WRITES_HELD, () => {
        const writer = new Snapshots(db);
        for (const [streamId, stream] of states) writer.write(streamId, stream.version, stream.folder.stateVersion, stream.state);
        return { events, rows: readModels.flush(), snapshots: states.size };
      });
    },
  };
}

function replayResult(counts: RebuildCounts, started: number): ReplayResult {
  const seconds = (performance.now() - started) / 1000;
  return { ...counts, seconds, eventsPerSecond: rate(counts.events, seconds) };
}

/**
 * Rebuilds into a scratch in-memory database and compares it with the live read models,
 * table by table, key by key, column by column. Reads the live database in one snapshot and
 * writes nothing to it.
 */
export function verifyReadModels(db: SqlDatabase, options: ReplayOptions = {}): VerifyResult {
  const started = performance.now();
  const scratch = new (sqliteDriver())(':memory:');
  try {
    for (const migration of MIGRATIONS) scratch.exec(migration);
    // Inside a caller's transaction (db copy) the snapshot is the caller's.
    const outermost = !db.inTransaction;
    const result = db.transaction(() => {
      if (outermost) readOneSnapshot(db);
      const readModels = cachedReadModels(scratch, { empty: true });
      const events = projectLog(db, readModels, options.registry ?? EVENT_SCHEMAS);
      scratch.transaction(() => readModels.flush())();
      let rowsCompared = 0;
      const differences: ProjectionDifference[] = [];
      for (const table of READ_MODEL_TABLES) rowsCompared += compareTable(table, db, scratch, differences);
      rowsCompared += compareSnapshots(db, options.registry ?? EVENT_SCHEMAS, differences);
      return { events, rowsCompared, differences };
    })();
    return { ...result, seconds: (performance.now() - started) / 1000 };
  } finally {
    scratch.close();
  }
}

/** position, type, schemaVersion, data, and when folding streamId, streamVersion. */
type EventTuple = [number, string, number, string, string?, number?];

interface FoldedStream {
  folder: Folder;
  state: unknown;
  version: number;
}

/** Projects every event in position order (folding each stream's state into `states` when given); returns how many. */
function projectLog(db: SqlDatabase, readModels: CachedReadModels, registry: UpcastRegistry, states?: Map<string, FoldedStream>): number {
  let count = 0;
  for (const projected of projectBatches(db, readModels, registry, states)) count += projected;
  return count;
}

/** projectLog one batch at a time: yields how many events each batch projected. */
function* projectBatches(
  db: SqlDatabase, readModels: CachedReadModels, registry: UpcastRegistry, states?: Map<string, FoldedStream>,
): Generator<number> {
  // Only the columns projection (and folding) needs, as arrays: no metadata parsing, no row objects.
  const columns = `SELECT position, type, schemaVersion, data${states ? ', streamId, streamVersion' : ''} FROM events`;
  // One event object, refilled per row: projections read it and keep nothing of it.
  const event = { type: '', data: null as unknown } as unknown as { type: string; data: unknown };
  if (dialectOf(db) === 'postgres') {
    // One read of the whole log, which the connection's worker reads ahead while these rows are
    // projected, where a keyset batch would wait for each round trip: binary COPY data inside a
    // transaction (postgres/eventCopy.ts), else a cursor.
    const rows = db.inTransaction
      ? eventRowsByCopy(db as PgDatabase, states !== undefined)
      : db.prepare(`${columns} ORDER BY position`).raw().iterate() as IterableIterator<EventTuple>;
    let count = 0;
    for (const row of rows) {
      event.type = row[1];
      event.data = readPayload(row[1], row[2], row[3], row[0], registry);
      projectEvent(event as DomainEvent, readModels);
      if (states) foldInto(states, row[4]!, row[5]!, event as DomainEvent);
      if (++count === BATCH) {
        yield count;
        count = 0;
      }
    }
    if (count > 0) yield count;
    return;
  }
  const batch = db.prepare(`${columns} WHERE position > ? ORDER BY position LIMIT ?`).raw();
  let after = 0;
  for (;;) {
    const rows = batch.all(after, BATCH) as EventTuple[];
    for (let i = 0; i < rows.length; i++) {
      const row = rows[i]!;
      event.type = row[1];
      event.data = readPayload(row[1], row[2], row[3], row[0], registry);
      projectEvent(event as DomainEvent, readModels);
      if (states) foldInto(states, row[4]!, row[5]!, event as DomainEvent);
    }
    if (rows.length > 0) yield rows.length;
    if (rows.length < BATCH) return;
    after = rows[rows.length - 1]![0];
  }
}

function foldInto(states: Map<string, FoldedStream>, streamId: string, version: number, event: DomainEvent): void {
  let stream = states.get(streamId);
  if (!stream) {
    const folder = folderOfStream(streamId);
    if (!folder) return; // a stream no aggregate folds has nothing to snapshot
    stream = { folder, state: folder.initialState, version: 0 };
    states.set(streamId, stream);
  }
  // The event object is refilled per row; evolve may keep its data, never the object itself.
  stream.state = stream.folder.evolve(stream.state, { type: event.type, data: event.data } as DomainEvent);
  stream.version = version;
}

/**
 * Compares every snapshot of the current state shape with the fold of its stream up to the
 * version it claims (docs/events.md, "Snapshots"); returns how many were looked at. A snapshot
 * of another shape is never read (loading ignores and rebuilds it), so it is not drift.
 */
function compareSnapshots(db: SqlDatabase, registry: UpcastRegistry, out: ProjectionDifference[]): number {
  const upTo = db.prepare('SELECT position, type, schemaVersion, data FROM events WHERE streamId = ? AND streamVersion <= ? ORDER BY streamVersion').raw();
  const headOf = db.prepare('SELECT MAX(streamVersion) FROM events WHERE streamId = ?').pluck();
  let compared = 0;
  for (const row of db.prepare('SELECT streamId, streamVersion, stateVersion, state FROM snapshots ORDER BY streamId').iterate() as IterableIterator<SnapshotRow>) {
    compared++;
    const differ = (column: string, live: unknown, rebuilt: unknown) =>
      out.push({ table: 'snapshots', key: row.streamId, kind: 'changed', column, live, rebuilt });
    const folder = folderOfStream(row.streamId);
    const head = (headOf.get(row.streamId) as number | null) ?? 0;
    if (!folder || head === 0) {
      out.push({ table: 'snapshots', key: row.streamId, kind: 'extra', column: null, live: row, rebuilt: null });
      continue;
    }
    if (row.stateVersion !== folder.stateVersion) continue;
    if (!Number.isInteger(row.streamVersion) || row.streamVersion < 1 || row.streamVersion > head) {
      differ('streamVersion', row.streamVersion, head);
      continue;
    }
    let state = folder.initialState;
    for (const [position, type, schemaVersion, data] of upTo.all(row.streamId, row.streamVersion) as [number, string, number, string][]) {
      state = folder.evolve(state, { type, data: readPayload(type, schemaVersion, data, position, registry) } as DomainEvent);
    }
    const rebuilt = canonicalJson(state);
    let live: string;
    try {
      live = canonicalJson(JSON.parse(row.state));
    } catch {
      live = row.state; // unreadable: loading falls back to the fold, but it is still drift
    }
    if (live !== rebuilt) differ('state', live, rebuilt);
  }
  return compared;
}

type Row = Record<string, unknown>;

/** Merge-compares one table of two databases in key order; returns the rows looked at. */
function compareTable(table: ReadModelTableName, live: SqlDatabase, rebuilt: Database.Database, out: ProjectionDifference[]): number {
  // The scratch copy is always SQLite: its schema names the key and columns for either store.
  const key = keyColumnOf(rebuilt, table);
  const columns = (rebuilt.prepare(`PRAGMA table_info(${table})`).all() as { name: string }[]).map((c) => c.name);
  // Table and column names come from the schema, never from input.
  const sql = `SELECT * FROM ${table} ORDER BY ${key}`;
  const liveRows = live.prepare(sql).iterate() as IterableIterator<Row>;
  const rebuiltRows = rebuilt.prepare(sql).iterate() as IterableIterator<Row>;
  let a = liveRows.next();
  let b = rebuiltRows.next();
  let compared = 0;
  while (!a.done || !b.done) {
    compared++;
    const liveKey = a.done ? undefined : String(a.value[key]);
    const rebuiltKey = b.done ? undefined : String(b.value[key]);
    if (liveKey !== undefined && (rebuiltKey === undefined || sortsBefore(liveKey, rebuiltKey))) {
      out.push({ table, key: liveKey, kind: 'extra', column: null, live: a.value, rebuilt: null });
      a = liveRows.next();
    } else if (rebuiltKey !== undefined && (liveKey === undefined || sortsBefore(rebuiltKey, liveKey))) {
      out.push({ table, key: rebuiltKey, kind: 'missing', column: null, live: null, rebuilt: b.value });
      b = rebuiltRows.next();
    } else {
      for (const column of columns) {
        const liveValue = (a.value as Row)[column];
        const rebuiltValue = (b.value as Row)[column];
        if (liveValue !== rebuiltValue) {
          out.push({ table, key: liveKey!, kind: 'changed', column, live: liveValue, rebuilt: rebuiltValue });
        }
      }
      a = liveRows.next();
      b = rebuiltRows.next();
    }
  }
  return compared;
}

/** SQLite's BINARY order (UTF-8 bytes), which differs from JavaScript's for some characters. */
function sortsBefore(a: string, b: string): boolean {
  return a !== b && Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8')) < 0;
}

function keyColumnOf(db: Database.Database, table: ReadModelTableName): string {
  const info = db.prepare(`PRAGMA table_info(${table})`).all() as { name: string; pk: number }[];
  const key = info.find((c) => c.pk === 1);
  if (!key) throw new Error(`read-model table ${table} has no primary key`);
  return key.name;
}

function rate(events: number, seconds: number): number {
  return seconds > 0 ? Math.round(events / seconds) : events;
}
