// shopctl replay / replay --verify against the built CLI on temporary databases.
import Database from 'better-sqlite3';
import { beforeAll, describe, expect, it } from 'vitest';
import { demoShop, openReadOnly, run, runJson, tempDb } from '../helpers/shop.js';

const READ_MODEL_TABLES = ['categories', 'products', 'variants', 'skus', 'inventory', 'customers', 'carts', 'orders'];

/** A catalogue scenario touching every catalogue projection: tree, variants, prices, stock, deactivation. */
async function catalogueScenario(db: string): Promise<void> {
  const step = (...args: string[]) => runJson(db, args);
  await step('category', 'create', 'Apparel');
  await step('category', 'create', 'Shirts', '--parent', 'Apparel');
  await step('category', 'create', 'Polo', '--parent', 'Shirts');
  await step('product', 'create', '--name', 'Tee', '--price', '19.99', '--category', 'Shirts', '--sku', 'TEE-1', '--stock', '5');
  await step('product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M', '--price-modifier', '2.00');
  await step('inventory', 'restock', 'TEE-1-M', '7');
  await step('product', 'create', '--name', 'Polo classic', '--price', '29.00', '--category', 'Polo', '--sku', 'POLO-1');
  await step('product', 'update-price', 'POLO-1', '31.50');
  await step('inventory', 'restock', 'POLO-1', '3');
  await step('product', 'create', '--name', 'Old cap', '--price', '5.00', '--category', 'Apparel', '--stock', '2');
  await step('product', 'deactivate', (await runJson(db, ['product', 'list'])).find((p: { name: string }) => p.name === 'Old cap').id);
}

/** Every read-model row, every column, in key order. */
export function dumpReadModels(db: string): Record<string, unknown[]> {
  const conn = openReadOnly(db);
  try {
    return Object.fromEntries(READ_MODEL_TABLES.map((t) => [t, conn.prepare(`SELECT * FROM ${t} ORDER BY 1`).all()]));
  } finally {
    conn.close();
  }
}

function edit(db: string, sql: string, ...params: unknown[]): void {
  const conn = new Database(db);
  try {
    conn.prepare(sql).run(...params);
  } finally {
    conn.close();
  }
}

describe('shopctl replay', () => {
  let db: string;
  beforeAll(async () => {
    db = tempDb().db;
    await catalogueScenario(db);
  });

  it('verifies a database built by live commands (exit 0, nothing to report)', async () => {
    const result = await run(['--db', db, '--json', 'replay', '--verify']);
    expect(result.code).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ ok: true, differences: [] });
    expect(report.events).toBeGreaterThan(10);
    expect(report.rowsCompared).toBeGreaterThan(10);
  });

  it('rebuilds read models equal to what the live commands wrote, and reports events and rate', async () => {
    const before = dumpReadModels(db);
    expect(before.variants).toHaveLength(1);
    const result = await runJson(db, ['replay']);
    const logLength = (await run(['--db', db, '--json', 'events', 'list'])).stdout.trim().split('\n').length;
    expect(result.events).toBe(logLength);
    // The rate is the event count over the measured time, which a replay of real events never makes 0.
    expect(result.seconds).toBeGreaterThan(0);
    expect(result.eventsPerSecond).toBe(Math.round(result.events / result.seconds));
    expect(dumpReadModels(db)).toEqual(before);
  });

  it('prints a human summary with events, seconds and events/s', async () => {
    const result = await run(['--db', db, 'replay']);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/replayed \d+ events in \d+\.\d{3} s \(\d+ events\/s\)/);
  });
});

describe('shopctl replay --verify finds differences', () => {
  it('names the table, key, column and both values of a hand-edited row (exit 3), and changes nothing', async () => {
    const { db } = tempDb();
    await catalogueScenario(db);
    const inventoryId = (await runJson(db, ['inventory', 'list'])).find((i: { sku: string }) => i.sku === 'TEE-1-M').inventoryId;
    edit(db, 'UPDATE inventory SET onHand = 99 WHERE inventoryId = ?', inventoryId);
    const tampered = dumpReadModels(db);

    const human = await run(['--db', db, 'replay', '--verify']);
    expect(human.code).toBe(3);
    expect(human.stdout).toContain(`inventory ${inventoryId} onHand: live 99, rebuilt 7`);
    expect(human.stderr).toMatch(/^error: 1 read-model difference/);

    const json = await run(['--db', db, '--json', 'replay', '--verify']);
    expect(json.code).toBe(3);
    expect(JSON.parse(json.stdout).differences).toEqual([
      { table: 'inventory', key: inventoryId, kind: 'changed', column: 'onHand', live: 99, rebuilt: 7 },
    ]);
    expect(JSON.parse(json.stderr).error.code).toBe('PROJECTION_MISMATCH');
    expect(dumpReadModels(db)).toEqual(tampered);

    // replay repairs it, after which verify is clean again
    expect((await run(['--db', db, 'replay'])).code).toBe(0);
    expect((await run(['--db', db, 'replay', '--verify'])).code).toBe(0);
  });

  it('reports a deleted row as missing and a stray row as extra', async () => {
    const { db } = tempDb();
    await catalogueScenario(db);
    const polo = await runJson(db, ['product', 'show', 'POLO-1']);
    edit(db, 'DELETE FROM products WHERE id = ?', polo.id);
    edit(db, `INSERT INTO customers (id, email, name, status, registeredAt) VALUES ('ghost', 'g@example.com', 'Ghost', 'REGISTERED', 'x')`);
    const result = await run(['--db', db, '--json', 'replay', '--verify']);
    expect(result.code).toBe(3);
    const differences = JSON.parse(result.stdout).differences;
    expect(differences).toHaveLength(2);
    expect(differences[0]).toMatchObject({ table: 'products', key: polo.id, kind: 'missing', column: null, live: null });
    expect(differences[0].rebuilt).toMatchObject({ id: polo.id, sku: 'POLO-1', price: 3150 });
    expect(differences[1]).toMatchObject({ table: 'customers', key: 'ghost', kind: 'extra', rebuilt: null });
    const human = await run(['--db', db, 'replay', '--verify']);
    expect(human.stdout).toContain(`products ${polo.id}: missing from the live table`);
    expect(human.stdout).toContain('customers ghost: only in the live table');
  });
});

describe('replay and the outbox', () => {
  it('leaves the outbox exactly as it was (rows, sequence, deliveredAt) after customers and orders', async () => {
    // the demo shop: registrations and every order transition put messages in the outbox
    const { db } = await demoShop();
    edit(db, `UPDATE outbox SET deliveredAt = '2026-01-02T00:00:00.000Z' WHERE sequence <= 3`);
    const outbox = () => {
      const conn = openReadOnly(db);
      try {
        return conn.prepare('SELECT * FROM outbox ORDER BY sequence').all();
      } finally {
        conn.close();
      }
    };
    const before = outbox();
    expect(before.length).toBeGreaterThan(10);
    const replay = await runJson(db, ['replay']);
    expect(replay.events).toBeGreaterThan(50);
    expect(outbox()).toEqual(before);
    expect((await run(['--db', db, 'replay', '--verify'])).code).toBe(0);
  });
});

describe('events of a newer schema version', () => {
  it('are refused by replay, replay --verify and events list with the position and type, and replay changes nothing', async () => {
    const { db } = tempDb();
    await catalogueScenario(db);
    const before = dumpReadModels(db);
    const conn = new Database(db);
    const position = Number(conn.prepare(
      `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES ('future-1', 'category-future', 1, 'CategoryCreated', 2, '{"categoryId":"future"}', '{}', '2030-01-01T00:00:00.000Z')`,
    ).run().lastInsertRowid);
    conn.close();
    const expected = `event at position ${position} (CategoryCreated) has schema version 2, newer than this shopctl reads (1); upgrade shopctl`;
    for (const args of [['replay'], ['replay', '--verify'], ['events', 'list']]) {
      const result = await run(['--db', db, ...args]);
      expect(result.code, args.join(' ')).toBe(3);
      expect(result.stderr).toBe(`error: ${expected} [UNKNOWN_EVENT_SCHEMA]\n`);
    }
    const json = await run(['--db', db, '--json', 'replay']);
    expect(JSON.parse(json.stderr).error).toEqual({
      code: 'UNKNOWN_EVENT_SCHEMA', message: expected, details: { position, type: 'CategoryCreated', schemaVersion: 2 },
    });
    expect(json.stdout).toBe('');
    expect(dumpReadModels(db)).toEqual(before);
  });
});
