// The SQLite store's unit of work (door.ts): load aggregate state, decide, append events,
// project them and write their integration events. Everything commits together or not at all.
import type { Decider } from '../domain/decider.js';
import type { DomainEvent } from '../domain/events.js';
import { integrationEventsFor, type IntegrationLookup } from '../domain/integration.js';
import { type EventLog, type EventMetadata, type StoredEvent } from './eventLog.js';
import type { OutboxWriter } from './outbox.js';
import { aggregateRowOf, projectEvent } from './projections.js';
import type { ReadModels } from './readModels.js';
import type { CommandInfo, IdSource, RunInfo, UnitOfWork } from './door.js';
import type { CachedReadModels, PrimedReadModels } from './readModels.js';
import type { Snapshots, StoredSnapshot } from './snapshots.js';

/** What prefetch() read of a stream not loaded yet: its stored snapshot (if any) and its version. */
interface StreamAhead {
  snapshot: StoredSnapshot | undefined;
  version: number;
}

interface LoadedStream {
  decider: Pick<Decider<unknown, DomainEvent, unknown>, 'evolve'> & { stateVersion?: number };
  state: unknown;
  version: number;
  /** The version the stored snapshot covers (0: none usable, so it is rewritten). */
  snapshotVersion: number;
}

/**
 * A snapshot is written when a transaction leaves a loaded stream this many events past its
 * stored one. 1 = at the end of every command that appended to (or had to rebuild) it: measured
 * against every 100 events, it costs the same per command (the row shares the commit's fsync)
 * and keeps every load to a snapshot read plus nothing to fold (docs/reliability.md).
 */
export const SNAPSHOT_EVERY = 1;

export class SqliteUnitOfWork implements UnitOfWork {
  /** Every event appended so far; stays empty when the transaction was opened with retainEvents: false. */
  readonly appended: StoredEvent[] = [];
  /** How many events were appended (counted even when they are not retained). */
  eventsAppended = 0;
  outboxWritten = 0;
  private readonly loaded = new Map<string, LoadedStream>();
  /** Streams prefetched and not loaded yet (one chunk's worth: replaced at each prefetch). */
  private ahead = new Map<string, StreamAhead>();
  private readonly eventIdFor = (streamId: string, version: number) => this.ids.eventId(streamId, version);

  constructor(
    private readonly eventLog: EventLog,
    private readonly snapshots: Snapshots,
    private readonly outbox: OutboxWriter,
    private readonly readModels: ReadModels,
    private readonly integrationLookup: IntegrationLookup,
    private readonly ids: IdSource,
    private readonly run: RunInfo,
    private readonly options: {
      writeOutbox: boolean; retainEvents?: boolean;
      /**
       * Set where reads are round trips (PostgreSQL): prefetch() reads ahead, else it does
       * nothing; with `primed` (live read models), load() reads the aggregate's own row with
       * its snapshot, for the projection's get() that follows.
       */
      readAhead?: { rows: CachedReadModels['prefetch'] | undefined; primed?: PrimedReadModels };
    },
  ) {}

  get readsAhead(): boolean {
    return this.options.readAhead !== undefined;
  }

  prefetch(wanted: { streams?: readonly string[]; inventory?: readonly string[] }): void {
    const readAhead = this.options.readAhead;
    if (!readAhead) return;
    if (wanted.inventory && wanted.inventory.length > 0) readAhead.rows?.('inventory', wanted.inventory);
    const streams = (wanted.streams ?? []).filter((id) => !this.loaded.has(id));
    this.ahead = new Map();
    if (streams.length === 0) return;
    const snapshots = this.snapshots.readMany(streams);
    for (const [streamId, version] of this.eventLog.streamVersions(streams)) {
      this.ahead.set(streamId, { snapshot: snapshots.get(streamId), version });
    }
  }

  get now(): string {
    return this.run.now;
  }

  newId(): string {
    return this.ids.newId();
  }

  /**
   * The aggregate's current state and version: its snapshot (if usable) plus the events after
   * it, else the fold of the whole stream. Cached for the rest of this transaction (no other
   * writer can change it while we hold the write lock).
   */
  load<State, Event extends DomainEvent>(
    streamId: string,
    /** Without a stateVersion (an ad-hoc fold, e.g. in a test), the stream is never snapshotted. */
    decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'> & { stateVersion?: number },
  ): { state: State; version: number } {
    const cached = this.loaded.get(streamId);
    if (cached) return { state: cached.state as State, version: cached.version };
    const evolve = (folded: State, event: DomainEvent) => decider.evolve(folded, event as Event);
    // Prefetched: the same rows the reads below would give (nothing else writes while we hold the lock).
    let ahead = this.ahead.get(streamId);
    if (ahead) this.ahead.delete(streamId);
    // Where reads are round trips: the snapshot and the stream's version in one read, not two,
    // and with the live read models the aggregate's own row too.
    else if (this.options.readAhead && decider.stateVersion !== undefined) ahead = this.readAhead(streamId, this.options.readAhead.primed);
    const snapshot = decider.stateVersion === undefined ? undefined
      : ahead ? this.snapshots.usable<State>(ahead.snapshot, decider.stateVersion) : this.snapshots.read<State>(streamId, decider.stateVersion);
    const fromSnapshot = snapshot && this.foldAfter(streamId, snapshot, decider.initialState, evolve, ahead?.version);
    const { state, version } = fromSnapshot ??
      (ahead?.version === 0 ? { state: decider.initialState, version: 0 } : this.eventLog.foldStream(streamId, decider.initialState, evolve));
    this.loaded.set(streamId, {
      decider: decider as unknown as LoadedStream['decider'], state, version, snapshotVersion: fromSnapshot ? snapshot!.version : 0,
    });
    return { state, version };
  }

  private readAhead(streamId: string, primed: PrimedReadModels | undefined): StreamAhead {
    const row = primed && aggregateRowOf(streamId);
    if (!primed || !row) return this.snapshots.readWithStreamVersion(streamId);
    const { loaded, rows } = this.snapshots.readWithStreamVersionAnd(streamId, [primed.readOf(row.table, row.key)]);
    primed.prime(row.table, row.key, rows[0]![0]);
    return loaded;
  }

  /**
   * One command against one aggregate (the shape of emmett's command handler): load the
   * stream's state, decide, append what was decided at the version loaded. `command` may be
   * built from the loaded state. Returns the stored events (none for an unchanged re-run).
   */
  handle<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    info: CommandInfo,
  ): StoredEvent[] {
    const { state, version } = this.load(streamId, decider);
    const decided = decider.decide(typeof command === 'function' ? (command as (state: State) => Command)(state) : command, state);
    return this.append(streamId, version, decided, info);
  }

  /** The snapshot plus the events after it; undefined when it claims events the stream does not have. */
  private foldAfter<State>(
    streamId: string, snapshot: { state: State; version: number }, initial: State, evolve: (state: State, event: DomainEvent) => State,
    knownHead?: number,
  ): { state: State; version: number } | undefined {
    // Every command leaves its stream's snapshot at the head, so usually the head alone answers.
    const head = knownHead ?? this.eventLog.streamVersion(streamId);
    if (head < snapshot.version) return undefined;
    if (head === snapshot.version) return { state: snapshot.state, version: head };
    return this.eventLog.foldStream(streamId, initial, evolve, snapshot);
  }

  /**
   * Writes the snapshots of the streams this transaction left SNAPSHOT_EVERY or more events past
   * their stored one, or whose stored one was unusable. Called once, just before commit.
   */
  writeSnapshots(): void {
    for (const [streamId, stream] of this.loaded) {
      const { stateVersion } = stream.decider;
      if (stateVersion === undefined || stream.version === 0 || stream.version - stream.snapshotVersion < SNAPSHOT_EVERY) continue;
      this.snapshots.write(streamId, stream.version, stateVersion, stream.state);
      stream.snapshotVersion = stream.version;
    }
  }

  /** Appends to one stream at its expected version, then projects and fills the outbox. */
  append(streamId: string, expectedVersion: number, events: readonly DomainEvent[], command: CommandInfo): StoredEvent[] {
    if (events.length === 0) return [];
    const metadata: EventMetadata = {
      command: command.command,
      correlationId: this.run.correlationId,
      causationId: command.causationId,
      source: this.run.source,
    };
    // A stream loaded in this transaction cannot have moved (we hold the write lock), so its
    // cached version stands in for the SELECT MAX check; the UNIQUE index still guards.
    const cached = this.loaded.get(streamId);
    this.ahead.delete(streamId); // appended without a load: what was read ahead is old now
    const stored = this.eventLog.append(
      streamId, expectedVersion, events, metadata, this.run.now, this.eventIdFor, cached?.version,
    );
    for (const event of stored) {
      // A stored event is a domain event (type + data) with more fields: no copy needed.
      const domainEvent = event as unknown as DomainEvent;
      projectEvent(domainEvent, this.readModels);
      if (this.options.writeOutbox) {
        for (const message of integrationEventsFor(domainEvent, this.integrationLookup)) {
          this.outbox.write(message, this.ids.newId(), event.recordedAt, event.position);
          this.outboxWritten++;
        }
      }
      // Bulk imports of a million rows cannot keep every event in memory: they only count.
      if (this.options.retainEvents !== false) this.appended.push(event);
      this.eventsAppended++;
    }
    if (cached) {
      let state = cached.state;
      for (const event of events) state = cached.decider.evolve(state, event);
      cached.state = state;
      cached.version = expectedVersion + events.length;
    }
    return stored;
  }
}
