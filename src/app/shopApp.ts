// The application layer: opens the store with the run's clock, ids and source, and runs each
// command as one unit of work. CLI, import and fixtures all go through here.
import {
  isPostgresUrl, openShopStore, type CommandInfo, type IdSourceFactory, type ShopStore, type TransactOptions, type TransactResult, type UnitOfWork, type WriteSteps,
} from '../store/index.js';

export type { WriteSteps } from '../store/index.js';
import { invalidArgument } from './errors.js';
import { deterministicIds, nameBasedUuid, randomIds } from './ids.js';

export interface AppOptions {
  dbPath: string;
  /** SHOPCTL_NOW: a fixed ISO-8601 time for reproducible runs. */
  fixedNow?: string;
  /** "cli", "import:<sha256>", "fixtures:<file>". */
  source?: string;
  /** A command that only reads: a missing database is NO_DATABASE rather than created. */
  mustExist?: boolean;
  /** Wraps every synchronous write transaction (the CLI restores Ctrl-C's default action there). */
  aroundWrite?: <T>(work: () => T) => T;
  /**
   * Wraps every long write (import, replay): gives it the WriteSteps through which an interrupt
   * reaches it inside its transaction (the CLI: Ctrl-C rolls it back). Default: steps that never
   * stop the work.
   */
  aroundLongWrite?: <T>(work: (steps: WriteSteps) => Promise<T>) => Promise<T>;
}

const UNINTERRUPTED: WriteSteps = { checkpoint: () => Promise.resolve(), closing: () => Promise.resolve() };

export const DEFAULT_CURRENCY = 'USD';

export class ShopApp {
  readonly store: ShopStore;
  correlationId: string;
  /** The database file, so that outputs can refuse to overwrite it. */
  readonly dbPath: string;
  source: string;
  private readonly fixedNow: string | undefined;
  private readonly aroundWrite: <T>(work: () => T) => T;
  private readonly aroundLongWrite: <T>(work: (steps: WriteSteps) => Promise<T>) => Promise<T>;
  private currencyCache: string | undefined;

  constructor(options: AppOptions) {
    this.aroundWrite = options.aroundWrite ?? ((work) => work());
    this.aroundLongWrite = options.aroundLongWrite ?? ((work) => work(UNINTERRUPTED));
    this.fixedNow = options.fixedNow === undefined ? undefined : parseFixedNow(options.fixedNow);
    const seed = this.fixedNow;
    // Reproducible ids follow from the clock, the log's head and the number of the write, so a
    // write that records no event (an unchanged import) still gets fresh ids.
    const idSourceFor: IdSourceFactory = (head, writeNumber) =>
      seed === undefined ? randomIds() : deterministicIds(seed, `${head()}.${writeNumber()}`);
    this.dbPath = options.dbPath;
    // Opening a PostgreSQL shop waits for the server (up to the connect timeout), synchronously:
    // no Ctrl-C handler could run meanwhile, so it gets a write's rules (the CLI's default
    // action: the process ends at once; the server rolls back what the connection had begun).
    // A SQLite file opens in moments, and a Ctrl-C then is handled right after ("cancelled").
    const open = () => openShopStore(options.dbPath, idSourceFor, { mustExist: options.mustExist });
    this.store = isPostgresUrl(options.dbPath) ? this.aroundWrite(open) : open();
    // A new shop's currency is fixed by its first change: record it, so it is said and kept.
    if (this.store.created && this.store.setting('currency') === undefined) this.setCurrency(DEFAULT_CURRENCY);
    this.source = options.source ?? 'cli';
    this.correlationId = this.newCorrelationId();
  }

  /**
   * Starts the next run on this open shop (a fixture step): a fresh correlation id, the same
   * one a separately opened shop would get, so logs do not depend on how steps were run.
   */
  beginRun(): void {
    this.correlationId = this.newCorrelationId();
  }

  private newCorrelationId(): string {
    return this.fixedNow === undefined ? randomIds().newId() : nameBasedUuid(`${this.fixedNow}|run|${this.store.events.head()}`);
  }

  /**
   * Runs many commands (a fixture) with one fsync at the end instead of one per command: each
   * still commits atomically, a crash loses at most a suffix of them, and when `work` returns
   * everything it wrote is on disk (docs/reliability.md, "Durability setting").
   */
  async batch<T>(work: () => Promise<T>): Promise<T> {
    this.store.deferDurability();
    try {
      return await work();
    } finally {
      this.store.makeDurable();
    }
  }

  /** Whether opening created the database (a write on a missing file). */
  get created(): boolean {
    return this.store.created;
  }

  close(): void {
    this.store.close();
  }

  now(): string {
    return this.fixedNow ?? new Date().toISOString();
  }

  currency(): string {
    this.currencyCache ??= this.store.setting('currency') ?? DEFAULT_CURRENCY;
    return this.currencyCache;
  }

  setCurrency(currency: string): void {
    this.store.putSetting('currency', currency);
    this.currencyCache = currency;
  }

  /**
   * Runs one seed command in one transaction. `work` gets the unit of work and the command's
   * metadata (name + a fresh causation id) and appends whatever events it decides.
   */
  execute<T>(
    command: string,
    work: (uow: UnitOfWork, info: CommandInfo) => T,
    options?: TransactOptions,
  ): TransactResult<T> {
    const now = this.now();
    return this.aroundWrite(() => this.store.transact(
      { now, source: this.source, correlationId: this.correlationId },
      (uow) => work(uow, { command, causationId: uow.newId() }),
      options,
    ));
  }

  /**
   * execute() for long work (an import): `work` awaits `checkpoint()` every few thousand rows,
   * where an interrupt abandons it and the transaction rolls back (WriteSteps).
   */
  executeStepwise<T>(
    command: string,
    work: (uow: UnitOfWork, info: CommandInfo, checkpoint: () => Promise<void>) => Promise<T>,
    options?: TransactOptions,
  ): Promise<TransactResult<T>> {
    const now = this.now();
    return this.aroundLongWrite((steps) => this.store.transactStepwise(
      { now, source: this.source, correlationId: this.correlationId },
      steps,
      (uow) => work(uow, { command, causationId: uow.newId() }, () => steps.checkpoint()),
      options,
    ));
  }

  /** Runs a long store-level write (replay) with the run's WriteSteps. */
  stepwise<T>(work: (steps: WriteSteps) => Promise<T>): Promise<T> {
    return this.aroundLongWrite(work);
  }
}

/**
 * SHOPCTL_NOW: an ISO-8601 date-time with an offset (or Z), or a plain date (midnight UTC).
 * Calendar-impossible dates (2026-02-30) are refused rather than rolled over.
 */
function parseFixedNow(text: string): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})(?:T(\d{2}):(\d{2})(?::(\d{2})(?:\.\d{1,3})?)?(Z|[+-]\d{2}:\d{2}))?$/.exec(text);
  const time = Date.parse(match && match[4] === undefined ? `${text}T00:00:00Z` : text);
  if (!match || Number.isNaN(time) || !isCalendarTime(match)) {
    throw invalidArgument(`SHOPCTL_NOW="${text}" is not an ISO-8601 time`, 'use e.g. SHOPCTL_NOW=2026-01-01T00:00:00Z');
  }
  return new Date(time).toISOString();
}

function isCalendarTime(match: RegExpExecArray): boolean {
  const [year, month, day, hour = 0, minute = 0, second = 0] = match.slice(1, 7).map((part) => (part === undefined ? undefined : Number(part)));
  const daysInMonth = new Date(Date.UTC(year!, month!, 0)).getUTCDate();
  return month! >= 1 && month! <= 12 && day! >= 1 && day! <= daysInMonth && hour! <= 23 && minute! <= 59 && second! <= 59;
}

/** Derived ids: an entity's dependants get ids that follow from the entity's own. */
export const derivedId = {
  inventoryOfProduct: (productId: string) => nameBasedUuid(`inventory|product|${productId}`),
  inventoryOfVariant: (variantId: string) => nameBasedUuid(`inventory|variant|${variantId}`),
  cartOfCustomer: (customerId: string) => nameBasedUuid(`cart|customer|${customerId}`),
};
