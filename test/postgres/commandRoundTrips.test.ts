// What one command costs on PostgreSQL, in round trips to the server (each is a wait of the
// main thread on the worker and the server; README "Performance"): the write lock, the log's
// head and the outbox's last sequence in one, and an aggregate's snapshot with its stream's
// version in another. Fewer round trips must change nothing else: positions and sequences
// still follow the head, and read-ahead off (the same reads one by one) gives the same shop.
import { describe, expect, it } from 'vitest';
import { restockInventory } from '../../src/app/inventory.js';
import { ShopApp } from '../../src/app/shopApp.js';
import type { PgDatabase } from '../../src/store/postgres/pgDatabase.js';
import { runJson } from '../helpers/shop.js';
import { freshDatabase, sql } from './support.js';

const NOW = '2026-01-02T03:04:05.000Z';

async function shopWithMug(): Promise<string> {
  const url = await freshDatabase();
  await runJson(url, ['category', 'create', 'Kitchen'], { env: { SHOPCTL_NOW: NOW } });
  await runJson(url, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '3'], { env: { SHOPCTL_NOW: NOW } });
  return url;
}

/** Restocks MUG-1 `times` times in one open app; the round trips of each restock (to the worker, or to the server). */
function restocks(url: string, times: number, readAhead: boolean, fixedNow?: string, counted: 'roundTrips' | 'serverQueries' = 'roundTrips'): number[] {
  const before = process.env.SHOPCTL_PG_READ_AHEAD;
  if (readAhead) delete process.env.SHOPCTL_PG_READ_AHEAD;
  else process.env.SHOPCTL_PG_READ_AHEAD = 'off';
  // A fixed clock (tests) makes ids from a write counter: one more round trip (settings' upsert).
  const app = new ShopApp({ dbPath: url, fixedNow });
  try {
    const db = (app.store as unknown as { db: PgDatabase }).db;
    const trips: number[] = [];
    for (let i = 0; i < times; i++) {
      const start = db.stats[counted];
      restockInventory(app, 'MUG-1', 5);
      trips.push(db.stats[counted] - start);
    }
    return trips;
  } finally {
    app.close();
    if (before === undefined) delete process.env.SHOPCTL_PG_READ_AHEAD;
    else process.env.SHOPCTL_PG_READ_AHEAD = before;
  }
}

async function shopState(url: string) {
  return {
    events: await sql(url, `SELECT position, "streamId", "streamVersion", type FROM events ORDER BY position`),
    outbox: await sql(url, `SELECT sequence, type, "sourcePosition" FROM outbox_messages ORDER BY sequence`),
    inventory: await sql(url, `SELECT sku, "onHand", reserved FROM inventory ORDER BY sku`),
    snapshots: await sql(url, `SELECT "streamId", "streamVersion", state FROM snapshots ORDER BY "streamId"`),
  };
}

describe('a command on PostgreSQL', () => {
  it('a restock: lock, head and last sequence ride with the item\'s lookup, snapshot and stream version in one', async () => {
    const url = await shopWithMug();
    // BEGIN + lock + head + last sequence held (PgDatabase.readLater) and sent with the SKU, its
    // owner's variant, the product by id or else by the SKU's owner and that product's variants
    // (catalogue.itemLookup); snapshot + stream version + the inventory row the projection
    // updates (UnitOfWork.load, primedReadModels); the event and the read-model writes with
    // COMMIT. Before: 1 more (the inventory row, read after the event until stop 21) + 1 (the
    // lock's own, until stop 21) + 3 (head twice, sequence) + 2 (the SKU twice, the product in
    // two reads) + 1 (snapshot and version apart).
    expect(restocks(url, 3, true)).toEqual([3, 3, 3]);
  });

  it('a restock: each round trip to the worker is ONE query to the server (the worker groups statements, parameters written in as literals)', async () => {
    const url = await shopWithMug();
    // 14 statements in 3 queries: BEGIN + lock + head + sequence with the SKU, its variant, the
    // product and its variants (rows as arrays and as objects in one query); snapshot +
    // version with the inventory row; the event, the two read-model writes and COMMIT. Before
    // values were written in (worker.ts groupEnd, inline.ts): 10, as statements with parameters
    // went one by one.
    expect(restocks(url, 3, true, undefined, 'serverQueries')).toEqual([3, 3, 3]);
  });

  it('gives the same events, positions, sequences and read models as the reads one by one', async () => {
    const [fewer, oneByOne] = [await shopWithMug(), await shopWithMug()];
    const trips = restocks(fewer, 3, true, NOW);
    const more = restocks(oneByOne, 3, false, NOW);
    expect(more.every((n, i) => n > trips[i]!)).toBe(true);
    const [a, b] = [await shopState(fewer), await shopState(oneByOne)];
    expect(a).toEqual(b);
    // Positions and sequences follow on without a gap: each write read the head under the lock.
    expect(a.events.map((e) => Number(e.position))).toEqual(a.events.map((_, i) => i + 1));
    expect(a.outbox.map((m) => Number(m.sequence))).toEqual(a.outbox.map((_, i) => i + 1));
    expect(a.inventory).toEqual([{ sku: 'MUG-1', onHand: '18', reserved: '0' }]);
  });
});
