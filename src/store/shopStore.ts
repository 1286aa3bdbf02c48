// The SQLite store: the door's implementation (door.ts) over one better-sqlite3 connection.
// The query code is shared with PostgreSQL (sqlShopStore.ts); this adds SQLite's file, its
// write lock (BEGIN IMMEDIATE), busy retries and durability settings.
import type Database from 'better-sqlite3';
import fs from 'node:fs';
import { BULK_PAGE_CACHE_KIB, checkAppendOnly, openDatabase, syncToDisk, withPageCache } from './database.js';
import type { IdSourceFactory, TransactOptions } from './door.js';
import { StoreError, isBusyError } from './errors.js';
import { SqlShopStore, sleepMs } from './sqlShopStore.js';

export class SqliteShopStore extends SqlShopStore {
  private file = 'the database';

  /** `db` is for the store's own files and tests of the store; the app sees only the door. */
  constructor(override readonly db: Database.Database, idSourceFor: IdSourceFactory) {
    super(db, idSourceFor);
  }

  /**
   * Opens (and migrates) the database. A missing file is created unless `mustExist` (a command
   * that only reads never creates a database): then NO_DATABASE, exit 2.
   */
  static open(file: string, idSourceFor: IdSourceFactory, options: { mustExist?: boolean } = {}): SqliteShopStore {
    // An empty file (0 bytes: `touch`, or an interrupted creation) holds no shop either.
    const existed = file === ':memory:' || holdsBytes(file);
    if (!existed && options.mustExist) {
      throw noShopDatabase(file);
    }
    const store = new SqliteShopStore(openDatabase(file), idSourceFor);
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

  /** A bulk import runs with a bigger page cache (database.ts, BULK_PAGE_CACHE_KIB). */
  protected override underOptions<T>(options: TransactOptions, attempts: () => T): T {
    return options.bulk ? withPageCache(this.db, BULK_PAGE_CACHE_KIB, attempts) : attempts();
  }

  protected inWriteTransaction<T>(body: () => T): T {
    return this.db.transaction(body).immediate();
  }

  protected beginWrite(): void {
    this.db.exec('BEGIN IMMEDIATE');
  }

  protected commitWrite(): void {
    this.db.exec('COMMIT');
  }

  protected rollbackWrite(): void {
    // SQLite may have rolled back by itself already (e.g. after SQLITE_FULL).
    if (!this.db.inTransaction) return;
    try {
      this.db.exec('ROLLBACK');
    } catch {
      // the connection is unusable: the next call says so, and SQLite undoes the transaction on close
    }
  }

  protected isRetryable(error: unknown): boolean {
    return isBusyError(error) || (error instanceof StoreError && error.code === 'CONCURRENCY_CONFLICT');
  }

  protected checkWritable(): void {
    checkAppendOnly(this.db, this.file);
  }

  protected pause(ms: number): void {
    sleepMs(ms);
  }
}

/** A command that only reads, on a file that holds no shop: NO_DATABASE, exit 2 (nothing created). */
export function noShopDatabase(file: string): StoreError {
  return new StoreError('NO_DATABASE', `no shop database at ${file}; create one with \`shopctl init\` (or check --db / SHOPCTL_DB)`, 'usage', { path: file });
}

/** Whether `file` exists with something in it (a path that cannot be looked at: no; opening it says why). */
function holdsBytes(file: string): boolean {
  try {
    return (fs.statSync(file, { throwIfNoEntry: false })?.size ?? 0) > 0;
  } catch {
    return false;
  }
}
