// Values PostgreSQL's types hold differently from SQLite's, found by running the same commands
// on both stores and comparing (a review of parity): a NUL in a lookup key (PostgreSQL text
// cannot hold U+0000; it was an internal error, and an import with one such row applied
// nothing) and a --limit above 2^31-1 (an integer parameter on PostgreSQL). Each must give the
// same output, exit code and error code on both stores.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { shopctl, type RunResult } from '../helpers/cli.js';
import { freshDatabase } from './support.js';

const NOW = '2026-01-01T00:00:00Z';

function on(db: string, args: string[], input?: string): RunResult {
  return shopctl(args, { env: { SHOPCTL_DB: db, SHOPCTL_NOW: NOW }, input });
}

/** The same commands on a new SQLite file and a new PostgreSQL database: each result, per store. */
async function onBothStores(dir: string, commands: { args: string[]; input?: string }[]): Promise<[RunResult[], RunResult[]]> {
  const stores = [path.join(dir, 'shop.db'), await freshDatabase()];
  return stores.map((db) => {
    for (const args of [['category', 'create', 'Kitchen'], ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '3']]) {
      const setUp = on(db, args);
      if (setUp.code !== 0) throw new Error(setUp.stderr);
    }
    return commands.map(({ args, input }) => on(db, args, input));
  }) as [RunResult[], RunResult[]];
}

describe('odd values, the same on both stores', () => {
  it('a NUL in a lookup key: not found (a fixture step, an import row), never an internal error; the import\'s valid rows are applied', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-odd-'));
    const fixture = path.join(dir, 'nul.json');
    fs.writeFileSync(fixture, JSON.stringify({ steps: [
      { command: 'inventory restock', args: { 'product-or-sku': 'MUG-1\u0000', quantity: 1 }, expectError: 'PRODUCT_NOT_FOUND' },
      { command: 'category create', args: { name: 'Bad\u0000name' }, expectError: 'INVALID_NAME' },
      { command: 'events list', args: { stream: 'inventory-\u0000' } },
    ] }));
    const csv = 'sku,quantity\nMUG-1,1\nMUG-1\u0000,3\nMUG-1,2\n';
    const [sqlite, postgres] = await onBothStores(dir, [
      { args: ['--json', 'fixtures', 'apply', '--append', fixture] },
      { args: ['--json', 'import', 'restock', '-', '--skip-invalid'], input: csv },
      { args: ['--json', 'inventory', 'list'] },
    ]);
    for (const [i, result] of postgres.entries()) {
      expect(result.stderr, `command ${i}`).not.toMatch(/INTERNAL_ERROR|internal error/);
      expect(result.code, `command ${i}: ${result.stderr}`).toBe(sqlite[i]!.code);
    }
    expect(postgres[0]!.code).toBe(0); // every step failed (or listed nothing) as expected
    expect(postgres[1]!.code).toBe(6); // rows rejected, the others applied
    expect(JSON.parse(postgres[1]!.stdout)).toMatchObject({ rowsApplied: 2, rowsRejected: 1 });
    expect(JSON.parse(postgres[2]!.stdout)).toEqual(JSON.parse(sqlite[2]!.stdout));
  });

  it('a --limit above 2,147,483,647 lists everything, as on SQLite', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-odd-'));
    const huge = String(2 ** 31);
    const [sqlite, postgres] = await onBothStores(dir, [
      { args: ['--json', 'events', 'list', '--limit', huge] },
      { args: ['--json', 'order', 'list', '--limit', huge] },
      { args: ['--json', 'outbox', 'list', '--limit', huge] },
    ]);
    for (const [i, result] of postgres.entries()) {
      expect(result.code, `command ${i}: ${result.stderr}`).toBe(0);
      expect(result.stdout).toBe(sqlite[i]!.stdout);
    }
    expect(postgres[0]!.stdout.trim().split('\n').length).toBeGreaterThan(1); // events, one JSON document a line
  });
});
