// Snapshots: an aggregate's folded state at a stream version, kept so that loading it folds
// only the later events. A cache, never a source of truth (docs/events.md, "Snapshots"): one
// of another state shape, unreadable, or claiming more events than the stream has is ignored
// (the caller folds the whole stream and replaces it), and deleting them all changes only speed.
import { KeyedRead } from './readAhead.js';
import { readTogether, type Read } from './dialect.js';
import type { SqlDatabase, SqlStatement } from './sql.js';

export interface SnapshotRow {
  streamId: string;
  streamVersion: number;
  stateVersion: number;
  state: string;
}

/** A usable snapshot: its state parsed, of the shape the caller folds. */
export interface Snapshot<State> {
  state: State;
  version: number;
}

/** A snapshot row as stored: stream version, state version, state JSON (unchecked). */
export type StoredSnapshot = readonly [unknown, unknown, unknown];

export class Snapshots {
  private readonly byStream: SqlStatement;
  private readonly upsert: SqlStatement;
  private readonly byStreams: KeyedRead;

  private withVersion: SqlStatement | undefined;

  constructor(private readonly db: SqlDatabase) {
    this.byStreams = new KeyedRead(db, 'SELECT streamId, streamVersion, stateVersion, state FROM snapshots', 'streamId');
    this.byStream = db.prepare('SELECT streamVersion, stateVersion, state FROM snapshots WHERE streamId = ?').raw(true);
    this.upsert = db.prepare(
      `INSERT INTO snapshots (streamId, streamVersion, stateVersion, state) VALUES (?, ?, ?, ?)
       ON CONFLICT (streamId) DO UPDATE SET streamVersion = excluded.streamVersion,
         stateVersion = excluded.stateVersion, state = excluded.state`,
    );
  }

  /**
   * The stream's snapshot if it is of `stateVersion` and readable; undefined otherwise (none,
   * another shape, unparsable JSON, a nonsensical version), so the caller folds from scratch.
   */
  read<State>(streamId: string, stateVersion: number): Snapshot<State> | undefined {
    return this.usable<State>(this.byStream.get(streamId) as StoredSnapshot | undefined, stateVersion);
  }

  /** The stored snapshots of many streams (raw, as read() would see them): a bulk import's prefetch. */
  readMany(streamIds: Iterable<string>): Map<string, StoredSnapshot> {
    const found = new Map<string, StoredSnapshot>();
    for (const row of this.byStreams.all(streamIds) as SnapshotRow[]) {
      found.set(row.streamId, [row.streamVersion, row.stateVersion, row.state]);
    }
    return found;
  }

  /**
   * The stored snapshot of one stream (raw, as readMany) and the stream's version, in ONE read:
   * what loading an aggregate needs where each read is a server round trip (PostgreSQL).
   */
  readWithStreamVersion(streamId: string): { snapshot: StoredSnapshot | undefined; version: number } {
    return this.readWithStreamVersionAnd(streamId, []).loaded;
  }

  /**
   * readWithStreamVersion() with more reads (`also`) in the same round trip: the row of a read
   * model the stream's events are about to update (UnitOfWork.load). Their rows as objects.
   */
  readWithStreamVersionAnd(streamId: string, also: readonly Read[]): {
    loaded: { snapshot: StoredSnapshot | undefined; version: number }; rows: Record<string, unknown>[][];
  } {
    // The stream's id twice as two positional parameters, not one named one used twice: so the
    // PostgreSQL connection can write them into a grouped query (postgres/inline.ts).
    this.withVersion ??= this.db.prepare(
      `SELECT (SELECT MAX(streamVersion) FROM events WHERE streamId = ?) AS version, s.streamVersion AS streamVersion,
              s.stateVersion AS stateVersion, s.state AS state
         FROM (SELECT 1 AS one) AS one LEFT JOIN snapshots s ON s.streamId = ?`,
    );
    const [[row], ...rows] = readTogether(this.db, [{ statement: this.withVersion, params: [streamId, streamId] }, ...also]);
    const { version, streamVersion, stateVersion, state } = row as { version: number | null; streamVersion: number | null; stateVersion: number; state: string };
    return {
      loaded: { snapshot: streamVersion === null ? undefined : [streamVersion, stateVersion, state], version: Number(version ?? 0) },
      rows,
    };
  }

  /** read() of a row already read (readMany); undefined for none. */
  usable<State>(row: StoredSnapshot | undefined, stateVersion: number): Snapshot<State> | undefined {
    if (!row) return undefined;
    const [version, shape, text] = row;
    if (shape !== stateVersion || typeof text !== 'string' || !Number.isInteger(version) || (version as number) < 1) return undefined;
    try {
      const state = JSON.parse(text) as unknown;
      if (state === null || typeof state !== 'object') return undefined;
      return { state: state as State, version: version as number };
    } catch {
      return undefined;
    }
  }

  /** Writes (or replaces) a stream's snapshot; must run inside the transaction of the events it covers. */
  write(streamId: string, streamVersion: number, stateVersion: number, state: unknown): void {
    this.upsert.run(streamId, streamVersion, stateVersion, JSON.stringify(state));
  }
}

/** JSON with object keys sorted: two states compare equal when they hold the same values. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    const sorted: Record<string, unknown> = {};
    for (const key of Object.keys(v).sort()) sorted[key] = (v as Record<string, unknown>)[key];
    return sorted;
  });
}
