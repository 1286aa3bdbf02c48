// Shared checks for the reliability tests: a seeded PRNG, log invariants and database probes.
import { expect } from 'vitest';
import type Database from 'better-sqlite3';
import { isPostgresUrl } from '../../src/store/postgres/pgDatabase.js';
import { openReadOnly, runIn } from '../helpers/shop.js';

/** mulberry32: a tiny seeded PRNG, so a failing run can be reproduced from its seed. */
export function prng(seed: number): { next(): number; int(min: number, max: number): number; pick<T>(items: readonly T[]): T } {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    pick: (items) => items[Math.floor(next() * items.length)],
  };
}

export interface RawEvent {
  position: number;
  eventId: string;
  streamId: string;
  streamVersion: number;
  type: string;
  data: any;
  metadata: any;
}

/** Every event straight from the events table (not through shopctl), oldest first. */
export function rawEvents(db: string): RawEvent[] {
  const rdb = openReadOnly(db);
  try {
    const rows = rdb.prepare('SELECT * FROM events ORDER BY position').all() as Record<string, unknown>[];
    return rows.map((r) => ({
      position: r.position as number,
      eventId: r.eventId as string,
      streamId: r.streamId as string,
      streamVersion: r.streamVersion as number,
      type: r.type as string,
      data: JSON.parse(r.data as string),
      metadata: JSON.parse(r.metadata as string),
    }));
  } finally {
    rdb.close();
  }
}

/** Log shape: positions strictly increasing, event ids unique, stream versions 1..n per stream. */
export function expectWellFormedLog(events: RawEvent[]): void {
  const outOfOrder = events.findIndex((e, i) => i > 0 && e.position <= events[i - 1].position);
  expect(outOfOrder, 'positions strictly increasing').toBe(-1);
  expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  const versions = new Map<string, number[]>();
  for (const e of events) {
    const list = versions.get(e.streamId);
    if (list) list.push(e.streamVersion);
    else versions.set(e.streamId, [e.streamVersion]);
  }
  for (const [stream, list] of versions) {
    const gap = list.findIndex((v, i) => v !== i + 1);
    expect(gap, `${stream}: versions ${list.slice(Math.max(0, gap - 2), gap + 3).join(',')} at index ${gap}`).toBe(-1);
  }
}

/**
 * Folds the inventory events of the log and fails at the first event after which any item has
 * reserved > onHand or a negative figure: oversell would show up here even if a read model hid it.
 */
export function expectNoOversellInLog(events: RawEvent[]): Map<string, { onHand: number; reserved: number }> {
  const items = new Map<string, { onHand: number; reserved: number }>();
  for (const e of events) {
    if (!e.type.startsWith('Inventory')) continue;
    const item = items.get(e.data.inventoryId) ?? { onHand: 0, reserved: 0 };
    if (e.type === 'InventoryRestocked') item.onHand += e.data.addedQuantity;
    if (e.type === 'InventoryReserved') item.reserved += e.data.reservedQuantity;
    if (e.type === 'InventoryReleased') item.reserved -= e.data.releasedQuantity;
    if (e.type === 'InventoryDeducted') { item.onHand -= e.data.deductedQuantity; item.reserved -= e.data.deductedQuantity; }
    items.set(e.data.inventoryId, item);
    expect(item.reserved, `position ${e.position}`).toBeGreaterThanOrEqual(0);
    expect(item.reserved, `position ${e.position}`).toBeLessThanOrEqual(item.onHand);
  }
  return items;
}

export function count(db: string, sql: string, ...params: unknown[]): number {
  const rdb = openReadOnly(db);
  try {
    return rdb.prepare(sql).pluck().get(...params) as number;
  } finally {
    rdb.close();
  }
}

/** SQLite's integrity check of the file; 'ok' on PostgreSQL, which has no file of ours to damage. */
export function integrityCheck(db: string): string {
  if (isPostgresUrl(db)) return 'ok';
  const rdb = openReadOnly(db) as Database.Database;
  try {
    return rdb.pragma('integrity_check', { simple: true }) as string;
  } finally {
    rdb.close();
  }
}

/** `replay --verify` must find the live read models equal to a rebuild from the log. */
export async function expectReplayVerifies(db: string): Promise<void> {
  const result = await runIn(db, ['replay', '--verify']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

/** Stderr of any shopctl run: never SQLite's raw busy text, never a JavaScript stack trace. */
export function expectCleanStderr(stderr: string, context: string): void {
  expect(stderr, context).not.toMatch(/SQLITE_BUSY|database is locked/);
  expect(stderr, context).not.toMatch(/^\s+at /m);
}

export function rawOutbox(db: string): { messageId: string; sequence: number; deliveredAt: string | null }[] {
  const rdb = openReadOnly(db);
  try {
    return rdb.prepare('SELECT messageId, sequence, deliveredAt FROM outbox ORDER BY sequence').all() as { messageId: string; sequence: number; deliveredAt: string | null }[];
  } finally {
    rdb.close();
  }
}
