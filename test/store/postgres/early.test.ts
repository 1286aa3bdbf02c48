// Connecting while the CLI loads (src/store/postgres/early.ts): the launcher starts the client
// for the database the command line names, and the store takes that client instead of a second
// connection. And what a PostgreSQL store costs at open: one round trip after connecting.
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { connectEarly, databaseNamed, takeEarlyStart } from '../../../src/store/postgres/early.js';
import { PgDatabase } from '../../../src/store/postgres/pgDatabase.js';
import { PgShopStore } from '../../../src/store/postgres/pgShopStore.js';
import { freshDatabase } from '../../helpers/postgres.js';

const ids = () => ({ newId: randomUUID, eventId: () => randomUUID() });

describe('databaseNamed', () => {
  it('reads --db in both spellings, the last one winning, before SHOPCTL_DB', () => {
    expect(databaseNamed(['inventory', 'restock', '--db', 'postgres://a/x', 'SKU', '5'], {})).toBe('postgres://a/x');
    expect(databaseNamed(['--db=postgres://a/x', 'product', 'list', '--db', 'shop.db'], { SHOPCTL_DB: 'postgres://b/y' })).toBe('shop.db');
    expect(databaseNamed(['product', 'list'], { SHOPCTL_DB: 'postgres://b/y' })).toBe('postgres://b/y');
    expect(databaseNamed(['product', 'show', '--', '--db', 'postgres://a/x'], {})).toBeUndefined();
  });
});

describe('connectEarly', () => {
  it('starts nothing for a SQLite file', () => {
    expect(connectEarly(['--db', 'shop.db', 'product', 'list'], {})).toBeUndefined();
    expect(takeEarlyStart('shop.db')).toBeUndefined();
  });

  it('the connection the launcher started is the one the store uses, taken once', async () => {
    const url = await freshDatabase();
    const early = connectEarly(['--db', url, 'product', 'list'], {});
    expect(early).toBeDefined();
    expect(takeEarlyStart(`${url}-other`)).toBeUndefined(); // another database's open does not take it
    const db = new PgDatabase(url);
    try {
      expect(db.stats).toBe(early!.stats);
      expect(db.prepare('SELECT 41 + 1').pluck().get()).toBe(42);
      expect(takeEarlyStart(url)).toBeUndefined();
    } finally {
      db.close();
    }
    const second = new PgDatabase(url); // a second open connects by itself
    try {
      expect(second.stats).not.toBe(early!.stats);
    } finally {
      second.close();
    }
  });

  // The launcher's path end to end (bin/shopctl.js loads the early entry of the build first).
  it('spawned commands on PostgreSQL, the database named by --db or SHOPCTL_DB', async () => {
    const url = await freshDatabase();
    const bin = path.resolve(import.meta.dirname, '../../../bin/shopctl.js');
    const env = { ...process.env, NO_COLOR: '1', CI: '1', SHOPCTL_DB: url };
    const init = spawnSync(process.execPath, [bin, 'init', '--currency', 'USD'], { env, encoding: 'utf8' });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const created = spawnSync(process.execPath, [bin, '--json', 'category', 'create', 'Mugs'], { env, encoding: 'utf8' });
    expect(created.status).toBe(0);
    const listed = spawnSync(process.execPath, [bin, '--db', url, '--json', 'category', 'list'], { env: { ...env, SHOPCTL_DB: 'elsewhere.db' }, encoding: 'utf8' });
    expect(listed.status).toBe(0);
    expect(listed.stdout).toContain(JSON.parse(created.stdout).id);
  });

  it('the built launcher starts the connection first, before it loads the CLI, and the command uses it', async () => {
    const url = await freshDatabase();
    const bin = path.resolve(import.meta.dirname, '../../../bin/shopctl.js');
    const origin = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-origin-')), 'workers.jsonl');
    const hook = path.resolve(import.meta.dirname, '../../helpers/workerOrigin.cjs');
    const env = { ...process.env, NO_COLOR: '1', CI: '1', SHOPCTL_DB: url, SHOPCTL_TEST_WORKER_ORIGIN: origin, NODE_OPTIONS: `--require ${hook}` };
    const init = spawnSync(process.execPath, [bin, 'init', '--currency', 'USD'], { env, encoding: 'utf8' });
    expect(init.stderr).toBe('');
    expect(init.status).toBe(0);
    const workers = fs.readFileSync(origin, 'utf8').trim().split('\n').map((line) => JSON.parse(line) as { stack: string });
    // One worker, one connection, even though this database has no shop yet (the opening read's
    // error must be recognised as the server's, though the early bundle's code raised it): made
    // by the CommonJS early entry, called from the launcher's own code (not from the CLI's
    // modules, which load after it).
    expect(workers).toHaveLength(1);
    const frames = workers[0]!.stack.split('\n').slice(1);
    expect(frames.some((frame) => /connectEarly .*dist[\\/]src[\\/]bundle[\\/]early\.cjs/.test(frame))).toBe(true);
    expect(frames.some((frame) => /bin[\\/]shopctl\.js/.test(frame))).toBe(true);
    expect(frames.some((frame) => /main\.js|chunk-/.test(frame))).toBe(false);
  });
});

describe('opening a PostgreSQL shop', () => {
  it('costs one round trip: schema version and log triggers come with the connection\'s first answer', async () => {
    const url = await freshDatabase();
    PgShopStore.open(url, ids).close(); // creates the shop
    const store = PgShopStore.open(url, ids);
    try {
      const db = store.db as PgDatabase;
      expect(db.stats.roundTrips).toBe(1);
      expect(store.created).toBe(false);
    } finally {
      store.close();
    }
  });

  it('the early connection sends that read ahead: the store takes its answer, no second round trip', async () => {
    const url = await freshDatabase();
    PgShopStore.open(url, ids).close(); // creates the shop
    const early = connectEarly(['--db', url, 'product', 'list'], {})!;
    expect(early.stats.roundTrips).toBe(1); // sent, not waited for
    const store = PgShopStore.open(url, ids);
    try {
      expect((store.db as PgDatabase).stats).toBe(early.stats);
      expect(early.stats.roundTrips).toBe(1);
      expect(store.db.prepare('SELECT 41 + 1').pluck().get()).toBe(42);
      expect(early.stats.roundTrips).toBe(2);
    } finally {
      store.close();
    }
  });

  it('an answer sent ahead that another open does not want is dropped, not mistaken for its own', async () => {
    const url = await freshDatabase(); // no shop: the read sent ahead fails (no version table)
    const early = connectEarly(['--db', url, 'product', 'list'], {})!;
    const db = new PgDatabase(url); // wants no opening read
    try {
      expect(db.stats).toBe(early.stats);
      expect(db.prepare('SELECT 6 * 7').pluck().get()).toBe(42);
    } finally {
      db.close();
    }
  });

  it('a database without a shop: the opening read\'s error means "no shop", and the shop is created', async () => {
    const url = await freshDatabase();
    connectEarly(['--db', url, 'init'], {});
    const store = PgShopStore.open(url, ids);
    try {
      expect(store.created).toBe(true);
      expect((store.db as PgDatabase).stats.roundTrips).toBeGreaterThan(1);
    } finally {
      store.close();
    }
  });
});
