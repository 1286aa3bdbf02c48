// `import restock` on PostgreSQL reads each chunk's items ahead in set-based reads
// (UnitOfWork.prefetch, catalogue.itemsNamed). That must change nothing but the round trips:
// the same import with read-ahead off (SHOPCTL_PG_READ_AHEAD=off) gives the same report, the
// same events and the same read models, in far more round trips.
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { importRestock } from '../../src/app/import/index.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { PgDatabase } from '../../src/store/postgres/pgDatabase.js';
import { tempDb } from '../helpers/cli.js';
import { runIn, runJson } from '../helpers/shop.js';
import { freshDatabase, sql } from './support.js';

const NOW = '2026-01-02T03:04:05.000Z';
const PRODUCTS = 400;
/** Rows of the restock file: more than two of the import's 4,096-row chunks. */
const ROWS = 5_000;

/** The same shop, built with a fixed clock so that both copies get the same ids. */
async function buildShop(url: string, dir: string): Promise<{ mugId: string }> {
  const env = { SHOPCTL_NOW: NOW };
  const options = { env };
  await runJson(url, ['category', 'create', 'Apparel'], options);
  await runJson(url, ['product', 'create', '--name', 'T-shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'TEE-1'], options);
  await runJson(url, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M'], options);
  const mugId = (await runJson(url, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '3'], options)).id as string;
  const feed = path.join(dir, 'products.csv');
  const lines = ['sku,name,price,category,stock'];
  // Every third product with stock: its stream has events and a snapshot; the others have none.
  for (let i = 0; i < PRODUCTS; i++) lines.push(`P-${i},Product ${i},9.99,Bulk,${i % 3 === 0 ? 5 : 0}`);
  fs.writeFileSync(feed, lines.join('\n') + '\n');
  const result = await runIn(url, ['import', 'products', feed, '--create-categories'], { env });
  expect(result.code, result.stderr).toBe(0);
  return { mugId };
}

function restockFile(dir: string, mugId: string): string {
  const file = path.join(dir, 'restock.csv');
  const lines = ['sku,product_id,quantity'];
  for (let i = 0; i < ROWS; i++) {
    // Mostly product SKUs (some in other letter case), now and then a variant SKU, a product id,
    // a product with variants (refused), an unknown SKU (refused) and an id prefix (row by row).
    const special = [`TEE-1-M,,1`, `,${mugId},2`, `TEE-1,,1`, `NOPE-${i},,1`, `,${mugId.slice(0, 8)},1`][i % 50];
    lines.push(special ?? `${i % 7 === 0 ? 'p' : 'P'}-${(i * 7) % PRODUCTS},,${1 + (i % 5)}`);
  }
  fs.writeFileSync(file, lines.join('\n') + '\n');
  return file;
}

async function importWith(url: string, file: string, readAhead: boolean) {
  const before = process.env.SHOPCTL_PG_READ_AHEAD;
  if (readAhead) delete process.env.SHOPCTL_PG_READ_AHEAD;
  else process.env.SHOPCTL_PG_READ_AHEAD = 'off';
  const app = new ShopApp({ dbPath: url, fixedNow: NOW });
  try {
    const db = (app.store as unknown as { db: PgDatabase }).db;
    const roundTripsBefore = db.stats.roundTrips;
    const report = await importRestock(app, { file, stdin: Readable.from([]), skipInvalid: true });
    return { report, roundTrips: db.stats.roundTrips - roundTripsBefore };
  } finally {
    app.close();
    if (before === undefined) delete process.env.SHOPCTL_PG_READ_AHEAD;
    else process.env.SHOPCTL_PG_READ_AHEAD = before;
  }
}

const tables = async (url: string) => ({
  events: await sql(url, 'SELECT position, "eventId", "streamId", "streamVersion", type, data, metadata FROM events ORDER BY position'),
  inventory: await sql(url, 'SELECT * FROM inventory ORDER BY "inventoryId"'),
  snapshots: await sql(url, 'SELECT * FROM snapshots ORDER BY "streamId"'),
});

describe('import restock reads ahead on PostgreSQL', () => {
  it('changes nothing but the number of round trips', { timeout: 240_000 }, async () => {
    const { dir } = tempDb();
    const [ahead, rowByRow] = [await freshDatabase(), await freshDatabase()];
    const { mugId } = await buildShop(ahead, dir);
    expect((await buildShop(rowByRow, dir)).mugId).toBe(mugId);
    const file = restockFile(dir, mugId);

    const withReadAhead = await importWith(ahead, file, true);
    const without = await importWith(rowByRow, file, false);

    const comparable = ({ seconds: _s, rowsPerSecond: _r, ...rest }: typeof withReadAhead.report) => rest;
    expect(comparable(withReadAhead.report)).toEqual(comparable(without.report));
    // The file's refused rows: TEE-1 has variants, NOPE-… names nothing; the rest is applied.
    expect(withReadAhead.report.problems.groups.map((g) => [g.code, g.count])).toEqual([['VARIANT_REQUIRED', ROWS / 50], ['PRODUCT_NOT_FOUND', ROWS / 50]]);
    expect(withReadAhead.report.rowsApplied).toBe(ROWS - 2 * (ROWS / 50));
    const [a, b] = [await tables(ahead), await tables(rowByRow)];
    expect(a.events.length).toBeGreaterThan(ROWS);
    expect(a).toEqual(b);
    // Row by row costs several round trips per item touched first; read ahead, a few per chunk.
    expect(without.roundTrips).toBeGreaterThan(3 * PRODUCTS);
    expect(withReadAhead.roundTrips).toBeLessThan(without.roundTrips / 5);
    await runJson(ahead, ['inventory', 'list']); // still a usable shop
  });
});
