// events list and order list page with keysets (--after), never OFFSET: checked by walking
// every page and by the query plans (the stream index for --stream, a range seek for orders).
import fs from 'node:fs';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { eventQuery } from '../../src/store/eventLog.js';
import { OrderQueries } from '../../src/store/queries/orders.js';
import { tempDb } from '../helpers/cli.js';
import { onPostgres, storeTimeout } from '../helpers/store.js';
import { cli, ok } from '../snapshots/snapshotSupport.js';

const PASSWORD = 'Tr0ub4dor&3-horse-staple';
const ADDRESS = ['--name', 'Ada Lovelace', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];
const { dir, db } = tempDb();
let mugStream = '';
const orderIds: string[] = [];

beforeAll(async () => {
  await ok(db, ['category', 'create', 'Kitchen']);
  const mug = await ok(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '50']);
  mugStream = mug.events.find((e: { streamId: string }) => e.streamId.startsWith('inventory-')).streamId;
  await ok(db, ['product', 'create', '--name', 'Cup', '--price', '3.00', '--category', 'Kitchen', '--sku', 'CUP-1', '--stock', '5']);
  for (let i = 0; i < 2; i++) await ok(db, ['inventory', 'restock', i % 2 ? 'CUP-1' : 'MUG-1', '1']);
  for (let i = 0; i < 5; i++) {
    const email = `buyer${i}@example.com`;
    await ok(db, ['customer', 'register', '--email', email, '--name', `Buyer ${i}`, '--password-stdin'], {}, `${PASSWORD}\n`);
    await ok(db, ['cart', 'add', email, '--product', 'MUG-1', '--quantity', '1']);
    // Two orders share a placing time: the id breaks the tie, so no order is skipped or repeated.
    const placed = await ok(db, ['order', 'place', email, '--payment', 'pm_card_visa', ...ADDRESS], { SHOPCTL_NOW: `2026-03-0${i < 2 ? 1 : i}T10:00:00Z` });
    orderIds.push(placed.id);
  }
}, storeTimeout(60_000));
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const lines = (text: string) => text.split('\n').filter(Boolean).map((line) => JSON.parse(line));

describe('events list --after', () => {
  it('walks a stream page by page: every event once, in order', async () => {
    const all = lines((await cli(db, ['events', 'list', '--stream', mugStream])).stdout);
    expect(all.length).toBeGreaterThan(6); // create, a restock, reservations
    const seen: number[] = [];
    let after = 0;
    for (;;) {
      const page = lines((await cli(db, ['events', 'list', '--stream', mugStream, '--after', String(after), '--limit', '3'])).stdout);
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(3);
      seen.push(...page.map((e: { position: number }) => e.position));
      after = page[page.length - 1].position;
    }
    expect(seen).toEqual(all.map((e: { position: number }) => e.position));
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  });

  // EXPLAIN QUERY PLAN is SQLite's (the PostgreSQL plan depends on its statistics).
  it.skipIf(onPostgres)('uses the stream index for --stream and the type index for --type, never a sort of the whole log or an OFFSET', () => {
    const conn = new Database(db, { readonly: true });
    try {
      const plan = (filter: Parameters<typeof eventQuery>[0]) => {
        const { sql, params } = eventQuery(filter);
        expect(sql).not.toMatch(/OFFSET/i);
        return (conn.prepare(`EXPLAIN QUERY PLAN ${sql}`).all(params) as { detail: string }[]).map((r) => r.detail).join(' | ');
      };
      const byStream = plan({ streamId: mugStream, after: 3, limit: 10 });
      expect(byStream).toMatch(/USING INDEX sqlite_autoindex_events_\d \(streamId=\?\)/);
      expect(byStream).not.toMatch(/TEMP B-TREE/);
      const byType = plan({ type: 'InventoryRestocked', after: 3, limit: 10 });
      expect(byType).toMatch(/USING INDEX events_by_type \(type=\? AND position>\?\)/);
      expect(byType).not.toMatch(/TEMP B-TREE/);
      const all = plan({ after: 3, limit: 10 });
      expect(all).toMatch(/USING INTEGER PRIMARY KEY \(rowid>\?\)/);
      expect(all).not.toMatch(/TEMP B-TREE/);
    } finally {
      conn.close();
    }
  });
});

describe('order list --after --limit', () => {
  it('pages through every order once, oldest first, ties broken by id', async () => {
    const all = JSON.parse((await cli(db, ['order', 'list'])).stdout) as { id: string; placedAt: string }[];
    expect(all.map((o) => o.id).sort()).toEqual([...orderIds].sort());
    const seen: string[] = [];
    let after: string | undefined;
    for (;;) {
      const page = await ok(db, ['order', 'list', '--limit', '2', ...(after ? ['--after', after] : [])]) as { id: string }[];
      if (page.length === 0) break;
      expect(page.length).toBeLessThanOrEqual(2);
      seen.push(...page.map((o) => o.id));
      after = page[page.length - 1].id;
    }
    expect(seen).toEqual(all.map((o) => o.id));
    // Filters apply within the page as well.
    const customer = await ok(db, ['order', 'list', '--customer', 'buyer3@example.com', '--after', all[0].id]);
    expect(customer.map((o: { id: string }) => o.id)).toEqual([orderIds[3]]);
  });

  // EXPLAIN QUERY PLAN is SQLite's (the PostgreSQL plan depends on its statistics).
  it.skipIf(onPostgres)('seeks the (placedAt, id) index for --after instead of scanning from the start', () => {
    const conn = new Database(db, { readonly: true });
    try {
      const source = new OrderQueries(conn).listStatement(true).source;
      expect(source).not.toMatch(/OFFSET/i);
      const plan = (conn.prepare(`EXPLAIN QUERY PLAN ${source}`).all({ afterPlacedAt: '2026', afterId: '', status: null, customerId: null, limit: 2 }) as { detail: string }[])
        .map((r) => r.detail).join(' | ');
      expect(plan).toMatch(/USING INDEX orders_in_list_order \(\(placedAt,id\)>\(\?,\?\)\)/);
      expect(plan).not.toMatch(/TEMP B-TREE/);
    } finally {
      conn.close();
    }
  });

  it('refuses an --after that is not an order (exit 4) and a --limit that is not a count (exit 2)', async () => {
    const unknown = await cli(db, ['order', 'list', '--after', '00000000-0000-4000-8000-000000000000']);
    expect(unknown.code).toBe(4);
    expect(JSON.parse(unknown.stderr).error.code).toBe('ORDER_NOT_FOUND');
    expect((await cli(db, ['order', 'list', '--limit', '0'])).code).toBe(2);
    expect((await cli(db, ['order', 'list', '--after', 'not-an-id'])).code).toBe(2);
  });
});
