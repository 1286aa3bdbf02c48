// What the two stores share: the door (door.ts) over one SQL connection (sql.ts). The query
// code is the same for SQLite and PostgreSQL; a store adds how it opens, locks, retries and
// makes commits durable (shopStore.ts for SQLite, postgres/pgShopStore.ts for PostgreSQL).
import type { Address } from '../domain/events.js';
import type { IntegrationLookup } from '../domain/integration.js';
import { CredentialWriter } from './credentials.js';
import type { IdSourceFactory, RunInfo, ShopStore, TransactOptions, TransactResult, UnitOfWork, WriteSteps } from './door.js';
import { StoreError } from './errors.js';
import { EventLog } from './eventLog.js';
import { OutboxWriter } from './outbox.js';
import { CartQueries } from './queries/carts.js';
import { CatalogueExportQueries } from './queries/catalogueExport.js';
import { CatalogueQueries } from './queries/catalogue.js';
import { CustomerQueries } from './queries/customers.js';
import { ImportQueries } from './queries/imports.js';
import { OrderQueries } from './queries/orders.js';
import { OutboxQueries } from './queries/outbox.js';
import { OutboxDeliveryQueries } from './queries/outboxDelivery.js';
import { ProductViewQueries } from './queries/productViews.js';
import { ShopSummaryQueries } from './queries/shopSummary.js';
import { cachedReadModels, primedReadModels, sqlReadModels, type BeforeRead, type CachedReadModels, type ReadModels } from './readModels.js';
import { rebuildReadModels, rebuildReadModelsStepwise, verifyReadModels, type ReplayResult, type VerifyResult } from './replay.js';
import { Snapshots } from './snapshots.js';
import type { SqlDatabase, SqlStatement } from './sql.js';
import { SqliteUnitOfWork } from './unitOfWork.js';

const MAX_ATTEMPTS = 4;

export abstract class SqlShopStore implements ShopStore {
  readonly events: EventLog;
  private readonly snapshots: Snapshots;
  readonly catalogue: CatalogueQueries;
  protected readonly outboxWriter: OutboxWriter;
  private readonly liveReadModels: ReadModels;
  private readonly tokenOf: SqlStatement;
  private countWrite: SqlStatement | undefined;
  /** The read models of the open transaction when it keeps them in memory (write-back cache). */
  private heldInMemory: CachedReadModels | undefined;
  private readonly beforeRead: BeforeRead = (tables) => this.heldInMemory?.flushTables(tables);
  private readonly made = new Map<string, unknown>();
  /** Checked before the first write of this run (see checkWritable). */
  private writableChecked = false;
  /** Whether opening this store created its database. */
  created = false;
  /**
   * Whether bulk work reads ahead in set-based reads (UnitOfWork.prefetch): where each read is a
   * server round trip. SQLite reads are function calls; PgShopStore turns it on.
   */
  protected readsAhead = false;
  /**
   * The log's head as read when this write transaction took the lock (PgShopStore reads it
   * with the lock, held until the transaction's first read): the unit of work takes it instead
   * of asking again. Taken once.
   */
  protected headAtLock: (() => number) | undefined;

  /** `db` is for the store's own files and tests of the store; the app sees only the door. */
  constructor(readonly db: SqlDatabase, private readonly idSourceFor: IdSourceFactory) {
    this.events = new EventLog(db);
    this.snapshots = new Snapshots(db);
    this.outboxWriter = new OutboxWriter(db);
    this.liveReadModels = sqlReadModels(db);
    this.catalogue = new CatalogueQueries(db, this.beforeRead);
    this.tokenOf = db.prepare('SELECT token FROM verification_tokens WHERE customerId = ?').pluck();
  }

  /** Runs `body` in one write transaction holding the store's write lock (BEGIN IMMEDIATE, advisory lock). */
  protected abstract inWriteTransaction<T>(body: () => T): T;
  /** The same transaction opened, ended and undone by hand, for work that awaits inside it. */
  protected abstract beginWrite(): void;
  protected abstract commitWrite(): void;
  /** Undoes the open write transaction, if one is open; never throws over the error that caused it. */
  protected abstract rollbackWrite(): void;
  /** A busy database or a lost race that another attempt may get past. */
  protected abstract isRetryable(error: unknown): boolean;
  /** Refuses writes to a store that cannot be trusted with them (e.g. the log lost its append-only triggers). */
  protected abstract checkWritable(): void;
  /** The lock a retry waits for: busy for this long, then DATABASE_BUSY. */
  protected abstract pause(ms: number): void;
  abstract deferDurability(): void;
  abstract makeDurable(): void;
  abstract close(): void;

  // Query objects prepare their statements when first used: a command pays only for its own.
  protected once<T>(name: string, make: () => T): T {
    let made = this.made.get(name) as T | undefined;
    if (made === undefined) {
      made = make();
      this.made.set(name, made);
    }
    return made;
  }

  get customers(): CustomerQueries { return this.once('customers', () => new CustomerQueries(this.db, this.beforeRead)); }
  get carts(): CartQueries { return this.once('carts', () => new CartQueries(this.db, this.beforeRead)); }
  get orders(): OrderQueries { return this.once('orders', () => new OrderQueries(this.db, this.beforeRead)); }
  get imports(): ImportQueries { return this.once('imports', () => new ImportQueries(this.db)); }
  get productViews(): ProductViewQueries { return this.once('productViews', () => new ProductViewQueries(this.db, this.beforeRead)); }
  get outbox(): OutboxQueries { return this.once('outbox', () => new OutboxQueries(this.db)); }
  get outboxDelivery(): OutboxDeliveryQueries { return this.once('outboxDelivery', () => new OutboxDeliveryQueries(this.db)); }
  get catalogueExport(): CatalogueExportQueries { return this.once('catalogueExport', () => new CatalogueExportQueries(this.db)); }
  get summary(): ShopSummaryQueries { return this.once('summary', () => new ShopSummaryQueries(this.db)); }
  get credentials(): CredentialWriter { return this.once('credentials', () => new CredentialWriter(this.db)); }

  /**
   * Runs `work` in one write transaction. Busy databases and lost optimistic races are retried
   * a bounded number of times; then a DATABASE_BUSY / CONCURRENCY_CONFLICT error.
   */
  transact<T>(run: RunInfo, work: (uow: UnitOfWork) => T, options: TransactOptions = {}): TransactResult<T> {
    this.checkWritableOnce();
    return this.underOptions(options, () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return this.inWriteTransaction(() => {
            const open = this.openUnitOfWork(run, options);
            try {
              return this.closeUnitOfWork(open, work(open.uow));
            } finally {
              this.heldInMemory = undefined;
            }
          });
        } catch (error) {
          this.beforeRetry(error, attempt);
        }
      }
    });
  }

  /**
   * transact() for long work that yields to the event loop inside its transaction (WriteSteps):
   * explicit BEGIN … COMMIT/ROLLBACK (beginWrite and friends) instead of a synchronous
   * transaction function, which could not be left while it runs.
   */
  async transactStepwise<T>(
    run: RunInfo, steps: WriteSteps, work: (uow: UnitOfWork) => Promise<T>, options: TransactOptions = {},
  ): Promise<TransactResult<T>> {
    this.checkWritableOnce();
    return this.underOptions(options, async () => {
      for (let attempt = 1; ; attempt++) {
        try {
          return await this.inWriteTransactionStepwise(async () => {
            const open = this.openUnitOfWork(run, options);
            try {
              const value = await work(open.uow);
              await steps.closing();
              return this.closeUnitOfWork(open, value);
            } finally {
              this.heldInMemory = undefined;
            }
          });
        } catch (error) {
          this.beforeRetry(error, attempt);
        }
      }
    });
  }

  /**
   * Runs every attempt of one transaction (transact, transactStepwise) under the settings its
   * options ask of this store; none here (SQLite: a bigger page cache for bulk work).
   */
  protected underOptions<T>(_options: TransactOptions, attempts: () => T): T {
    return attempts();
  }

  /** BEGIN (with the store's write lock), `body`, COMMIT; ROLLBACK when anything of it throws. */
  private async inWriteTransactionStepwise<T>(body: () => Promise<T>): Promise<T> {
    this.beginWrite();
    try {
      const value = await body();
      this.commitWrite();
      return value;
    } catch (error) {
      this.rollbackWrite();
      throw error;
    }
  }

  private checkWritableOnce(): void {
    if (this.writableChecked) return;
    this.checkWritable();
    this.writableChecked = true;
  }

  private openUnitOfWork(run: RunInfo, options: TransactOptions): { uow: SqliteUnitOfWork; cached: CachedReadModels | undefined } {
    const cached = options.readModels === 'cached' ? cachedReadModels(this.db, { empty: false }) : undefined;
    // Where reads are round trips, this transaction's live read models can take a row read ahead.
    const primed = !cached && this.readsAhead ? primedReadModels(this.liveReadModels) : undefined;
    const readModels = cached ?? primed ?? this.liveReadModels;
    const events = this.events;
    const head = this.headAtLock ?? (() => events.head());
    this.headAtLock = undefined;
    const uow = new SqliteUnitOfWork(
      this.events, this.snapshots, this.outboxWriter, readModels, this.integrationLookup(readModels),
      this.idSourceFor(head, () => this.nextWriteNumber()), run,
      {
        writeOutbox: options.writeOutbox ?? true, retainEvents: options.retainEvents ?? true,
        readAhead: this.readsAhead ? { rows: cached?.prefetch, primed } : undefined,
      },
    );
    this.heldInMemory = cached;
    return { uow, cached };
  }

  /** The unit of work's last writes before COMMIT: snapshots and the held read-model rows. */
  private closeUnitOfWork<T>(open: { uow: SqliteUnitOfWork; cached: CachedReadModels | undefined }, value: T): TransactResult<T> {
    const { uow, cached } = open;
    uow.writeSnapshots();
    cached?.flush();
    return { value, events: uow.appended, eventsWritten: uow.eventsAppended, outboxWritten: uow.outboxWritten };
  }

  /** Rethrows what another attempt cannot get past, else waits before the next attempt. */
  private beforeRetry(error: unknown, attempt: number): void {
    if (!this.isRetryable(error)) throw error;
    if (attempt >= MAX_ATTEMPTS) {
      if (error instanceof StoreError) throw error;
      throw new StoreError(
        'DATABASE_BUSY',
        `the database stayed busy (another shopctl is writing) after ${MAX_ATTEMPTS} attempts; try again`,
        'conflict',
      );
    }
    this.pause(25 * attempt + Math.floor(Math.random() * 25));
  }

  /** Runs `body` in a write transaction holding this store's write lock (store-internal: db copy). */
  writeTransaction<T>(body: () => T): T {
    return this.inWriteTransaction(body);
  }

  rebuildReadModels(): ReplayResult {
    return rebuildReadModels(this.db, (body) => this.inWriteTransaction(body));
  }

  rebuildReadModelsStepwise(steps: WriteSteps): Promise<ReplayResult> {
    return rebuildReadModelsStepwise(this.db, (body) => this.inWriteTransactionStepwise(body), steps);
  }

  verifyReadModels(): VerifyResult {
    return verifyReadModels(this.db);
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
       ON CONFLICT (key) DO UPDATE SET value = CAST(CAST(settings.value AS INTEGER) + 1 AS TEXT) RETURNING value`,
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

/** A synchronous pause (the CLI is synchronous around its store). */
export function sleepMs(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}
