// Opening the SQLite file: owner-only permissions, pragmas, and schema migrations.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { sqliteDriver } from './sqliteDriver.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';
import { StoreError } from './errors.js';

export const BUSY_TIMEOUT_MS = 5000;

/**
 * The page cache of a bulk import's transaction (TransactOptions.bulk); other work keeps
 * better-sqlite3's default (16 MB). SQLite allocates cache pages only as they are used.
 *
 * Why: every append lands on its stream's last leaf of the (streamId, streamVersion) index,
 * so an import keeps one hot index page per stream it touches (10,000 streams: about 40 MB).
 * A leaf pushed out of the cache inside the import's one transaction is spilled to the WAL and
 * read back from it, and each such look-up scans the WAL index from its newest frames back:
 * it costs more the more the import has already written, so the cost of a row grew with the
 * rows before it. 32 MB keeps about 8,000 leaves (a 1,000,000-row import over 10,000 items
 * read back 0.88 M pages instead of 1.12 M) and the import's peak RSS under its 150 MB limit.
 */
export const BULK_PAGE_CACHE_KIB = 32 * 1024;

/**
 * Runs `work` with the connection's page cache at `kib` KiB, then restores the size it had —
 * when the promise settles if `work` returns one (a stepwise transaction).
 */
export function withPageCache<T>(db: Database.Database, kib: number, work: () => T): T {
  const before = db.pragma('cache_size', { simple: true }) as number;
  db.pragma(`cache_size = ${-Math.floor(kib)}`);
  // Shrinking frees the pages above the old size: memory goes back to what it was.
  const restore = () => {
    if (db.open) db.pragma(`cache_size = ${before}`);
  };
  let result: T;
  try {
    result = work();
  } catch (error) {
    restore();
    throw error;
  }
  if (result instanceof Promise) return result.finally(restore) as T;
  restore();
  return result;
}

export function openDatabase(file: string): Database.Database {
  ensureOwnerOnlyFile(file);
  let db: Database.Database;
  try {
    db = new (sqliteDriver())(file, { timeout: BUSY_TIMEOUT_MS });
  } catch (error) {
    throw new StoreError('DATABASE_UNAVAILABLE', `cannot open database ${file}: ${(error as Error).message}`, 'usage');
  }
  try {
    // WAL lets readers work while a writer commits; synchronous=FULL makes every commit
    // durable across power loss, not just a process crash (see docs/reliability.md).
    db.pragma('journal_mode = WAL');
    db.pragma('synchronous = FULL');
    migrate(db, file);
  } catch (error) {
    db.close();
    const code = (error as { code?: string }).code ?? '';
    if (code.startsWith('SQLITE_CORRUPT')) {
      throw new StoreError('DATABASE_CORRUPT', `the database file ${file} is damaged (${(error as Error).message}); run \`shopctl doctor\``, 'rule');
    }
    if (code === 'SQLITE_NOTADB') {
      throw new StoreError('NOT_A_SHOPCTL_DATABASE', `${file} is not a shopctl database (not SQLite)`, 'usage');
    }
    // A path SQLite cannot use as a database (a device, a socket…) is the caller's mistake, not ours.
    if (code.startsWith('SQLITE_READONLY')) {
      throw new StoreError('DATABASE_UNAVAILABLE', `cannot use ${file}: the database or its folder is read-only (${code})`, 'usage');
    }
    if (code.startsWith('SQLITE_IOERR') || code.startsWith('SQLITE_CANTOPEN')) {
      throw new StoreError('DATABASE_UNAVAILABLE', `cannot use ${file} as a database: ${(error as Error).message}`, 'usage');
    }
    throw error;
  }
  return db;
}

/** Creates the file with mode 0600 before SQLite sees it; SQLite gives its WAL the same mode. */
function ensureOwnerOnlyFile(file: string): void {
  if (file === ':memory:') return;
  const dir = path.dirname(path.resolve(file));
  if (!fs.existsSync(dir)) {
    throw new StoreError('DATABASE_UNAVAILABLE', `cannot create database ${file}: folder ${dir} does not exist`, 'usage');
  }
  // `--db /dev/null` or a folder: refuse before SQLite fails on it in some stranger way.
  let existing: fs.Stats | undefined;
  try {
    existing = fs.statSync(file, { throwIfNoEntry: false });
  } catch (error) {
    throw new StoreError('DATABASE_UNAVAILABLE', `cannot use ${file} as a database: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`, 'usage');
  }
  if (existing && !existing.isFile()) {
    throw new StoreError('DATABASE_UNAVAILABLE', `cannot use ${file} as a database: not a regular file`, 'usage');
  }
  // Through a dangling symlink, O_EXCL on the link itself fails (EEXIST) and SQLite would then
  // create the file it points to with the umask's mode: create that file ourselves, 0600.
  const real = existing ? file : danglingSymlinkTarget(file) ?? file;
  try {
    const fd = fs.openSync(real, fs.constants.O_CREAT | fs.constants.O_EXCL | fs.constants.O_WRONLY, 0o600);
    try {
      fs.fchmodSync(fd, 0o600); // whatever the umask took away or left
    } finally {
      fs.closeSync(fd);
    }
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code !== 'EEXIST') {
      throw new StoreError('DATABASE_UNAVAILABLE', `cannot create database ${file}: ${(error as Error).message}`, 'usage');
    }
  }
}

/**
 * Flushes what earlier commits wrote under synchronous=NORMAL: the WAL holds every committed
 * frame not yet checkpointed (checkpoints themselves sync the file), so fsyncing both files makes
 * all of them survive a power cut.
 */
export function syncToDisk(db: Database.Database): void {
  if (db.memory) return;
  for (const file of [db.name, `${db.name}-wal`]) {
    let fd: number | undefined;
    try {
      fd = fs.openSync(file, 'r+');
      fs.fsyncSync(fd);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'ENOENT') throw error; // no WAL: nothing pending
    } finally {
      if (fd !== undefined) fs.closeSync(fd);
    }
  }
}

/** Where a chain of symlinks ending nowhere points, or undefined when `file` is no symlink. */
function danglingSymlinkTarget(file: string): string | undefined {
  let current = path.resolve(file);
  for (let hops = 0; hops < 16; hops++) {
    let link: string;
    try {
      link = fs.readlinkSync(current);
    } catch {
      return hops === 0 ? undefined : current;
    }
    current = path.resolve(path.dirname(current), link);
  }
  return undefined; // a loop: let SQLite report it
}

function migrate(db: Database.Database, file: string): void {
  // Version and emptiness from one snapshot: read apart, another process creating the same
  // new file could commit its migration in between, and the file would look foreign.
  const [current, empty] = db.transaction(() => [db.pragma('user_version', { simple: true }) as number, isEmpty(db)] as const)();
  if (current === SCHEMA_VERSION) return;
  if (current > SCHEMA_VERSION) throw tooNew(file, current);
  if (current === 0 && !empty) throw notShopctl(file);
  // Re-read inside the write lock: another process may have migrated meanwhile.
  db.transaction(() => {
    const version = db.pragma('user_version', { simple: true }) as number;
    if (version === SCHEMA_VERSION) return;
    if (version > SCHEMA_VERSION) throw tooNew(file, version);
    if (version === 0 && !isEmpty(db)) throw notShopctl(file);
    for (let next = version; next < SCHEMA_VERSION; next++) db.exec(MIGRATIONS[next]);
    db.pragma(`user_version = ${SCHEMA_VERSION}`);
  }).immediate();
}

/** The triggers that make the database itself refuse UPDATE and DELETE on the log. */
export const APPEND_ONLY_TRIGGERS = ['events_no_update', 'events_no_delete'] as const;

/**
 * Refuses to write to a log that lost its append-only protection (a dropped trigger): whoever
 * dropped it may have rewritten history, and appending would bless it. Reads still work.
 */
export function checkAppendOnly(db: Database.Database, file: string): void {
  const present = new Set(db.prepare(`SELECT name FROM sqlite_master WHERE type = 'trigger' AND tbl_name = 'events'`).pluck().all() as string[]);
  const missing = APPEND_ONLY_TRIGGERS.filter((name) => !present.has(name));
  if (missing.length > 0) {
    throw new StoreError(
      'LOG_NOT_APPEND_ONLY',
      `${file}: the event log has lost its append-only protection (trigger ${missing.join(', ')} missing); writes are refused — run \`shopctl doctor\``,
      'rule', { missing },
    );
  }
}

function isEmpty(db: Database.Database): boolean {
  return !db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' LIMIT 1`).get();
}

function notShopctl(file: string): StoreError {
  return new StoreError('NOT_A_SHOPCTL_DATABASE', `${file} is an SQLite file, but not a shopctl database`, 'usage');
}

function tooNew(file: string, version: number): StoreError {
  return new StoreError(
    'DATABASE_TOO_NEW',
    `${file} has schema version ${version}, newer than this shopctl understands (${SCHEMA_VERSION}); upgrade shopctl`,
    'usage',
    { fileVersion: version, supportedVersion: SCHEMA_VERSION },
  );
}
