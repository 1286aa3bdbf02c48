// The store's door: what the application layer may ask of a store. The SQLite store
// (shopStore.ts, SqliteShopStore) implements it; another store (PostgreSQL) would implement the same
// interface beside it. Reads return parsed view types (views.ts), never stored encodings.
import type { Decider } from '../domain/decider.js';
import type { DomainEvent } from '../domain/events.js';
import type { CredentialWriter } from './credentials.js';
import type { EventLog, StoredEvent } from './eventLog.js';
import type { CartQueries } from './queries/carts.js';
import type { CatalogueExportQueries } from './queries/catalogueExport.js';
import type { CatalogueQueries } from './queries/catalogue.js';
import type { CustomerQueries } from './queries/customers.js';
import type { ImportQueries } from './queries/imports.js';
import type { OrderQueries } from './queries/orders.js';
import type { OutboxQueries } from './queries/outbox.js';
import type { OutboxDeliveryQueries } from './queries/outboxDelivery.js';
import type { ProductViewQueries } from './queries/productViews.js';
import type { ShopSummaryQueries } from './queries/shopSummary.js';
import type { ReplayResult, VerifyResult } from './replay.js';

/** The public members of a class, as an interface another store can implement. */
type Public<T> = { [K in keyof T]: T[K] };

export type CatalogueReads = Public<CatalogueQueries>;
export type CustomerReads = Public<CustomerQueries>;
export type CartReads = Public<CartQueries>;
export type OrderReads = Public<OrderQueries>;
export type ImportHistory = Public<ImportQueries>;
export type ProductViews = Public<ProductViewQueries>;
export type OutboxReads = Public<OutboxQueries>;
export type ShopSummaryReads = Public<ShopSummaryQueries>;
export type Credentials = Public<CredentialWriter>;
export type CatalogueExport = Public<CatalogueExportQueries>;
export type OutboxDelivery = Public<OutboxDeliveryQueries>;
/** The log as readers see it: its head, a stream's first event, events in order, the latest ones. */
export type EventReads = Pick<EventLog, 'head' | 'firstEvent' | 'read' | 'latest'>;

/** Where ids come from: random in normal use, derived from a seed when the clock is fixed. */
export interface IdSource {
  newId(): string;
  eventId(streamId: string, streamVersion: number): string;
}

/**
 * Makes the id source of one write transaction from the log's head position and, when asked,
 * the number of this write among all writes to the database (which moves even when a
 * transaction writes no event, so derived ids never repeat). Both are read only if asked:
 * random ids need neither, and on PostgreSQL the head comes with the transaction's first read.
 */
export type IdSourceFactory = (head: () => number, writeNumber: () => number) => IdSource;

export interface CommandInfo {
  /** The seed's command name, e.g. "RestockInventory". */
  command: string;
  causationId: string;
}

export interface RunInfo {
  now: string;
  source: string;
  correlationId: string;
}

export interface TransactOptions {
  /**
   * "cached" keeps read-model writes in memory until commit: for bulk work touching few rows
   * often. Reads see the transaction's own writes either way (only speed differs).
   */
  readModels?: 'sql' | 'cached';
  /** Replay and similar rebuilds write no outbox rows. */
  writeOutbox?: boolean;
  /** false: do not keep the appended events for the result (bulk import); `eventsWritten` still counts them. */
  retainEvents?: boolean;
  /**
   * A bulk import appending to thousands of streams in one transaction: the store may hold more
   * of the database in memory for it (SQLite: a bigger page cache, docs/import.md "Performance").
   */
  bulk?: boolean;
}

export interface TransactResult<T> {
  value: T;
  events: StoredEvent[];
  /** Number of events appended (equals events.length unless retainEvents was false). */
  eventsWritten: number;
  outboxWritten: number;
}

/**
 * How a long write lets the process in while its transaction is open (a Ctrl-C): the work awaits
 * `checkpoint()` every few thousand rows, which yields to the event loop and throws to abandon
 * the work (the transaction rolls back); the store awaits `closing()` once, before the
 * synchronous end of the transaction (its last writes and COMMIT), which nothing interrupts.
 */
export interface WriteSteps {
  checkpoint(): Promise<void>;
  closing(): Promise<void>;
}

/** One command's work inside one write transaction: everything commits together or not at all. */
export interface UnitOfWork {
  readonly now: string;
  /** Every event appended so far (empty when the transaction does not retain events). */
  readonly appended: StoredEvent[];
  readonly eventsAppended: number;
  readonly outboxWritten: number;
  newId(): string;
  /**
   * The aggregate's current state and version, folded from its stream: the one place
   * aggregate state is loaded. Cached for the rest of the transaction.
   */
  load<State, Event extends DomainEvent>(
    streamId: string,
    decider: Pick<Decider<unknown, Event, State>, 'initialState' | 'evolve'>,
  ): { state: State; version: number };
  /**
   * Whether prefetch() and the catalogue's set-based reads (itemsNamed) pay on this store: true
   * where every read is a server round trip (PostgreSQL), false where it is a function call (SQLite).
   */
  readonly readsAhead: boolean;
  /**
   * Reads ahead, in a few set-based reads, what the next loads of these streams and gets of these
   * inventory rows would read one by one (a bulk import's next chunk of rows). Changes nothing
   * observable, only how many round trips the work costs; a no-op unless `readsAhead`.
   */
  prefetch(wanted: { streams?: readonly string[]; inventory?: readonly string[] }): void;
  /** Load, decide, append (emmett's command handler shape); `command` may be built from the state. */
  handle<Command, Event extends DomainEvent, State>(
    streamId: string,
    decider: Decider<Command, Event, State>,
    command: Command | ((state: State) => Command),
    info: CommandInfo,
  ): StoredEvent[];
  /** Appends to one stream at its expected version, then projects and fills the outbox. */
  append(streamId: string, expectedVersion: number, events: readonly DomainEvent[], command: CommandInfo): StoredEvent[];
}

export interface ShopStore {
  readonly events: EventReads;
  readonly catalogue: CatalogueReads;
  readonly customers: CustomerReads;
  readonly carts: CartReads;
  readonly orders: OrderReads;
  readonly imports: ImportHistory;
  readonly productViews: ProductViews;
  readonly outbox: OutboxReads;
  /** The outbox lease and per-message delivery state (outbox deliver). */
  readonly outboxDelivery: OutboxDelivery;
  readonly catalogueExport: CatalogueExport;
  readonly summary: ShopSummaryReads;
  readonly credentials: Credentials;

  /**
   * Runs `work` in one write transaction. Busy databases and lost optimistic races are
   * retried a bounded number of times; then DATABASE_BUSY / CONCURRENCY_CONFLICT.
   */
  transact<T>(run: RunInfo, work: (uow: UnitOfWork) => T, options?: TransactOptions): TransactResult<T>;
  /** transact() for long work (imports) that awaits `steps.checkpoint()` as it goes (see WriteSteps). */
  transactStepwise<T>(run: RunInfo, steps: WriteSteps, work: (uow: UnitOfWork) => Promise<T>, options?: TransactOptions): Promise<TransactResult<T>>;
  setting(key: string): string | undefined;
  putSetting(key: string, value: string): void;
  /** Clears every read model and rebuilds it from the log, in one transaction (replay). */
  rebuildReadModels(): ReplayResult;
  /** rebuildReadModels() with a checkpoint after each batch of events (see WriteSteps). */
  rebuildReadModelsStepwise(steps: WriteSteps): Promise<ReplayResult>;
  /** Rebuilds into a scratch copy and compares it with the live read models. */
  verifyReadModels(): VerifyResult;
  /** Whether opening this store created its database. */
  readonly created: boolean;
  /** Commits stop waiting for the disk until makeDurable() (a batch of commands, e.g. fixtures). */
  deferDurability(): void;
  /** Puts every commit so far on disk and returns to waiting for the disk on each commit. */
  makeDurable(): void;
  close(): void;
}
