// Separate shopctl processes racing on one database file: creating it, importing one file
// three times, a merchant command during a long import, and uniqueness rules.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopctlAsync, tempDb, type RunResult } from '../helpers/cli.js';
import { orderShop, PASSWORD, runJson } from '../helpers/shop.js';
import { onPostgres, storeTimeout } from '../helpers/store.js';
import { expectCleanStderr, expectReplayVerifies, expectWellFormedLog, rawEvents } from './support.js';

const UNIT_SKUS = ['MUG-1', 'TEE-1-M', 'TEE-1-L'] as const;

describe('concurrent shopctl processes on one database', () => {
  // Found by this test: a process opening the file while another was creating it could read
  // user_version 0 just before the other's migration committed, then see tables, and refuse
  // the file as "not a shopctl database" (exit 2). Version and emptiness are now one snapshot.
  it('processes started at once on a database that does not exist yet all succeed', async () => {
    // Five rounds on SQLite, where this race was found; two on PostgreSQL, where a command's start
    // costs several times as much and test/postgres/logGuarantees.test.ts races a first use too.
    for (let round = 0; round < (onPostgres ? 2 : 5); round++) {
      const { db } = tempDb();
      const results = await Promise.all(Array.from({ length: 8 }, (_, i) => shopctlAsync(['--db', db, '--json', 'category', 'create', `Category ${i}`])));
      for (const r of results) expect(r.code, `round ${round}: ${r.stderr}`).toBe(0);
      if (!onPostgres) expect(fs.statSync(db).mode & 0o777).toBe(0o600); // SQLite's file
      expect(await runJson(db, ['category', 'list'])).toHaveLength(8);
    }
  }, storeTimeout(120_000));

  it('the same restock file imported by three cron runs at once is applied once', async () => {
    const { dir, db } = tempDb();
    await orderShop(db, 4);
    const file = path.join(dir, 'restock.csv');
    fs.writeFileSync(file, `sku,quantity\n${Array.from({ length: 5000 }, (_, i) => `${UNIT_SKUS[i % 3]},1`).join('\n')}\n`);
    const before = await runJson(db, ['inventory', 'list']) as { sku: string; onHand: number }[];
    const results = await Promise.all([1, 2, 3].map(() => shopctlAsync(['--db', db, '--json', 'import', 'restock', file])));
    expect(results.map((r) => r.code).sort(), results.map((r) => r.stderr).join('\n')).toEqual([0, 3, 3]);
    for (const r of results.filter((x) => x.code === 3)) expect(JSON.parse(r.stderr).error.code).toBe('ALREADY_IMPORTED');
    const after = await runJson(db, ['inventory', 'list']) as { sku: string; onHand: number }[];
    const added = new Map<string, number>();
    for (let i = 0; i < 5000; i++) added.set(UNIT_SKUS[i % 3], (added.get(UNIT_SKUS[i % 3]) ?? 0) + 1);
    for (const item of after) expect(item.onHand, item.sku).toBe(before.find((b) => b.sku === item.sku)!.onHand + (added.get(item.sku) ?? 0));
  }, storeTimeout(60_000));

  it('a merchant command during a long import waits for it and succeeds; readers are not blocked', async () => {
    const { dir, db } = tempDb();
    await orderShop(db, 4);
    const file = path.join(dir, 'big.csv');
    // Long enough to still be running when the others start (~0.3 s later): PostgreSQL imports
    // several times slower than SQLite, so fewer rows there.
    const rows = onPostgres ? 15_000 : 40_000;
    fs.writeFileSync(file, `sku,quantity\n${'TEE-1-L,1\n'.repeat(rows)}`);
    const importing = shopctlAsync(['--db', db, '--json', 'import', 'restock', file]);
    await new Promise((resolve) => setTimeout(resolve, 300));
    const [restock, list, imported] = await Promise.all([
      shopctlAsync(['--db', db, '--json', 'inventory', 'restock', 'MUG-1', '1']),
      shopctlAsync(['--db', db, '--json', 'inventory', 'list']),
      importing,
    ]);
    for (const r of [restock, list, imported]) {
      expect(r.code, r.stderr).toBe(0);
      expectCleanStderr(r.stderr, 'merchant during import');
    }
    const inventory = await runJson(db, ['inventory', 'list']) as { sku: string; onHand: number }[];
    expect(inventory.find((i) => i.sku === 'TEE-1-L')!.onHand).toBe(5 + rows);
    expect(inventory.find((i) => i.sku === 'MUG-1')!.onHand).toBe(5);
    expectWellFormedLog(rawEvents(db));
  }, storeTimeout(60_000));

  it('uniqueness holds under races: one email, one category name, one SKU each win once; one --id is created once', async () => {
    const { db } = tempDb();
    await orderShop(db, 4);
    const at = (args: string[], input?: string) => shopctlAsync(['--db', db, '--json', ...args], { input });
    const id = '5a1e0c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f';
    const races: [string, Promise<RunResult>[], number[]][] = [
      ['email', [0, 1, 2, 3].map((i) => at(['customer', 'register', '--email', i % 2 ? 'RACE@example.com' : 'race@example.com', '--name', `Racer ${i}`, '--password-stdin'], `${PASSWORD}\n`)), [0, 3, 3, 3]],
      ['category', [0, 1, 2, 3].map((i) => at(['category', 'create', i % 2 ? 'KITCHEN' : 'Kitchen'])), [0, 3, 3, 3]],
      ['sku', [0, 1, 2, 3].map((i) => at(['product', 'create', '--name', `Pot ${i}`, '--price', '5.00', '--category', 'Apparel', '--sku', i % 2 ? 'pot-1' : 'POT-1'])), [0, 3, 3, 3]],
      // The same --id with the same attributes is an unchanged re-run: every one succeeds.
      ['id', [0, 1, 2, 3].map(() => at(['category', 'create', 'Garden', '--id', id])), [0, 0, 0, 0]],
    ];
    for (const [name, runs, codes] of races) {
      const results = await Promise.all(runs);
      for (const r of results) expectCleanStderr(r.stderr, name);
      expect(results.map((r) => r.code).sort(), `${name}: ${results.map((r) => r.stderr).join('')}`).toEqual(codes);
    }
    const events = rawEvents(db);
    expectWellFormedLog(events);
    expect(events.filter((e) => e.type === 'CustomerRegistered')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'CategoryCreated' && e.data.name.toLowerCase() === 'kitchen')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'ProductCreated' && e.data.sku?.toLowerCase() === 'pot-1')).toHaveLength(1);
    expect(events.filter((e) => e.type === 'CategoryCreated' && e.data.categoryId === id)).toHaveLength(1);
    await expectReplayVerifies(db);
  }, storeTimeout(60_000));
});
