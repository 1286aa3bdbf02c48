// `events list`: filters and the NDJSON shape other programs rely on; SHOPCTL_NOW.
import { describe, expect, it } from 'vitest';
import { shopctl, tempDb } from '../helpers/cli.js';
import { expectFailure, smallShop } from './catalogueSupport.js';

const NOW = '2026-03-01T12:00:00.000Z';

function ndjson(db: string, args: string[]) {
  const result = shopctl(['--db', db, '--json', 'events', 'list', ...args]);
  expect(result.code, result.stderr).toBe(0);
  expect(result.stdout === '' || result.stdout.endsWith('\n')).toBe(true);
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

describe('events list', () => {
  it('prints one event per line with position, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt', () => {
    const { db } = tempDb();
    const shop = smallShop(db);
    const events = ndjson(db, []);
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

  it('filters by --stream, --type, --after and --limit, and combinations', () => {
    const { db } = tempDb();
    const shop = smallShop(db);
    expect(ndjson(db, ['--stream', `product-${shop.teeId}`]).map((e) => e.streamVersion)).toEqual([1, 2, 3]);
    expect(ndjson(db, ['--type', 'ProductCreated']).map((e) => e.data.sku)).toEqual(['TEE-1', 'MUG-1']);
    expect(ndjson(db, ['--after', '5']).map((e) => e.position)).toEqual([6, 7]);
    expect(ndjson(db, ['--limit', '2']).map((e) => e.position)).toEqual([1, 2]);
    expect(ndjson(db, ['--type', 'ProductUpdated', '--after', '6', '--limit', '5']).map((e) => e.position)).toEqual([7]);
    expect(ndjson(db, ['--after', '100'])).toEqual([]);
    const human = shopctl(['--db', db, 'events', 'list', '--type', 'CategoryCreated']);
    expect(human.stdout).toMatch(/CategoryCreated/);
    expect(human.stdout).not.toMatch(/ProductCreated/);
  });

  it('refuses an unknown --type and a --limit or --after that is not a count (exit 2)', () => {
    const { db } = tempDb();
    smallShop(db);
    expectFailure(db, ['events', 'list', '--type', 'ProductCreatd'], 2, 'USAGE_ERROR');
    expectFailure(db, ['events', 'list', '--limit', '0'], 2, 'USAGE_ERROR');
    expectFailure(db, ['events', 'list', '--after', '-1'], 2, 'USAGE_ERROR');
    expectFailure(db, ['events', 'list', '--limit', 'ten'], 2, 'USAGE_ERROR');
  });
});

describe('SHOPCTL_NOW', () => {
  it('fixes recordedAt and the timestamps in the payloads; an invalid value is exit 2', () => {
    const { db } = tempDb();
    const env = { SHOPCTL_NOW: '2026-03-01T12:00:00Z' };
    expect(shopctl(['--db', db, 'category', 'create', 'Apparel'], { env }).code).toBe(0);
    expect(shopctl(['--db', db, 'product', 'create', '--name', 'Mug', '--price', '1', '--category', 'Apparel', '--stock', '2'], { env }).code).toBe(0);
    const events = ndjson(db, []);
    expect(events.map((e) => e.recordedAt)).toEqual([NOW, NOW, NOW]);
    expect(events[0].data.createdAt).toBe(NOW);
    expect(events[2].data.restockedAt).toBe(NOW);
    const bad = shopctl(['--db', db, 'category', 'create', 'Books'], { env: { SHOPCTL_NOW: 'yesterday' } });
    expect(bad.code).toBe(2);
    expect(bad.stderr).toMatch(/SHOPCTL_NOW/);
  });

  it('with SHOPCTL_NOW fixed, the same commands on an empty database give identical logs', () => {
    const env = { SHOPCTL_NOW: '2026-03-01T12:00:00Z' };
    const logs = [tempDb().db, tempDb().db].map((db) => {
      shopctl(['--db', db, 'category', 'create', 'Apparel'], { env });
      shopctl(['--db', db, 'product', 'create', '--name', 'Mug', '--price', '1', '--category', 'Apparel', '--stock', '2'], { env });
      return shopctl(['--db', db, '--json', 'events', 'list']).stdout;
    });
    expect(logs[0].split('\n').filter(Boolean)).toHaveLength(3);
    expect(logs[1]).toBe(logs[0]);
  });
});
