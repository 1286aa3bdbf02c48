// The SQLite-backed store: the one object the application layer talks to.
import type Database from 'better-sqlite3';
import type { Address } from '../domain/events.js';
import type { IntegrationLookup } from '../domain/integration.js';
import fs from 'node:fs';
import { checkAppendOnly, openDatabase, syncToDisk } from './database.js';
import { StoreError, isBusyError } from './errors.js';
import { EventLog } from './eventLog.js';
import { OutboxWriter } from './outbox.js';
import { cachedReadModels, sqlReadModels, type ReadModels } from './readModels.js';
import { Snapshots } from './snapshots.js';
import { UnitOfWork, type IdSource, type RunInfo } from './unitOfWork.js';
import { CatalogueQueries } from './queries/catalogue.js';
import type { StoredEvent } from './eventLog.js';

const MAX_ATTEMPTS = 4;

/**
 * Makes the id source of one write transaction from the log's head position and, when asked,
 * the number of this write among all writes to the database (which moves even when a
 * transaction writes no event, so derived ids never repeat).
 */
export type IdSourceFactory = (head: number, writeNumber: () => number) => IdSource;

export interface TransactOptions {
  /** "cached" keeps read-model writes in memory until commit: for bulk work touching few rows often. */
  readModels?: 'sql' | 'cached';
  /** Replay and similar rebuilds write no outbox rows. */
  writeOutbox?: boolean;
  /** false: do not keep the appended events for the result (bulk import); `eventsWritten` still counts them. */
  retainEvents?: boolean;
}

export interface TransactResult<T> {
  value: T;
  events: StoredEvent[];
  /** Number of events appended (equals events.length unless retainEvents was false). */
  eventsWritten: number;
  outboxWritten: number;
}

export class ShopStore {
  readonly eventLog: EventLog;
  private readonly snapshots: Snapshots;
  readonly catalogue: CatalogueQueries;
  private readonly outboxWriter: OutboxWriter;
  private readonly liveReadModels: ReadModels;
  private readonly tokenOf: Database.Statement;
  private countWrite: Database.Statement | undefined;
  private readonly queryObjects = new Map<new (db: Database.Database) => unknown, unknown>();
  /** Checked before the first write of this run (see checkAppendOnly). */
  private appendOnlyChecked = false;
  private file = 'the database';

  constructor(readonly db: Database.Database, private readonly idSourceFor: IdSourceFactory) {
    this.eventLog = new EventLog(db);
    this.snapshots = new Snapshots(db);
    this.outboxWriter = new OutboxWriter(db);
    this.liveReadModels = sqlReadModels(db);
    this.catalogue = new CatalogueQueries(db);
    this.tokenOf = db.prepare('SELECT token FROM verification_tokens WHERE customerId = ?').pluck();
  }

  /**
   * A query object (prepared statements over the read models), made once per store.
   * Query classes live in src/store/queries/ and take the database in their constructor.
   */
  queries<Q>(QueryClass: new (db: Database.Database) => Q): Q {
    let instance = this.queryObjects.get(QueryClass) as Q | undefined;
    if (!instance) {
      instance = new QueryClass(this.db);
      this.queryObjects.set(QueryClass, instance);
    }
    return instance;
  }

  /** Whether this open created the database file. */
  created = false;

  /**
   * Opens (and migrates) the database. A missing file is created unless `mustExist` (a command
   * that only reads never creates a database): then NO_DATABASE, exit 2.
   */
  static open(file: string, idSourceFor: IdSourceFactory, options: { mustExist?: boolean } = {}): ShopStore {
    const existed = file === ':memory:' || fs.existsSync(file);
    if (!existed && options.mustExist) {
      throw new StoreError('NO_DATABASE', `no shop database at ${file}; create one with \`shopctl init\` (or check --db / SHOPCTL_DB)`, 'usage', { path: file });
    }
    const store = new ShopStore(openDatabase(file), idSourceFor);
    store.created = !existed;
    store.file = file;
    return store;
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** Commits stop waiting for the disk (synchronous=NORMAL) until makeDurable(). */
  deferDurability(): void {
    this.db.pragma('synchronous = NORMAL');
  }

  /** Puts every commit so far on disk (fsync of the WAL and the file) and returns to synchronous=FULL. */
  makeDurable(): void {
    if (!this.db.open) return;
    this.db.pragma('synchronous = FULL');
    syncToDisk(this.db);
  }

  /**
   * Runs `work` in one BEGIN IMMEDIATE transaction. Busy databases and lost optimistic races
   * are retried a bounded number of times; then a DATABASE_BUSY / CONCURRENCY_CONFLICT error.
   */
  transact<T>(run: RunInfo, work: (uow: UnitOfWork) => T, options: TransactOptions = {}): TransactResult<T> {
    if (!this.appendOnlyChecked) {
      checkAppendOnly(this.db, this.file);
      this.appendOnlyChecked = true;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        return this.db.transaction(() => {
          const readModels = options.readModels === 'cached' ? cachedReadModels(this.db, { empty: false }) : undefined;
          const uow = new UnitOfWork(
            this.db, this.eventLog, this.snapshots, this.outboxWriter, readModels ?? this.liveReadModels,
            this.integrationLookup(readModels ?? this.liveReadModels), this.idSourceFor(this.eventLog.head(), () => this.nextWriteNumber()), run,
            { writeOutbox: options.writeOutbox ?? true, retainEvents: options.retainEvents ?? true },
          );
          const value = work(uow);
          uow.writeSnapshots();
          readModels?.flush();
          return { value, events: uow.appended, eventsWritten: uow.eventsAppended, outboxWritten: uow.outboxWritten };
        }).immediate();
      } catch (error) {
        const retryable = isBusyError(error) || (error instanceof StoreError && error.code === 'CONCURRENCY_CONFLICT');
        if (!retryable) throw error;
        if (attempt >= MAX_ATTEMPTS) {
          if (error instanceof StoreError) throw error;
          throw new StoreError(
            'DATABASE_BUSY',
            `the database stayed busy (another shopctl is writing) after ${MAX_ATTEMPTS} attempts; try again`,
            'conflict',
          );
        }
        sleepMs(25 * attempt + Math.floor(Math.random() * 25));
      }
    }
  }

  private integrationLookup(rm: ReadModels): IntegrationLookup {
    return {
      order: (orderId) => {
        const row = rm.orders.get(orderId);
        return row && { customerId: row.customerId, shippingAddress: JSON.parse(row.shippingAddress) as Address };
      },
      productName: (productId) => rm.products.get(productId)?.name,
      verificationToken: (customerId) => this.tokenOf.get(customerId) as string | undefined,
    };
  }

  /** Counts this write transaction (inside it, so a rolled-back one is not counted). */
  private nextWriteNumber(): number {
    this.countWrite ??= this.db.prepare(
      `INSERT INTO settings (key, value) VALUES ('writeCount', '1')
       ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value`,
    ).pluck();
    return Number(this.countWrite.get());
  }

  setting(key: string): string | undefined {
    return this.db.prepare('SELECT value FROM settings WHERE key = ?').pluck().get(key) as string | undefined;
  }

  putSetting(key: string, value: string): void {
    this.db.prepare('INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value')
      .run(key, value);
  }
}

/** A synchronous pause between retries (the CLI is synchronous around SQLite). */
function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
