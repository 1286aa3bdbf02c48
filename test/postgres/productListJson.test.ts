// `product list --json` on PostgreSQL builds each product's JSON text in the query, compact and
// in SQLite's key order (no re-serialising in JavaScript): the document must be byte for byte
// the one SQLite prints for the same shop — variants, stock sums, quotes and backslashes,
// non-ASCII text, inactive products and products without a SKU.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runIn } from '../helpers/shop.js';
import { freshDatabase } from './support.js';

const env = { SHOPCTL_NOW: '2026-01-02T03:04:05.000Z' };

async function buildShop(db: string): Promise<void> {
  const steps = [
    ['category', 'create', 'Apparel'],
    ['category', 'create', 'Mugs "&" more', '--parent', 'Apparel'],
    ['product', 'create', '--name', 'T-shirt "classic" ü', '--price', '19.99', '--category', 'Apparel', '--sku', 'TEE-1', '--description', 'back\\slash, quote " and ✓'],
    ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M'],
    ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L', '--color', 'Red "dark"', '--price-modifier', '2.50'],
    ['inventory', 'restock', 'TEE-1-L', '4'],
    ['inventory', 'restock', 'TEE-1-M', '7'],
    ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Mugs "&" more', '--stock', '3'],
    ['product', 'create', '--name', 'Old mug', '--price', '1', '--category', 'Apparel', '--sku', 'OLD-1'],
    ['product', 'deactivate', 'OLD-1'],
  ];
  for (const args of steps) {
    const result = await runIn(db, args, { env });
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
}

describe('product list --json on PostgreSQL', () => {
  it('prints the same bytes as on SQLite, with and without inactive products, and product show the same document', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'shop.db');
    const url = await freshDatabase();
    await buildShop(file);
    await buildShop(url);
    for (const args of [['--json', 'product', 'list'], ['--json', 'product', 'list', '--all'], ['--json', 'product', 'list', '--category', 'Apparel']]) {
      const [onSqlite, onPostgres] = [await runIn(file, args, { env }), await runIn(url, args, { env })];
      expect(onPostgres.code).toBe(0);
      expect(onPostgres.stdout).toBe(onSqlite.stdout);
    }
    const listed = JSON.parse((await runIn(url, ['--json', 'product', 'list', '--all'], { env })).stdout) as { sku: string | null; variants: unknown[]; onHand: number }[];
    expect(listed.map((p) => [p.sku, p.variants.length, p.onHand])).toEqual([[null, 0, 3], ['OLD-1', 0, 0], ['TEE-1', 2, 11]]); // by name: Mug, Old mug, T-shirt
    const [shownSqlite, shownPostgres] = [await runIn(file, ['--json', 'product', 'show', 'TEE-1'], { env }), await runIn(url, ['--json', 'product', 'show', 'TEE-1'], { env })];
    expect(shownPostgres.stdout).toBe(shownSqlite.stdout);
  });
});
