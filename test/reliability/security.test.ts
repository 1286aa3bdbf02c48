// Secrets and hostile text: the database is owner-only, a password (and its hash) goes nowhere
// but the credentials table, and SQL-looking input is data, never SQL.
import fs from 'node:fs';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { openReadOnly, shopctlJson, tempDb, type RunResult } from '../helpers/cli.js';
import { ADDRESS, orderShop, run, runIn, runJson, type InProcessOptions } from '../helpers/shop.js';
import { onPostgres, storeTimeout } from '../helpers/store.js';
import { count, expectReplayVerifies } from './support.js';

// A password no code path could produce by accident, so any sighting is a leak.
const SECRET = 'Zq7!secret-Canary-4711-xyzzy';
const WEAK_COMMON = 'password1234';
const TOO_LONG = `Lq${'9'.repeat(140)}-long-canary`;

const INJECTIONS = [
  "'; DROP TABLE events; --",
  "Robert'); DROP TABLE customers;--",
  '" OR 1=1 --',
  "x' OR '1'='1",
  '1; DELETE FROM inventory',
  "'); UPDATE products SET price = 0; --",
];

/** Every table (and trigger, index) the schema made: nothing may go missing. */
function schemaObjects(db: string): string[] {
  const rdb = openReadOnly(db);
  try {
    return (rdb.prepare(onPostgres
      ? `SELECT relkind::text || ' ' || relname FROM pg_class WHERE relnamespace = 'public'::regnamespace
         UNION ALL SELECT 'trigger ' || tgname FROM pg_trigger WHERE NOT tgisinternal ORDER BY 1`
      : `SELECT type || ' ' || name FROM sqlite_master ORDER BY 1`).pluck().all() as string[]);
  } finally {
    rdb.close();
  }
}

// A spawned process: the umask it inherits is the point. SQLite's files (PostgreSQL keeps its own).
describe.skipIf(onPostgres)('database file permissions', () => {
  it('the database, its WAL and shared-memory file are owner-only (0600) even with a permissive umask', () => {
    const { db } = tempDb();
    const previous = process.umask(0o000); // children inherit it: a careless create would give 0666
    let holder;
    try {
      shopctlJson(db, ['category', 'create', 'Apparel']);
      // SQLite removes the WAL when the last connection closes: hold one open so it stays.
      holder = openReadOnly(db) as Database.Database;
      expect(holder.pragma('journal_mode', { simple: true })).toBe('wal');
      holder.prepare('SELECT count(*) FROM events').get();
      buildShopRest(db);
      expect(fs.existsSync(`${db}-wal`)).toBe(true);
      for (const file of [db, `${db}-wal`, `${db}-shm`]) {
        if (fs.existsSync(file)) expect((fs.statSync(file).mode & 0o777).toString(8), file).toBe('600');
      }
    } finally {
      holder?.close();
      process.umask(previous);
    }
  });
});

function buildShopRest(db: string): void {
  shopctlJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '3']);
  shopctlJson(db, ['inventory', 'restock', 'MUG-1', '2']);
}

describe('a password goes nowhere but the credentials table', () => {
  it('not in events, read models, outbox, exports, any output, nor the raw database and WAL bytes — and neither is its hash', async () => {
    const { dir, db } = tempDb();
    const outputs: string[] = [];
    const keep = async (args: string[], options: InProcessOptions = {}): Promise<RunResult> => {
      const result = await runIn(db, args, options);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    await orderShop(db);
    // Registration, also failing ones whose error could be tempted to quote the password.
    expect((await keep(['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { input: `${SECRET}\n` })).code).toBe(0);
    expect((await keep(['--json', 'customer', 'register', '--email', 'ADA@example.com', '--name', 'Ada', '--password-stdin'], { input: `${SECRET}\n` })).code).toBe(3);
    expect((await keep(['customer', 'register', '--email', 'not-an-email', '--name', 'Ada', '--password-stdin'], { input: `${SECRET}\n` })).code).toBe(3);
    expect((await keep(['customer', 'register', '--email', 'b@example.com', '--name', 'B', '--password-stdin'], { input: `${WEAK_COMMON}\n` })).code).toBe(3);
    expect((await keep(['--json', 'customer', 'register', '--email', 'b@example.com', '--name', 'B', '--password-stdin'], { input: `${TOO_LONG}\n` })).code).toBe(3);
    expect((await keep(['customer', 'register', '--email', 'c@example.com', '--name', 'C', '--password', SECRET])).code).toBe(2);
    // The customer's whole life, every read command, replay and both kinds of export.
    await keep(['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    const orderId = JSON.parse((await keep(['--json', 'order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS])).stdout).id;
    await keep(['order', 'confirm', orderId]);
    await keep(['order', 'ship', orderId, '--tracking', '1Z1', '--carrier', 'UPS']);
    for (const json of [[], ['--json']]) {
      await keep([...json, 'customer', 'show', 'ada@example.com']);
      await keep([...json, 'customer', 'list']);
      await keep([...json, 'order', 'show', orderId]);
      await keep([...json, 'events', 'list']);
      await keep([...json, 'outbox', 'status']);
      await keep([...json, 'cart', 'show', 'ada@example.com']);
    }
    await keep(['replay']);
    expect((await keep(['replay', '--verify'])).code).toBe(0);
    await keep(['outbox', 'export', '--no-ack']); // to stdout
    const exportFile = path.join(dir, 'batch.ndjson');
    expect((await keep(['outbox', 'export', '--out', exportFile])).code).toBe(0);
    const exported = fs.readFileSync(exportFile, 'utf8');
    expect(exported).toContain('ada@example.com'); // the export does carry the customer…
    const rdb = openReadOnly(db);
    const credentials = rdb.prepare('SELECT hash, salt FROM credentials').all() as { hash: string; salt: string }[];
    const tables = rdb.prepare(onPostgres
      ? `SELECT tablename FROM pg_tables WHERE schemaname = 'public' AND tablename <> 'credentials'`
      : `SELECT name FROM sqlite_master WHERE type = 'table' AND name <> 'credentials'`).pluck().all() as string[];
    const otherTables = JSON.stringify(tables.map((t) => rdb.prepare(`SELECT * FROM "${t}"`).all()));
    rdb.close();
    expect(credentials).toHaveLength(1);
    expect(otherTables).toContain('ada@example.com');

    const everything = [...outputs, exported, otherTables].join('\n');
    for (const secret of [SECRET, TOO_LONG, WEAK_COMMON, credentials[0].hash, credentials[0].salt]) {
      expect(everything.includes(secret), `leaked: ${secret.slice(0, 12)}…`).toBe(false);
    }
    // The raw bytes: the password itself must be nowhere in the files SQLite writes (none on PostgreSQL).
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      for (const secret of [SECRET, TOO_LONG, WEAK_COMMON]) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), `${file} holds a password`).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), `${file} holds a password (UTF-16)`).toBe(false);
      }
    }
  }, storeTimeout(60_000));
});

describe('SQL-looking input is data', () => {
  it('names, SKUs, emails and references full of SQL are stored verbatim or rejected; every table survives', async () => {
    const { db } = tempDb();
    await orderShop(db);
    const schemaBefore = schemaObjects(db);
    const eventsBefore = count(db, 'SELECT count(*) FROM events');

    for (const [i, text] of INJECTIONS.entries()) {
      const category = await run(['--db', db, '--json', 'category', 'create', text]);
      expect(category.code, category.stderr).toBe(0);
      const product = await run(['--db', db, '--json', 'product', 'create', '--name', `${text} ${i}`, '--price', '1.00', '--category', text, '--description', text]);
      expect(product.code, product.stderr).toBe(0);
      const productId = JSON.parse(product.stdout).id;
      const shown = await runJson(db, ['product', 'show', productId]);
      expect(shown.name).toBe(`${text} ${i}`.trim());
      // SKUs allow letters, digits and . _ - / only: SQL in a SKU is refused (exit 3), not run.
      const sku = await run(['--db', db, '--json', 'product', 'add-variant', productId, '--sku', text, '--size', text]);
      expect(sku.code, sku.stderr).toBe(3);
      expect(JSON.parse(sku.stderr).error.code).toBe('INVALID_SKU');
      // Emails: refused as invalid, never executed.
      const email = await run(['--db', db, '--json', 'customer', 'register', '--email', `${text}@example.com`, '--name', text, '--password-stdin'], { input: `${SECRET}\n` });
      expect([0, 3], email.stderr).toContain(email.code);
      if (email.code === 0) expect((await runJson(db, ['customer', 'show', JSON.parse(email.stdout).id])).email).toBe(`${text}@example.com`.toLowerCase());
      // References that look like SQL find nothing (exit 4) or are malformed (exit 2).
      for (const args of [['product', 'show', text], ['customer', 'show', text], ['order', 'show', text], ['cart', 'show', text], ['inventory', 'restock', text, '1']]) {
        const lookup = await run(['--db', db, '--json', ...args]);
        expect([2, 4], `${args.join(' ')}: ${lookup.stderr}`).toContain(lookup.code);
      }
      for (const args of [['events', 'list', '--stream', text], ['events', 'list', '--type', text], ['order', 'list', '--customer', text], ['product', 'list', '--category', text]]) {
        const filter = await run(['--db', db, '--json', ...args]);
        expect([0, 2, 4], `${args.join(' ')}: ${filter.stderr}`).toContain(filter.code);
        expect(filter.stderr).not.toMatch(/SQLITE|syntax/i);
      }
    }

    const names = await runJson(db, ['category', 'list']);
    for (const text of INJECTIONS) expect(JSON.stringify(names)).toContain(JSON.stringify(text).slice(1, -1));
    expect(schemaObjects(db)).toEqual(schemaBefore);
    expect(count(db, 'SELECT count(*) FROM events')).toBeGreaterThan(eventsBefore);
    expect(count(db, 'SELECT count(*) FROM products WHERE price = 0')).toBe(0);
    expect(count(db, 'SELECT count(*) FROM inventory')).toBeGreaterThan(0);
    await expectReplayVerifies(db);
  }, storeTimeout(60_000));
});
