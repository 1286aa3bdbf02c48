// A writer that never lets go: shopctl waits (busy timeout, bounded retries), then gives up with
// exit 5 and one clean line — never SQLite's own "database is locked" text — and writes nothing.
// Readers keep working meanwhile (WAL; PostgreSQL's readers take no lock).
import { describe, expect, it } from 'vitest';
import { shopctlAsync, tempDb } from '../helpers/cli.js';
import { orderShop } from '../helpers/shop.js';
import { holdWriteLock, storeTimeout } from '../helpers/store.js';
import { count, expectCleanStderr } from './support.js';

describe('a database that stays busy', () => {
  it('a write gives up with exit 5 (DATABASE_BUSY); a read still answers', async () => {
    const { db } = tempDb();
    await orderShop(db);
    const events = count(db, 'SELECT count(*) FROM events');
    const release = holdWriteLock(db); // like a very long import holding the write lock
    try {
      const [write, writeJson, read] = await Promise.all([
        shopctlAsync(['--db', db, 'inventory', 'restock', 'MUG-1', '1']),
        shopctlAsync(['--db', db, '--json', 'category', 'create', 'Kitchen']),
        shopctlAsync(['--db', db, '--json', 'inventory', 'list']),
      ]);
      expect(read.code, read.stderr).toBe(0);
      expect(JSON.parse(read.stdout).length).toBeGreaterThan(0);
      for (const result of [write, writeJson]) {
        expect(result.code, result.stderr).toBe(5);
        expectCleanStderr(result.stderr, 'busy');
        expect(result.stdout).toBe('');
        expect(result.stderr.trimEnd().split('\n'), result.stderr).toHaveLength(1);
      }
      expect(write.stderr).toMatch(/^error: .*busy.*\[DATABASE_BUSY\]/);
      expect(JSON.parse(writeJson.stderr).error.code).toBe('DATABASE_BUSY');
    } finally {
      release();
    }
    expect(count(db, 'SELECT count(*) FROM events')).toBe(events);
  }, storeTimeout(90_000));
});
