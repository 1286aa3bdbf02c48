// Snapshots are a cache of folded aggregate state (docs/events.md, "Snapshots"): these tests
// tamper with them in every way the issue names and check that commands still decide from the
// truth (the log), that replay rebuilds them and that replay --verify reports the tampering.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { cli, durableContent, headOf, ok, snapshotsOf, sql } from './snapshotSupport.js';

const NOW = { SHOPCTL_NOW: '2026-02-01T10:00:00Z' };
const PRODUCT = '0b6f0c1e-1111-4a4a-8a8a-000000000001';
const dirs: string[] = [];

afterEach(() => {
  for (const dir of dirs.splice(0)) fs.rmSync(dir, { recursive: true, force: true });
});

function newDb(name = 'shop.db'): string {
  const { dir, db } = tempDb(name);
  dirs.push(dir);
  return db;
}

/** A shop with one product (TEE-1, stock 10) restocked `restocks` times; returns its inventory stream id. */
async function shopWithStock(db: string, restocks: number): Promise<string> {
  await ok(db, ['category', 'create', 'Apparel'], NOW);
  const created = await ok(db, ['product', 'create', '--id', PRODUCT, '--name', 'T-shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'TEE-1', '--stock', '10'], NOW);
  for (let i = 1; i <= restocks; i++) await ok(db, ['inventory', 'restock', 'TEE-1', String(i)], NOW);
  return (created.events as { streamId: string; type: string }[]).find((e) => e.type === 'InventoryRestocked')!.streamId;
}

const onHandIn = (snapshot: { state: string }) => (JSON.parse(snapshot.state) as { onHand: number }).onHand;

describe('snapshots', () => {
  it('are written with the events they cover, at the head of every stream a command loaded', async () => {
    const db = newDb();
    const stream = await shopWithStock(db, 5);
    const snapshot = snapshotsOf(db).find((s) => s.streamId === stream)!;
    expect(snapshot.streamVersion).toBe(headOf(db, stream));
    expect(snapshot.streamVersion).toBe(6); // the create's initial stock + 5 restocks
    expect(onHandIn(snapshot)).toBe(10 + 1 + 2 + 3 + 4 + 5);
    expect(snapshot.stateVersion).toBe(1);
    // A rejected command writes nothing, its snapshot included.
    const refused = await cli(db, ['inventory', 'restock', 'TEE-1', '0'], NOW);
    expect(refused.code).not.toBe(0);
    expect(snapshotsOf(db).find((s) => s.streamId === stream)).toEqual(snapshot);
  });

  it('deleting every snapshot changes nothing but speed: same events, outbox and read models', async () => {
    const plain = newDb('plain.db');
    const wiped = newDb('wiped.db');
    await shopWithStock(plain, 2);
    await shopWithStock(wiped, 2);
    for (let i = 0; i < 3; i++) {
      sql(wiped, 'DELETE FROM snapshots');
      const a = await ok(plain, ['inventory', 'restock', 'TEE-1', '7'], NOW);
      const b = await ok(wiped, ['inventory', 'restock', 'TEE-1', '7'], NOW);
      expect(b).toEqual(a);
    }
    await ok(plain, ['product', 'update-price', 'TEE-1', '24.99'], NOW);
    sql(wiped, 'DELETE FROM snapshots');
    await ok(wiped, ['product', 'update-price', 'TEE-1', '24.99'], NOW);
    expect(durableContent(wiped)).toEqual(durableContent(plain));
    // The product's snapshot (the one stream the last command loaded) came back, equal to the other's.
    const productSnapshot = (db: string) => snapshotsOf(db).filter((s) => s.streamId === `product-${PRODUCT}`);
    expect(productSnapshot(wiped)).toHaveLength(1);
    expect(productSnapshot(wiped)).toEqual(productSnapshot(plain));
  });

  it('one of another state shape is ignored (never misread) and rebuilt', async () => {
    const db = newDb();
    const stream = await shopWithStock(db, 3); // on hand 16
    // What an older evolve might have stored: another shape, with a number that would mislead.
    sql(db, `UPDATE snapshots SET stateVersion = 0, state = '{"stock":999,"onHand":999,"reserved":0,"reservations":{}}' WHERE streamId = ?`, stream);
    const out = await ok(db, ['inventory', 'restock', 'TEE-1', '4'], NOW);
    expect(out.events[0].data.newTotalQuantity).toBe(20);
    const rebuilt = snapshotsOf(db).find((s) => s.streamId === stream)!;
    expect(rebuilt.stateVersion).toBe(1);
    expect(rebuilt.streamVersion).toBe(headOf(db, stream));
    expect(JSON.parse(rebuilt.state)).toEqual({ onHand: 20, reserved: 0, reservations: {} });
  });

  it('an unreadable or impossible one falls back to the full fold with the same result, and is replaced', async () => {
    const twin = newDb('twin.db');
    await shopWithStock(twin, 3);
    const tampered = [
      `UPDATE snapshots SET state = '{"onHand": 16, "reser' WHERE streamId = ?`, // torn JSON
      `UPDATE snapshots SET state = 'null' WHERE streamId = ?`,
      `UPDATE snapshots SET streamVersion = streamVersion + 5, state = '{"onHand":5000,"reserved":0,"reservations":{}}' WHERE streamId = ?`, // ahead of its stream
      `UPDATE snapshots SET streamVersion = -3 WHERE streamId = ?`,
    ];
    const db = newDb();
    const stream = await shopWithStock(db, 3);
    for (const statement of tampered) {
      sql(db, statement, stream);
      const expected = await ok(twin, ['inventory', 'restock', 'TEE-1', '2'], NOW);
      const got = await ok(db, ['inventory', 'restock', 'TEE-1', '2'], NOW);
      expect(got, statement).toEqual(expected);
      const replaced = snapshotsOf(db).find((s) => s.streamId === stream)!;
      expect(replaced.streamVersion).toBe(headOf(db, stream));
      expect(JSON.parse(replaced.state).onHand).toBe(expected.events[0].data.newTotalQuantity);
    }
    expect(durableContent(db)).toEqual(durableContent(twin));
  });

  it('replay --verify reports a tampered snapshot as drift (exit 3); replay rebuilds them all', async () => {
    const db = newDb();
    const stream = await shopWithStock(db, 3);
    expect((await cli(db, ['replay', '--verify'])).code).toBe(0);

    sql(db, `UPDATE snapshots SET state = '{"onHand":1,"reserved":0,"reservations":{}}' WHERE streamId = ?`, stream);
    const verify = await cli(db, ['replay', '--verify']);
    expect(verify.code).toBe(3);
    const report = JSON.parse(verify.stdout);
    expect(report.ok).toBe(false);
    expect(report.differences).toEqual([expect.objectContaining({ table: 'snapshots', key: stream, kind: 'changed', column: 'state' })]);
    expect(JSON.parse(report.differences[0].rebuilt).onHand).toBe(16);

    // A snapshot ahead of its stream is drift too.
    sql(db, 'UPDATE snapshots SET streamVersion = 40 WHERE streamId = ?', stream);
    const ahead = JSON.parse((await cli(db, ['replay', '--verify'])).stdout);
    expect(ahead.differences).toEqual([expect.objectContaining({ table: 'snapshots', key: stream, column: 'streamVersion', live: 40, rebuilt: 4 })]);

    const before = durableContent(db);
    sql(db, 'DELETE FROM snapshots WHERE streamId LIKE ?', 'category-%');
    const replay = await ok(db, ['replay']);
    const streams = new Set((durableContent(db).events as { streamId: string }[]).map((e) => e.streamId));
    expect(replay.snapshots).toBe(streams.size);
    expect(snapshotsOf(db).map((s) => s.streamId)).toEqual([...streams].sort());
    expect(onHandIn(snapshotsOf(db).find((s) => s.streamId === stream)!)).toBe(16);
    expect((await cli(db, ['replay', '--verify'])).code).toBe(0);
    expect(durableContent(db)).toEqual(before); // log, outbox and read models untouched
  });

  it('replay --verify does not count a snapshot of another shape as drift (loading never reads it)', async () => {
    const db = newDb();
    const stream = await shopWithStock(db, 1);
    sql(db, `UPDATE snapshots SET stateVersion = 99, state = 'from another shopctl' WHERE streamId = ?`, stream);
    expect((await cli(db, ['replay', '--verify'])).code).toBe(0);
  });

  it('a bulk import leaves one snapshot per restocked item, at its head', async () => {
    const db = newDb();
    const stream = await shopWithStock(db, 0);
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'restock.csv');
    fs.writeFileSync(file, 'sku,quantity\n' + Array.from({ length: 300 }, () => 'TEE-1,2').join('\n') + '\n');
    await ok(db, ['import', 'restock', file], NOW);
    const snapshot = snapshotsOf(db).find((s) => s.streamId === stream)!;
    expect(snapshot.streamVersion).toBe(301);
    expect(onHandIn(snapshot)).toBe(10 + 600);
    expect((await cli(db, ['replay', '--verify'])).code).toBe(0);
  });
});
