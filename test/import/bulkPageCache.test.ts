// A bulk import's transaction runs with a bigger SQLite page cache (src/store/database.ts,
// BULK_PAGE_CACHE_KIB: one hot index leaf per stream the import appends to stays in memory
// instead of going through the WAL, docs/import.md "Performance"); every other transaction
// keeps the connection's own size, which is back after the import, also after a failed one.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import v8 from 'node:v8';
import { afterAll, beforeAll, expect, it, vi } from 'vitest';
import { importProducts, importRestock } from '../../src/app/import/index.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { BULK_PAGE_CACHE_KIB } from '../../src/store/database.js';
import { sqliteDb, tempDb } from '../helpers/cli.js';

const { dir, db } = tempDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

let app: ShopApp;
const cacheSize = () => sqliteDb(app.store).pragma('cache_size', { simple: true }) as number;
const file = (name: string, text: string) => {
  const at = path.join(dir, name);
  fs.writeFileSync(at, text);
  return at;
};

beforeAll(async () => {
  app = new ShopApp({ dbPath: db });
  await importProducts(app, {
    file: file('feed.csv', 'sku,name,price,category,stock\nPC-1,One,1.00,Bench,1\nPC-2,Two,2.00,Bench,1\n'),
    stdin: Readable.from([]), createCategories: true,
  });
  return () => app.close();
});

it('an ordinary command keeps the connection page cache; a bulk transaction has the bigger one, then gives it back', () => {
  const own = cacheSize();
  expect(own).not.toBe(-BULK_PAGE_CACHE_KIB);
  expect(app.execute('Probe', () => cacheSize()).value).toBe(own);
  expect(app.execute('Probe', () => cacheSize(), { bulk: true }).value).toBe(-BULK_PAGE_CACHE_KIB);
  expect(cacheSize()).toBe(own);
  expect(() => app.execute('Probe', () => { throw new Error('work failed'); }, { bulk: true })).toThrow('work failed');
  expect(cacheSize()).toBe(own);
});

it('import restock appends its rows with the bulk page cache, and the connection has its own size after it, also after a refused import', async () => {
  const own = cacheSize();
  const seen: number[] = [];
  const report = await importRestock(app, {
    file: file('restock.csv', 'sku,quantity\nPC-1,3\nPC-2,4\nPC-1,5\n'), stdin: Readable.from([]),
    onProgress: () => seen.push(cacheSize()), // the last report comes after the last row, inside the transaction
  });
  expect(report.rowsApplied).toBe(3);
  expect(seen.length).toBeGreaterThan(0);
  expect(seen.every((size) => size === -BULK_PAGE_CACHE_KIB)).toBe(true);
  expect(cacheSize()).toBe(own);

  await expect(importRestock(app, { file: file('bad.csv', 'sku,quantity\nPC-1,3\nNOPE,1\n'), stdin: Readable.from([]) }))
    .rejects.toThrow(/nothing was written/);
  expect(cacheSize()).toBe(own);
});

it('an import runs with V8 favouring memory (--optimize-for-size) and gives the setting back, also after a refused import', async () => {
  const setFlags = vi.spyOn(v8, 'setFlagsFromString');
  try {
    const during: string[][] = [];
    await importRestock(app, {
      file: file('lean.csv', 'sku,quantity\nPC-1,1\nPC-2,1\n'), stdin: Readable.from([]),
      onProgress: () => during.push(setFlags.mock.calls.map(([flag]) => flag)),
    });
    expect(during.at(-1)).toEqual(['--optimize-for-size']);
    expect(setFlags.mock.calls.map(([flag]) => flag)).toEqual(['--optimize-for-size', '--no-optimize-for-size']);

    setFlags.mockClear();
    await expect(importRestock(app, { file: file('lean-bad.csv', 'sku,quantity\nNOPE,1\n'), stdin: Readable.from([]) }))
      .rejects.toThrow(/nothing was written/);
    expect(setFlags.mock.calls.map(([flag]) => flag)).toEqual(['--optimize-for-size', '--no-optimize-for-size']);
  } finally {
    setFlags.mockRestore();
  }
});
