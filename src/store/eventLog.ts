// The append-only event log: optimistic appends per stream, reads by stream or position.
import type { SqlDatabase, SqlStatement } from './sql.js';
import { CURRENT_SCHEMA_VERSION, type DomainEvent, type DomainEventType } from '../domain/events.js';
import { parseStored, readPayload } from '../domain/upcasting.js';
import { StoreError } from './errors.js';
import { KeyedRead } from './readAhead.js';

export interface EventMetadata {
  command: string;
  correlationId: string;
  causationId: string;
  /** "cli", "import:<sha256>" or "fixtures:<file>" */
  source: string;
}

export interface StoredEvent {
  position: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: DomainEventType;
  schemaVersion: number;
  data: DomainEvent['data'];
  metadata: EventMetadata;
  recordedAt: string;
}

interface EventRow {
  position: number; eventId: string; streamId: string; streamVersion: number; type: string;
  schemaVersion: number; data: string; metadata: string; recordedAt: string;
}

export interface EventFilter {
  streamId?: string;
  type?: string;
  after?: number;
  limit?: number;
}

/** The last event's position, 0 for an empty log. */
export const HEAD_POSITION = 'SELECT COALESCE(MAX(position), 0) FROM events';

export class EventLog {
  private readonly versionOf: SqlStatement;
  private readonly streamPayloads: SqlStatement;
  private readonly streamHead: SqlStatement;
  private readonly insert: SqlStatement;
  private readonly headPosition: SqlStatement;
  private readonly versionsOf: KeyedRead;
  /**
   * Set by a store whose writers give positions themselves (PostgreSQL: the writer holding the
   * log's lock takes head + 1, so appends can be sent in batches); else the database assigns
   * them (SQLite's rowid) and each append reads it back.
   */
  private nextPosition: number | undefined;
  /** The head assignPositionsAfter() was given as a function, until the first append reads it. */
  private headLater: (() => number) | undefined;
  private insertAtPosition: SqlStatement | undefined;

  constructor(private readonly db: SqlDatabase) {
    this.versionOf = db.prepare('SELECT MAX(streamVersion) FROM events WHERE streamId = ?').pluck();
    this.streamHead = db.prepare('SELECT * FROM events WHERE streamId = ? ORDER BY streamVersion LIMIT 1');
    this.streamPayloads = db.prepare(
      'SELECT position, streamVersion, type, schemaVersion, data FROM events WHERE streamId = ? AND streamVersion > ? ORDER BY streamVersion',
    ).raw(true);
    this.insert = db.prepare(
      `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    this.headPosition = db.prepare(HEAD_POSITION).pluck();
    this.versionsOf = new KeyedRead(db, 'SELECT streamId, MAX(streamVersion) AS version FROM events', 'streamId', ' GROUP BY streamId');
  }

  /**
   * Appends of this write transaction take positions from head + 1 (the caller holds the log's
   * lock). The head may be given as a function, called at the first append: PostgreSQL reads it
   * with the next round trip the transaction makes anyway (PgDatabase.readLater).
   */
  assignPositionsAfter(head: number | (() => number)): void {
    this.insertAtPosition ??= this.db.prepare(
      `INSERT INTO events (position, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    if (typeof head === 'number') this.nextPosition = head + 1;
    else {
      this.nextPosition = 0; // numbered, once the head is known
      this.headLater = head;
    }
  }

  streamVersion(streamId: string): number {
    return (this.versionOf.get(streamId) as number | null) ?? 0;
  }

  /** streamVersion() of many streams at once (a bulk import's prefetch): 0 for those without events. */
  streamVersions(streamIds: Iterable<string>): Map<string, number> {
    const versions = new Map<string, number>();
    for (const id of streamIds) versions.set(id, 0);
    for (const row of this.versionsOf.all(versions.keys()) as { streamId: string; version: number }[]) versions.set(row.streamId, Number(row.version));
    return versions;
  }

  head(): number {
    return this.headPosition.get() as number;
  }

  /** A stream's first event, if any (without reading the rest of the stream). */
  firstEvent(streamId: string): StoredEvent | undefined {
    const row = this.streamHead.get(streamId) as EventRow | undefined;
    return row && decodeEvent(row);
  }

  /**
   * Folds a stream's domain events (type + upcast payload) into a state, reading only what
   * folding needs (no metadata), and returns the stream's version with it. Given `from` (a
   * snapshot), folds only the events after its version onto its state.
   */
  foldStream<State>(
    streamId: string, initial: State, evolve: (state: State, event: DomainEvent) => State,
    from?: { state: State; version: number },
  ): { state: State; version: number } {
    let state = from ? from.state : initial;
    let version = from ? from.version : 0;
    for (const [position, streamVersion, type, schemaVersion, data] of this.streamPayloads.all(streamId, version) as [number, number, string, number, string][]) {
      state = evolve(state, { type, data: readPayload(type, schemaVersion, data, position) } as DomainEvent);
      version = streamVersion;
    }
    return { state, version };
  }

  /**
   * Appends events to one stream if it is still at `expectedVersion`. Must run inside the
   * caller's write transaction; the UNIQUE (streamId, streamVersion) index backs the check.
   */
  append(
    streamId: string,
    expectedVersion: number,
    events: readonly DomainEvent[],
    metadata: EventMetadata,
    recordedAt: string,
    newEventId: (streamId: string, version: number) => string,
    /** The stream's version as read inside this same write transaction, if the caller has it. */
    knownVersion?: number,
  ): StoredEvent[] {
    const actual = knownVersion ?? this.streamVersion(streamId);
    if (actual !== expectedVersion) {
      throw new StoreError(
        'CONCURRENCY_CONFLICT',
        `stream ${streamId} changed meanwhile (expected version ${expectedVersion}, found ${actual})`,
        'conflict',
        { streamId, expectedVersion, actualVersion: actual },
      );
    }
    const metadataJson = JSON.stringify(metadata);
    if (this.headLater) {
      this.nextPosition = this.headLater() + 1;
      this.headLater = undefined;
    }
    // A plain loop: this is the hot path of bulk imports.
    const stored: StoredEvent[] = new Array(events.length);
    for (let index = 0; index < events.length; index++) {
      const event = events[index];
      const streamVersion = expectedVersion + index + 1;
      const eventId = newEventId(streamId, streamVersion);
      const schemaVersion = CURRENT_SCHEMA_VERSION[event.type];
      let position: number;
      if (this.nextPosition === undefined) {
        position = this.insert.run(
          eventId, streamId, streamVersion, event.type, schemaVersion, JSON.stringify(event.data), metadataJson, recordedAt,
        ).lastInsertRowid as number;
      } else {
        position = this.nextPosition++;
        this.insertAtPosition!.run(
          position, eventId, streamId, streamVersion, event.type, schemaVersion, JSON.stringify(event.data), metadataJson, recordedAt,
        );
      }
      stored[index] = {
        position, eventId, streamId, streamVersion, type: event.type,
        schemaVersion, data: event.data, metadata, recordedAt,
      };
    }
    return stored;
  }

  /** The last `n` matching events (in log order) and the number matching in all. */
  latest(filter: EventFilter, n: number): { events: StoredEvent[]; total: number } {
    const { where, params } = eventFilter(filter);
    const total = this.db.prepare(`SELECT count(*) FROM events WHERE ${where}`).pluck().get(params) as number;
    const rows = this.db.prepare(`SELECT * FROM events WHERE ${where} ORDER BY position DESC LIMIT @n`).all({ ...params, n }) as EventRow[];
    return { events: rows.reverse().map(decodeEvent), total };
  }

  /** Events in log order, filtered; lazily, so any size of log streams in bounded memory. */
  *read(filter: EventFilter = {}): IterableIterator<StoredEvent> {
    const { sql, params } = eventQuery(filter);
    for (const row of this.db.prepare(sql).iterate(params) as IterableIterator<EventRow>) yield decodeEvent(row);
  }
}

/**
 * The SQL of `read`: keyset pagination on the position (`--after`), never OFFSET, so a page
 * deep in a big log costs what the first one does. With a stream, it walks the stream index in
 * version order (within a stream that is position order), so LIMIT stops early instead of
 * sorting the whole stream; with a type, the (type, position) index. Exported for the test
 * that checks the query plans.
 */
export function eventQuery(filter: EventFilter): { sql: string; params: Record<string, unknown> } {
  const { where, params } = eventFilter(filter);
  const order = filter.streamId ? 'streamVersion' : 'position';
  const sql = `SELECT * FROM events WHERE ${where} ORDER BY ${order}` + (filter.limit ? ' LIMIT @limit' : '');
  return { sql, params: filter.limit ? { ...params, limit: filter.limit } : params };
}

/** The WHERE clause of a filter (after, stream, type) and its bound parameters. */
function eventFilter(filter: EventFilter): { where: string; params: Record<string, unknown> } {
  const where: string[] = ['position > @after'];
  const params: Record<string, unknown> = { after: filter.after ?? 0 };
  if (filter.streamId) (where.push('streamId = @streamId'), (params.streamId = filter.streamId));
  if (filter.type) (where.push('type = @type'), (params.type = filter.type));
  // Only fixed fragments are joined; every value is a bound parameter.
  return { where: where.join(' AND '), params };
}

export function decodeEvent(row: EventRow): StoredEvent {
  const data = readPayload(row.type, row.schemaVersion, row.data, row.position);
  return {
    position: row.position, eventId: row.eventId, streamId: row.streamId, streamVersion: row.streamVersion,
    type: row.type as DomainEventType, schemaVersion: CURRENT_SCHEMA_VERSION[row.type as DomainEventType], data,
    metadata: parseStored(row.metadata, row.position, row.type, row.schemaVersion, 'metadata') as EventMetadata, recordedAt: row.recordedAt,
  };
}
