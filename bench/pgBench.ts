// What bench/postgres.bench.ts measures with: its databases on one throwaway server (or
// SHOPCTL_BENCH_PG_URL's), and the bare `pg` baselines — a multi-row INSERT of event rows and a
// cursor read + JSON.parse of them, the best plain `pg` does, with none of shopctl's code.
import { randomUUID } from 'node:crypto';
import { spawnSync } from 'node:child_process';
import pg from 'pg';
import { nameBasedUuid } from '../src/app/ids.js';
import { openShopStore } from '../src/store/open.js';

/** Rows per multi-row INSERT: write-behind's chunk (src/store/postgres/writeBehind.ts). */
const CHUNK = 5_000;
/** Rows per FETCH of the bare read. */
const FETCH = 10_000;
const EVENT_COLUMNS = 'position, "eventId", "streamId", "streamVersion", type, "schemaVersion", data, metadata, "recordedAt"';

/** The URL of database `name` on the server at `url`. */
export function databaseUrl(url: string, name: string): string {
  const parsed = new URL(url);
  parsed.pathname = `/${name}`;
  return parsed.toString();
}

export async function withClient<T>(url: string, body: (client: pg.Client) => Promise<T>): Promise<T> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await body(client);
  } finally {
    await client.end();
  }
}

/** A new database (a copy of `template`, when given), dropped first if a run left it behind. */
export async function createDatabase(serverUrl: string, name: string, template?: string): Promise<string> {
  await withClient(serverUrl, async (client) => {
    await client.query(`DROP DATABASE IF EXISTS ${name}`);
    await client.query(`CREATE DATABASE ${name}${template ? ` TEMPLATE ${template}` : ''}`);
  });
  return databaseUrl(serverUrl, name);
}

export async function dropDatabase(serverUrl: string, name: string): Promise<void> {
  await withClient(serverUrl, (client) => client.query(`DROP DATABASE IF EXISTS ${name}`));
}

/** A new database with an empty shop in it (shopctl's own migration). */
export async function createShop(serverUrl: string, name: string): Promise<string> {
  const url = await createDatabase(serverUrl, name);
  openShopStore(url, () => ({ newId: randomUUID, eventId: () => randomUUID() })).close();
  return url;
}

/** Inserts rows of `columns` in chunks of multi-row INSERTs, inside the caller's transaction. */
export async function insertRows(client: pg.Client, table: string, columns: string, rows: Iterable<unknown[]>): Promise<void> {
  let values: unknown[] = [];
  let tuples: string[] = [];
  const send = async () => {
    if (tuples.length === 0) return;
    await client.query(`INSERT INTO ${table} (${columns}) VALUES ${tuples.join(', ')}`, values);
    values = [];
    tuples = [];
  };
  for (const row of rows) {
    const base = values.length;
    for (const value of row) values.push(value);
    tuples.push(`(${row.map((_, k) => `$${base + k + 1}`).join(', ')})`);
    if (tuples.length === CHUNK) await send();
  }
  await send();
}

/**
 * Bare pg: `rows` restock event rows into the shop's events table in one transaction, built as
 * import.bench.ts's bare SQLite loop builds them (ids, JSON) — rows/s.
 */
export async function bareInsertRate(url: string, rows: number, streams: number): Promise<number> {
  return withClient(url, async (client) => {
    const head = Number((await client.query('SELECT COALESCE(MAX(position), 0) AS head FROM events')).rows[0].head);
    const ids = Array.from({ length: streams }, () => `inventory-${randomUUID()}`);
    const now = new Date().toISOString();
    const metadata = JSON.stringify({ command: 'RestockInventory', correlationId: randomUUID(), causationId: randomUUID(), source: 'bench' });
    function* events(): Iterable<unknown[]> {
      for (let i = 0; i < rows; i++) {
        const data = { inventoryId: ids[i % streams], productId: randomUUID(), variantId: null, addedQuantity: 5, newTotalQuantity: i, restockedAt: now };
        yield [head + i + 1, randomUUID(), ids[i % streams], Math.floor(i / streams) + 1, 'InventoryRestocked', 1, JSON.stringify(data), metadata, now];
      }
    }
    const start = performance.now();
    await client.query('BEGIN');
    await insertRows(client, 'events', EVENT_COLUMNS, events());
    await client.query('COMMIT');
    return rows / ((performance.now() - start) / 1000);
  });
}

/**
 * A valid log written straight into the events table (as replay.bench.ts does on SQLite): 10
 * categories, `products` products, then restocks of them up to `total` events.
 */
export async function writeLog(url: string, total: number, products: number): Promise<void> {
  const at = '2026-01-01T00:00:00.000Z';
  const metadata = JSON.stringify({ command: 'BenchSeed', correlationId: nameBasedUuid('bench'), causationId: nameBasedUuid('bench|c'), source: 'bench' });
  function* events(): Iterable<unknown[]> {
    let position = 0;
    const row = (streamId: string, version: number, type: string, data: object): unknown[] =>
      [++position, nameBasedUuid(`bench|event|${position}`), streamId, version, type, 1, JSON.stringify(data), metadata, at];
    const categories: string[] = [];
    for (let c = 0; c < 10; c++) {
      const categoryId = nameBasedUuid(`bench|category|${c}`);
      categories.push(categoryId);
      yield row(`category-${categoryId}`, 1, 'CategoryCreated', { categoryId, name: `Category ${c}`, parentId: null, createdAt: at });
    }
    const items: { productId: string; inventoryId: string; onHand: number; version: number }[] = [];
    for (let p = 0; p < products; p++) {
      const productId = nameBasedUuid(`bench|product|${p}`);
      const inventoryId = nameBasedUuid(`inventory|product|${productId}`);
      items.push({ productId, inventoryId, onHand: 0, version: 0 });
      yield row(`product-${productId}`, 1, 'ProductCreated', {
        productId, name: `Bench product ${p}`, price: { amount: 1000 + p, currency: 'USD' },
        categoryId: categories[p % 10], createdAt: at, sku: `BENCH-${String(p).padStart(5, '0')}`,
        description: 'A product for the replay bench', inventoryId,
      });
    }
    while (position < total) {
      const item = items[position % products]!;
      const addedQuantity = 1 + (position % 7);
      item.onHand += addedQuantity;
      yield row(`inventory-${item.inventoryId}`, ++item.version, 'InventoryRestocked', {
        inventoryId: item.inventoryId, productId: item.productId, variantId: null,
        addedQuantity, newTotalQuantity: item.onHand, restockedAt: at,
      });
    }
  }
  await withClient(url, async (client) => {
    await client.query('BEGIN');
    await insertRows(client, 'events', EVENT_COLUMNS, events());
    await client.query('COMMIT');
  });
}

/** Bare pg: `sql`'s rows through a cursor, `data` (column `dataColumn`) JSON.parse'd — rows/s. */
export async function bareReadRate(url: string, sql: string, dataColumn: number, expected: number): Promise<number> {
  return withClient(url, async (client) => {
    const start = performance.now();
    let count = 0;
    let parsed = 0;
    await client.query('BEGIN READ ONLY');
    await client.query(`DECLARE bare NO SCROLL CURSOR FOR ${sql}`);
    for (;;) {
      const { rows } = await client.query({ text: `FETCH ${FETCH} FROM bare`, rowMode: 'array' });
      for (const row of rows as unknown[][]) {
        if (JSON.parse(row[dataColumn] as string) !== null) parsed++;
        count++;
      }
      if (rows.length < FETCH) break;
    }
    await client.query('COMMIT');
    const seconds = (performance.now() - start) / 1000;
    if (count !== expected || parsed !== count) throw new Error(`bare read saw ${count} rows, expected ${expected}`);
    return count / seconds;
  });
}

/** Wall time of one spawned process, in ms; throws on a non-zero exit. */
export function wallMs(args: string[], env: NodeJS.ProcessEnv = benchEnv()): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.slice(0, 6).join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

export function benchEnv(): NodeJS.ProcessEnv {
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.SHOPCTL_NOW;
  delete env.SHOPCTL_DB;
  return env;
}

export function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid]! : (sorted[mid - 1]! + sorted[mid]!) / 2;
}
