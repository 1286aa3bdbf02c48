// Schema evolution: older payloads are lifted to the current shape on read; newer ones refused.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CURRENT_SCHEMA_VERSION } from '../../src/domain/events.js';
import { parseMinorUnits } from '../../src/domain/money.js';
import {
  EVENT_SCHEMAS, readPayload, UnreadableEventError, upcast, type UpcastRegistry,
} from '../../src/domain/upcasting.js';
import { openDatabase } from '../../src/store/database.js';
import { EventLog } from '../../src/store/eventLog.js';
import { rebuildReadModels, verifyReadModels } from '../../src/store/replay.js';

const CATEGORY_ID = '11111111-1111-4111-8111-111111111111';
const PRODUCT_ID = '22222222-2222-4222-8222-222222222222';
const INVENTORY_ID = '33333333-3333-4333-8333-333333333333';
const AT = '2026-01-01T00:00:00.000Z';

/**
 * A plausible history: ProductCreated v1 carried its price as a decimal string and had no
 * sku, description or inventory id; v2 (the shape the projections read) has Money and the
 * implied fields. The upcaster lifts v1 to v2 without floating point.
 */
const productCreatedV1toV2 = (data: Record<string, unknown>): Record<string, unknown> => {
  const { price, ...rest } = data as { price: string; currency: string } & Record<string, unknown>;
  const { currency, ...others } = rest;
  return {
    ...others,
    price: { amount: parseMinorUnits(price), currency },
    sku: null,
    description: '',
    inventoryId: INVENTORY_ID,
  };
};

const REGISTRY_V2: UpcastRegistry = {
  currentVersions: { ...CURRENT_SCHEMA_VERSION, ProductCreated: 2 },
  upcasters: { ProductCreated: { 1: productCreatedV1toV2 } },
};

const V1_PRODUCT = { productId: PRODUCT_ID, name: 'Tee', price: '19.99', currency: 'USD', categoryId: CATEGORY_ID, createdAt: AT };

function freshDb(): Database.Database {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-upcast-'));
  return openDatabase(path.join(dir, 'shop.db'));
}

function insertEvent(db: Database.Database, streamId: string, type: string, schemaVersion: number, data: unknown): number {
  return Number(db.prepare(
    `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
     VALUES (?, ?, 1, ?, ?, ?, ?, ?)`,
  ).run(`${streamId}-1`, streamId, type, schemaVersion, JSON.stringify(data), JSON.stringify({ source: 'test' }), AT).lastInsertRowid);
}

describe('upcasting', () => {
  it('lifts a stored v1 payload to the current v2 shape through the registered upcaster', () => {
    const event = upcast('ProductCreated', 1, V1_PRODUCT, 7, REGISTRY_V2);
    expect(event).toEqual({
      type: 'ProductCreated',
      schemaVersion: 2,
      data: {
        productId: PRODUCT_ID, name: 'Tee', price: { amount: 1999, currency: 'USD' }, categoryId: CATEGORY_ID,
        createdAt: AT, sku: null, description: '', inventoryId: INVENTORY_ID,
      },
    });
  });

  it('replays a log holding a v1 event into read models of the current shape', () => {
    const db = freshDb();
    insertEvent(db, `category-${CATEGORY_ID}`, 'CategoryCreated', 1, { categoryId: CATEGORY_ID, name: 'Apparel', parentId: null, createdAt: AT });
    insertEvent(db, `product-${PRODUCT_ID}`, 'ProductCreated', 1, V1_PRODUCT);
    const result = rebuildReadModels(db, (body) => db.transaction(body).immediate(), { registry: REGISTRY_V2 });
    expect(result.events).toBe(2);
    expect(db.prepare('SELECT id, price, currency, sku, description, inventoryId FROM products').all()).toEqual([
      { id: PRODUCT_ID, price: 1999, currency: 'USD', sku: null, description: '', inventoryId: INVENTORY_ID },
    ]);
    expect(db.prepare('SELECT inventoryId, onHand FROM inventory').all()).toEqual([{ inventoryId: INVENTORY_ID, onHand: 0 }]);
    expect(verifyReadModels(db, { registry: REGISTRY_V2 }).differences).toEqual([]);
    db.close();
  });

  it('refuses a version with no upcaster on the way, naming position and type', () => {
    const registry: UpcastRegistry = { currentVersions: { ...CURRENT_SCHEMA_VERSION, ProductCreated: 3 }, upcasters: REGISTRY_V2.upcasters };
    expect(() => upcast('ProductCreated', 1, V1_PRODUCT, 9, registry)).toThrow(
      'event at position 9 (ProductCreated) has schema version 2 and no upcaster to 3',
    );
  });

  describe('the real registry (every type written at version 1)', () => {
    it('reads every current type unchanged', () => {
      for (const [type, version] of Object.entries(CURRENT_SCHEMA_VERSION)) {
        expect(version).toBe(1);
        const data = { marker: type };
        expect(upcast(type, version, data, 1)).toEqual({ type, schemaVersion: 1, data });
        // Reading also checks the payload's shape: a marker alone is a damaged event.
        expect(() => readPayload(type, version, JSON.stringify(data), 1)).toThrowError(expect.objectContaining({ code: 'CORRUPT_EVENT', position: 1 }));
      }
      expect(EVENT_SCHEMAS.currentVersions).toBe(CURRENT_SCHEMA_VERSION);
    });

    it('refuses a newer schema version with position, type and versions', () => {
      let caught: unknown;
      try {
        readPayload('OrderPlaced', 2, '{}', 42);
      } catch (error) {
        caught = error;
      }
      expect(caught).toBeInstanceOf(UnreadableEventError);
      expect(caught).toMatchObject({
        position: 42, type: 'OrderPlaced', schemaVersion: 2,
        message: 'event at position 42 (OrderPlaced) has schema version 2, newer than this shopctl reads (1); upgrade shopctl',
      });
    });

    it('refuses an unknown event type and a nonsense version', () => {
      expect(() => upcast('ProductTeleported', 1, {}, 5)).toThrow('event at position 5 has unknown type ProductTeleported');
      expect(() => upcast('toString', 1, {}, 5)).toThrow(UnreadableEventError);
      expect(() => upcast('ProductCreated', 0, {}, 6)).toThrow('invalid schema version 0');
    });

    it('is the path the event log reads through', () => {
      const db = freshDb();
      insertEvent(db, `category-${CATEGORY_ID}`, 'CategoryCreated', 1, { categoryId: CATEGORY_ID, name: 'Apparel', parentId: null, createdAt: AT });
      const position = insertEvent(db, `product-${PRODUCT_ID}`, 'ProductCreated', 2, V1_PRODUCT);
      const log = new EventLog(db);
      expect(() => [...log.read()]).toThrow(`event at position ${position} (ProductCreated) has schema version 2, newer`);
      expect(() => rebuildReadModels(db, (body) => db.transaction(body).immediate())).toThrow(UnreadableEventError);
      db.close();
    });
  });
});
