// The PostgreSQL store: the door's implementation over one PostgreSQL connection, with the
// query code shared with SQLite (../sqlShopStore.ts). What differs is here: opening by URL,
// migrations recorded in shopctl_schema, and the write lock — one transaction-scoped advisory
// lock taken by every writer, so commits happen one at a time in position order and a reader
// can never see position 12 committed before position 11 (docs/reliability.md).
import type { IdSourceFactory } from '../door.js';
import { StoreError } from '../errors.js';
import { PG_BUSY_CODES, unavailableError } from '../failures.js';
import { HEAD_POSITION } from '../eventLog.js';
import { LAST_SEQUENCE } from '../outbox.js';
import { SCHEMA_VERSION } from '../schema.js';
import { SqlShopStore, sleepMs } from '../sqlShopStore.js';
import { OPENING_READ } from './opening.js';
import { PgOutboxQueries } from './outboxExport.js';
import { PgDatabase, PgUnavailableError, redactUrl } from './pgDatabase.js';
import { expectedRelations, PG_APPEND_ONLY_TRIGGERS, PG_MIGRATIONS, PG_VERSION_TABLE } from './schema.js';

/** Advisory lock keys: (SHOPCTL, WRITER) serialises writers, (SHOPCTL, MIGRATION) schema changes. */
const SHOPCTL = 0x73686f70; // "shop"
const WRITER = 1;
/** The writers' advisory lock, as (key1, key2): what a test holds to make the database busy. */
export const WRITER_LOCK = [SHOPCTL, WRITER] as const;
const MIGRATION = 2;
/** How long a writer waits for the lock before its attempt counts as busy (SQLite's busy timeout is 5 s too). */
const LOCK_TIMEOUT = '5s';
/**
 * The wait's bound (this transaction only), then the writers' lock: one statement, its keys
 * written in (constants): without parameters it goes in one query with the BEGIN before it and
 * the reads after it (worker.ts, groupEnd).
 */
const TAKE_WRITE_LOCK = `SELECT set_config('lock_timeout', '${LOCK_TIMEOUT}', true), pg_advisory_xact_lock(${SHOPCTL}, ${WRITER})`;

export class PgShopStore extends SqlShopStore {
  /** The event log's enabled triggers as read at open (one round trip with the schema version). */
  private triggersAtOpen: ReadonlySet<string> | undefined;

  private constructor(override readonly db: PgDatabase, idSourceFor: IdSourceFactory, private readonly shown: string) {
    super(db, idSourceFor);
    // SHOPCTL_PG_READ_AHEAD=off: the same work read row by row, for comparisons (tests, bench).
    this.readsAhead = process.env.SHOPCTL_PG_READ_AHEAD !== 'off';
    db.takeWriteLock = () => {
      // Statements run at READ COMMITTED: each sees what committed before it, so everything
      // read after the lock sees the previous writer's whole transaction.
      // One round trip: the wait's bound (this transaction only), then the lock.
      db.prepare(TAKE_WRITE_LOCK).get();
    };
  }

  /**
   * Connects and migrates. A database without a shop is given one unless `mustExist` (a command
   * that only reads never creates one): then NO_DATABASE, exit 2. An unreachable server or a
   * failed login: DATABASE_UNAVAILABLE (exit 5, a cron job may retry), the password never shown.
   */
  static open(url: string, idSourceFor: IdSourceFactory, options: { mustExist?: boolean } = {}): PgShopStore {
    const shown = redactUrl(url);
    const db = connectTo(url, shown, OPENING_READ);
    try {
      const found = inspect(db);
      const created = migrate(db, shown, found.version, options.mustExist ?? false);
      const store = new PgShopStore(db, idSourceFor, shown);
      store.created = created;
      // A migration just ran: the triggers it made are read again at the first write.
      if (found.version === SCHEMA_VERSION) store.triggersAtOpen = found.triggers;
      return store;
    } catch (error) {
      db.close();
      throw error;
    }
  }

  close(): void {
    if (this.db.open) this.db.close();
  }

  /** The export reads by COPY here (outboxExport.ts). */
  override get outbox(): PgOutboxQueries {
    return this.once('outbox', () => new PgOutboxQueries(this.db));
  }

  /** A batch of commands (fixtures) commits without waiting for the WAL flush, until makeDurable(). */
  deferDurability(): void {
    this.db.exec('SET synchronous_commit = off');
  }

  makeDurable(): void {
    if (!this.db.open) return;
    // Back to durable commits; the next commit (this empty transaction's) waits for every
    // earlier WAL record too, so all of the batch is on disk when it returns.
    this.db.exec('SET synchronous_commit = on');
    this.db.transaction(() => this.db.prepare('SELECT txid_current()').get())();
  }

  protected inWriteTransaction<T>(body: () => T): T {
    // What `.immediate()` does (the lock in the outermost transaction), in numberWrites' round trip.
    const outermost = !this.db.inTransaction;
    return this.db.transaction(() => {
      this.numberWrites(outermost);
      return body();
    })();
  }

  /**
   * Takes the write lock (when `lock`), then numbers this write transaction's positions and
   * outbox sequences after the head: four statements held with the BEGIN and sent with the
   * transaction's first read (an inventory item's lookup, a stream's snapshot), in its round
   * trip — none of their own. Each sees what committed before it, so the reads after the lock
   * see every earlier writer's commit; the numbers are read when the first event or message
   * needs them.
   */
  private numberWrites(lock: boolean, now = false): void {
    const reads: [string, unknown[]][] = [[HEAD_POSITION, []], [LAST_SEQUENCE, []]];
    if (lock) reads.unshift([TAKE_WRITE_LOCK, []]);
    const rows = this.db.readLater(reads);
    let numbers: number[] | undefined;
    const numbered = () => (numbers ??= rows().slice(lock ? 1 : 0).map((result) => Number(result[0]![0])));
    this.events.assignPositionsAfter(() => numbered()[0]!);
    this.outboxWriter.assignSequencesAfter(() => numbered()[1]!);
    this.headAtLock = () => numbered()[0]!;
    if (now) numbered();
  }

  /** What inWriteTransaction's transaction and its first statements do, by hand (transactStepwise). */
  protected beginWrite(): void {
    this.db.begin();
    try {
      // The lock now, not with the first read: a long write (an import) reads its input as it
      // goes, so a lock that timed out must fail it here — retried before it starts — not
      // after it has consumed rows it could not read again.
      this.numberWrites(true, true);
    } catch (error) {
      this.db.rollbackTransaction();
      throw error;
    }
  }

  protected commitWrite(): void {
    this.db.commit();
  }

  protected rollbackWrite(): void {
    if (this.db.inTransaction) this.db.rollbackTransaction();
  }

  protected isRetryable(error: unknown): boolean {
    if (error instanceof StoreError) return error.code === 'CONCURRENCY_CONFLICT';
    return PG_BUSY_CODES.has((error as { code?: string } | null)?.code ?? '');
  }

  protected checkWritable(): void {
    const present = this.triggersAtOpen ?? new Set(this.db.prepare(
      `SELECT tgname FROM pg_trigger WHERE tgrelid = 'events'::regclass AND NOT tgisinternal AND tgenabled <> 'D'`,
    ).pluck().all() as string[]);
    this.triggersAtOpen = undefined;
    const missing = PG_APPEND_ONLY_TRIGGERS.filter((name) => !present.has(name));
    if (missing.length > 0) {
      throw new StoreError(
        'LOG_NOT_APPEND_ONLY',
        `${this.shown}: the event log has lost its append-only protection (trigger ${missing.join(', ')} missing or disabled); writes are refused`,
        'rule', { missing },
      );
    }
  }

  protected pause(ms: number): void {
    sleepMs(ms);
  }
}

/** Connects; a server that cannot be used is DATABASE_UNAVAILABLE (the store and doctor). */
export function connectTo(url: string, shown: string, opening?: string): PgDatabase {
  try {
    return new PgDatabase(url, opening === undefined ? {} : { opening });
  } catch (error) {
    if (error instanceof PgUnavailableError) throw unavailableError(error, shown);
    throw error;
  }
}

/** Brings the database's shop schema to SCHEMA_VERSION; returns whether it created the shop. */
function migrate(db: PgDatabase, shown: string, version: number, mustExist: boolean): boolean {
  if (version === SCHEMA_VERSION) return false;
  if (version > SCHEMA_VERSION) throw tooNew(shown, version);
  if (version === 0 && mustExist) throw noShopInDatabase(shown);
  return db.transaction(() => {
    // Two shopctl starting on a new database at once: one migrates, the other waits and sees it done.
    db.prepare('SELECT pg_advisory_xact_lock(?, ?)').get(SHOPCTL, MIGRATION);
    db.exec(`CREATE TABLE IF NOT EXISTS ${PG_VERSION_TABLE} (version INTEGER NOT NULL)`);
    const current = schemaVersion(db);
    if (current === SCHEMA_VERSION) return false;
    if (current > SCHEMA_VERSION) throw tooNew(shown, current);
    const foreign = current === 0 ? existingShopRelation(db) : undefined;
    if (foreign !== undefined) {
      throw new StoreError('NOT_A_SHOPCTL_DATABASE', `${shown} already has a table, view or index named "${foreign}" that is not a shopctl shop's`, 'usage');
    }
    for (let next = current; next < SCHEMA_VERSION; next++) db.exec(PG_MIGRATIONS[next]);
    db.exec(`DELETE FROM ${PG_VERSION_TABLE}`);
    db.prepare(`INSERT INTO ${PG_VERSION_TABLE} (version) VALUES (?)`).run(SCHEMA_VERSION);
    return current === 0;
  })();
}

/**
 * The schema version (0: no shop) and the event log's enabled triggers, in one round trip at
 * every start: the version table is read directly, its absence (42P01) meaning no shop yet.
 */
function inspect(db: PgDatabase): { version: number; triggers: ReadonlySet<string> } {
  let row: { version: number; triggers: string | null };
  try {
    // Read with the connection's first answer (PgDatabase's `opening`), sent ahead by the launcher.
    row = db.openingRows()[0] as { version: number; triggers: string | null };
  } catch (error) {
    if ((error as { code?: string }).code !== '42P01') throw error;
    return { version: 0, triggers: new Set() };
  }
  return { version: Number(row.version), triggers: new Set(row.triggers ? row.triggers.split(',') : []) };
}

/** The shop's schema version; 0 when the database has no shop. */
export function schemaVersion(db: PgDatabase): number {
  const exists = db.prepare('SELECT to_regclass(?) IS NOT NULL').pluck().get(PG_VERSION_TABLE);
  if (!exists) return 0;
  return Number(db.prepare(`SELECT COALESCE(MAX(version), 0) FROM ${PG_VERSION_TABLE}`).pluck().get());
}

/**
 * On a database without a shop: the first table, view or index the shop's schema would create
 * that is already there (another application's `customers`, say), if any — the shop is then
 * not created there (NOT_A_SHOPCTL_DATABASE, as a SQLite file of another program), where the
 * CREATE would have failed as an internal error.
 */
function existingShopRelation(db: PgDatabase): string | undefined {
  const names = expectedRelations(PG_MIGRATIONS.length).map((name) => `('${name}')`).join(', ');
  return db.prepare(`SELECT name FROM (VALUES ${names}) AS shop(name) WHERE to_regclass(name) IS NOT NULL LIMIT 1`).pluck().get() as string | undefined;
}

function tooNew(shown: string, version: number): StoreError {
  return new StoreError(
    'DATABASE_TOO_NEW',
    `${shown} has schema version ${version}, newer than this shopctl understands (${SCHEMA_VERSION}); upgrade shopctl`,
    'usage', { fileVersion: version, supportedVersion: SCHEMA_VERSION },
  );
}

/** A command that only reads, on a database without a shop: NO_DATABASE, exit 2 (nothing created). */
export function noShopInDatabase(shown: string): StoreError {
  return new StoreError('NO_DATABASE', `no shop in the PostgreSQL database ${shown}; create one with \`shopctl init\` (or check --db / SHOPCTL_DB)`, 'usage', { path: shown });
}
