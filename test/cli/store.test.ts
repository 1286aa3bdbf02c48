// The event store as a user meets it through the CLI: file permissions, schema version,
// append-only log, concurrent writers, reproducible time.
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import type { SqlDatabase } from '../../src/store/sql.js';
import { shopctlAsync } from '../helpers/cli.js';
import { catalogueShop, readEvents, run, runJson, tempDb } from '../helpers/shop.js';
import { onPostgres, openSql, openSqlWritable } from '../helpers/store.js';

// SQLite's file: its mode, user_version and header (PostgreSQL's schema table: test/store/postgres).
describe.skipIf(onPostgres)('database file', () => {
  it('is created on first use, owner-only (0600), and migrated', async () => {
    const { db } = tempDb();
    expect(fs.existsSync(db)).toBe(false);
    expect((await run(['--db', db, 'init'])).code).toBe(0);
    expect(fs.statSync(db).mode & 0o777).toBe(0o600);
    const raw = new Database(db, { readonly: true });
    expect(raw.pragma('user_version', { simple: true })).toBeGreaterThanOrEqual(1);
    raw.close();
  });

  it('a file from a newer schema version is refused with a clear message (exit 2) and left alone', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const raw = new Database(db);
    raw.pragma('user_version = 999');
    raw.close();
    const result = await run(['--db', db, 'category', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/schema version 999, newer than this shopctl understands/);
    const json = await run(['--db', db, '--json', 'category', 'list']);
    expect(JSON.parse(json.stderr).error).toMatchObject({ code: 'DATABASE_TOO_NEW', details: { fileVersion: 999 } });
    const after = new Database(db, { readonly: true });
    expect(after.pragma('user_version', { simple: true })).toBe(999);
    after.close();
  });

  it('a file that is not a shopctl database is refused (exit 2)', async () => {
    const { db } = tempDb();
    fs.writeFileSync(db, 'this is not sqlite at all, just some text that is long enough to have a header');
    const result = await run(['--db', db, 'category', 'list']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/not a shopctl database/);
  });
});

describe('append-only event log', () => {
  it('the database itself refuses UPDATE and DELETE on events', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const raw = openSqlWritable(db);
    expect(() => raw.prepare(`UPDATE events SET type = 'Tampered'`).run()).toThrow(/append-only/);
    expect(() => raw.prepare('DELETE FROM events').run()).toThrow(/append-only/);
    raw.close();
    expect((await readEvents(db)).map((e) => e.type)).toEqual(['CategoryCreated']);
  });

  it('one command writes its events, read models and outbox in one transaction; a rejected one writes nothing', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    const count = (raw: SqlDatabase, table: string) => raw.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get();
    const raw = openSql(db);
    const before = ['events', 'outbox', 'products', 'inventory'].map((t) => count(raw, t));
    await run(['--db', db, 'product', 'create', '--name', 'Cap', '--price', '0', '--category', 'Apparel']);
    await run(['--db', db, 'inventory', 'restock', 'TEE-1', '5']);
    expect(['events', 'outbox', 'products', 'inventory'].map((t) => count(raw, t))).toEqual(before);
    raw.close();
  });
});

// Separate processes: only they show the store's locking between writers.
describe('concurrency', () => {
  it('two processes creating products at once both succeed', async () => {
    const { db } = tempDb();
    await runJson(db, ['category', 'create', 'Apparel']);
    const create = (name: string) => shopctlAsync(['--db', db, '--json', 'product', 'create', '--name', name, '--price', '1.00', '--category', 'Apparel', '--stock', '1']);
    const results = await Promise.all([create('First product'), create('Second product')]);
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const events = await readEvents(db);
    expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
    const created = events.filter((e) => e.type === 'ProductCreated');
    expect(created.map((e) => e.data.name).sort()).toEqual(['First product', 'Second product']);
    for (const e of created) expect(e.streamVersion).toBe(1);
  });

  it('restocks racing on one item all land, with gap-free stream versions', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    const results = await Promise.all([1, 2, 3, 4].map(() => shopctlAsync(['--db', db, 'inventory', 'restock', 'MUG-1', '1'])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const stream = (await readEvents(db)).filter((e) => e.type === 'InventoryRestocked' && e.data.variantId === null);
    expect(stream.map((e) => e.streamVersion)).toEqual([1, 2, 3, 4, 5]);
    expect(stream.map((e) => e.data.newTotalQuantity)).toEqual([3, 4, 5, 6, 7]);
    expect((await runJson(db, ['product', 'show', 'MUG-1'])).onHand).toBe(7);
  });
});
