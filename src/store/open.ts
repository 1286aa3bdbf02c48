// Which store a `--db` value names: a postgres:// or postgresql:// URL is a PostgreSQL database,
// anything else a SQLite file. The one place a store is chosen.
import fs from 'node:fs';
import { randomUUID } from 'node:crypto';
import { copyShop, type CopyProgress, type CopyResult } from './copy.js';
import type { IdSourceFactory, ShopStore } from './door.js';
import { StoreError } from './errors.js';
import { isPostgresUrl, redactUrl, redactUrlsIn } from './postgres/pgDatabase.js';
import { PgShopStore } from './postgres/pgShopStore.js';
import { SqliteShopStore } from './shopStore.js';

export { isPostgresUrl };
export type { CopyProgress, CopyResult };

export function openShopStore(location: string, idSourceFor: IdSourceFactory, options: { mustExist?: boolean } = {}): ShopStore {
  return openSqlStore(location, idSourceFor, options);
}

function openSqlStore(location: string, idSourceFor: IdSourceFactory, options: { mustExist?: boolean }): SqliteShopStore | PgShopStore {
  return isPostgresUrl(location)
    ? PgShopStore.open(location, idSourceFor, options)
    : SqliteShopStore.open(location, idSourceFor, options);
}

/** `text` with every PostgreSQL URL in it shown without its password (a message may quote what was typed). */
export function withoutPasswords(text: string): string {
  return redactUrlsIn(text);
}

/** The database as it may be shown: a URL without its password, a file path as it is. */
export function shownLocation(location: string): string {
  return isPostgresUrl(location) ? redactUrl(location) : location;
}

/**
 * Copies the shop at `from` into `to` (a new file, or a database without a shop) and verifies
 * it (copy.ts). A file this copy created is removed again when the copy fails: nothing is left
 * half-written.
 */
export function copyShopBetween(from: string, to: string, onProgress?: (progress: CopyProgress) => void): CopyResult {
  if (from === to) throw new StoreError('TARGET_NOT_EMPTY', 'the source and the target are the same database', 'usage');
  // No command runs: the copy makes no ids (rows keep theirs).
  const ids: IdSourceFactory = () => ({ newId: randomUUID, eventId: () => randomUUID() });
  const source = openSqlStore(from, ids, { mustExist: true });
  try {
    const newFile = !isPostgresUrl(to) && !fs.existsSync(to);
    const target = openSqlStore(to, ids, {});
    let copied = false;
    try {
      const result = copyShop(source, target, onProgress);
      copied = true;
      return result;
    } finally {
      target.close(); // before its files can be removed
      if (!copied && newFile) for (const suffix of ['', '-wal', '-shm']) fs.rmSync(to + suffix, { force: true });
    }
  } finally {
    source.close();
  }
}
