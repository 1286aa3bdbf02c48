// `events list`: filters and the NDJSON shape other programs rely on; SHOPCTL_NOW.
import { describe, expect, it } from 'vitest';
import { catalogueShop, expectRejected, run, tempDb } from '../helpers/shop.js';

const NOW = '2026-03-01T12:00:00.000Z';

async function ndjson(db: string, args: string[]) {
  const result = await run(['--db', db, '--json', 'events', 'list', ...args]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout === '' || result.stdout.endsWith('\n')).toBe(true);
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('events list', () => {
  it('prints one event per line with position, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    const events = await ndjson(db, []);
    expect(events.map((e) => e.type)).toEqual([
      'CategoryCreated', 'CategoryCreated', 'ProductCreated', 'ProductCreated', 'InventoryRestocked', 'ProductUpdated', 'ProductUpdated',
    ]);
    expect(Object.keys(events[0])).toEqual([
      'position', 'eventId', 'streamId', 'streamVersion', 'type', 'schemaVersion', 'data', 'metadata', 'recordedAt',
    ]);
    expect(events[2]).toMatchObject({
      position: 3, streamId: `product-${shop.teeId}`, streamVersion: 1, type: 'ProductCreated', schemaVersion: 1,
      metadata: { command: 'CreateProduct', source: 'cli', correlationId: expect.any(String), causationId: expect.any(String) },
    });
    expect(events[2].eventId).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/);
    expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
    expect(events[5]).toMatchObject({ streamId: `product-${shop.teeId}`, streamVersion: 2 });
  });

  it('filters by --stream, --type, --after and --limit, and combinations', async () => {
    const { db } = tempDb();
    const shop = await catalogueShop(db);
    expect((await ndjson(db, ['--stream', `product-${shop.teeId}`])).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect((await ndjson(db, ['--type', 'ProductCreated'])).map((e) => e.data.sku)).toEqual(['TEE-1', 'MUG-1']);
    expect((await ndjson(db, ['--after', '5'])).map((e) => e.position)).toEqual([6, 7]);
    expect((await ndjson(db, ['--limit', '2'])).map((e) => e.position)).toEqual([1, 2]);
    expect((await ndjson(db, ['--type', 'ProductUpdated', '--after', '6', '--limit', '5'])).map((e) => e.position)).toEqual([7]);
    expect(await ndjson(db, ['--after', '100'])).toEqual([]);
    const human = await run(['--db', db, 'events', 'list', '--type', 'CategoryCreated']);
    expect(human.stdout).toMatch(/CategoryCreated/);
    expect(human.stdout).not.toMatch(/ProductCreated/);
  });

  it('refuses an unknown --type and a --limit or --after that is not a count (exit 2)', async () => {
    const { db } = tempDb();
    await catalogueShop(db);
    await expectRejected(db, ['events', 'list', '--type', 'ProductCreatd'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['events', 'list', '--limit', '0'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['events', 'list', '--after', '-1'], 2, 'INVALID_ARGUMENT');
    await expectRejected(db, ['events', 'list', '--limit', 'ten'], 2, 'INVALID_ARGUMENT');
  });
});

describe('SHOPCTL_NOW', () => {
  it('fixes recordedAt and the timestamps in the payloads; an invalid value is exit 2', async () => {
    const { db } = tempDb();
    const env = { SHOPCTL_NOW: '2026-03-01T12:00:00Z' };
    expect((await run(['--db', db, 'category', 'create', 'Apparel'], { env })).code).toBe(0);
    expect((await run(['--db', db, 'product', 'create', '--name', 'Mug', '--price', '1', '--category', 'Apparel', '--stock', '2'], { env })).code).toBe(0);
    const events = await ndjson(db, []);
    expect(events.map((e) => e.recordedAt)).toEqual([NOW, NOW, NOW]);
    expect(events[0].data.createdAt).toBe(NOW);
    expect(events[2].data.restockedAt).toBe(NOW);
    const bad = await run(['--db', db, 'category', 'create', 'Books'], { env: { SHOPCTL_NOW: 'yesterday' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SHOPCTL_NOW/);
  });

  it('with SHOPCTL_NOW fixed, the same commands on an empty database give identical logs', async () => {
    const env = { SHOPCTL_NOW: '2026-03-01T12:00:00Z' };
    const logs: string[] = [];
    for (const db of [tempDb().db, tempDb().db]) {
      await run(['--db', db, 'category', 'create', 'Apparel'], { env });
      await run(['--db', db, 'product', 'create', '--name', 'Mug', '--price', '1', '--category', 'Apparel', '--stock', '2'], { env });
      logs.push((await run(['--db', db, '--json', 'events', 'list'])).stdout);
    }
    expect(logs[0].split('\n').filter(Boolean)).toHaveLength(3);
    expect(logs[1]).toBe(logs[0]);
  });
});
