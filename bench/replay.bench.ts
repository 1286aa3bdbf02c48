// README "Performance": `shopctl replay` of 1,000,000 events at least half the rate of a bare better-sqlite3
// read of the same rows with JSON.parse, both measured here, in the same run.
// The log is written straight into a fresh shopctl database (valid payloads, no projections):
// 10 categories, 10,000 products, and restocks of them up to 1,000,000 events.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { nameBasedUuid } from '../src/app/ids.js';
import { runCli } from '../src/main.js';
import { openDatabase } from '../src/store/database.js';
import type { BenchFigure } from './run.js';

const EVENTS = 1_000_000;
const CATEGORIES = 10;
const PRODUCTS = 10_000;
const ROUNDS = 2;

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-replay-'));
  const db = path.join(dir, 'shop.db');
  try {
    const writeStart = performance.now();
    writeLog(db);
    const writeSeconds = (performance.now() - writeStart) / 1000;

    // Alternate the two so neither gets a warmer cache; keep each one's best round.
    let bare = 0;
    let replay = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare = Math.max(bare, bareRead(db));
      replay = Math.max(replay, await replayRate(db));
    }
    return [{
      name: `replay of ${EVENTS.toLocaleString('en-US')} events (shopctl replay --json, in-process)`,
      unit: 'events/s',
      value: replay,
      baselineName: 'bare better-sqlite3 read + JSON.parse of the same rows',
      baseline: bare,
      target: '≥ 0.5× baseline',
      ok: replay >= 0.5 * bare,
      note: `log written in ${writeSeconds.toFixed(1)} s; best of ${ROUNDS} rounds each`,
    }];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The same rows replay reads (position, type, schema version, payload), JSON.parse'd, nothing else. */
function bareRead(file: string): number {
  const db = openDatabase(file);
  try {
    const start = performance.now();
    let count = 0;
    let checksum = 0;
    for (const row of db.prepare('SELECT position, type, schemaVersion, data FROM events ORDER BY position').iterate() as IterableIterator<{ data: string }>) {
      const data = JSON.parse(row.data) as { addedQuantity?: number };
      checksum += data.addedQuantity ?? 0;
      count++;
    }
    const seconds = (performance.now() - start) / 1000;
    if (count !== EVENTS || checksum === 0) throw new Error(`bare read saw ${count} events`);
    return count / seconds;
  } finally {
    db.close();
  }
}

async function replayRate(file: string): Promise<number> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(['--db', file, '--json', 'replay'], {
    stdout: { write: (text: string) => { stdout += text; return true; } },
    stderr: { write: (text: string) => { stderr += text; return true; } },
    stdin: new PassThrough(),
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  if (code !== 0) throw new Error(`replay exited ${code}: ${stderr}`);
  const result = JSON.parse(stdout) as { events: number; eventsPerSecond: number };
  if (result.events !== EVENTS) throw new Error(`replay saw ${result.events} events`);
  return result.eventsPerSecond;
}

/** Writes the log directly (one transaction, one prepared insert): valid events, stream versions in order. */
function writeLog(file: string): void {
  const db = openDatabase(file);
  try {
    const insert = db.prepare(
      `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES (?, ?, ?, ?, 1, ?, ?, ?)`,
    );
    const at = '2026-01-01T00:00:00.000Z';
    const metadata = JSON.stringify({ command: 'BenchSeed', correlationId: nameBasedUuid('bench'), causationId: nameBasedUuid('bench|c'), source: 'bench' });
    let eventNumber = 0;
    const eventId = () => nameBasedUuid(`bench|event|${eventNumber++}`);
    db.transaction(() => {
      const categories: string[] = [];
      for (let c = 0; c < CATEGORIES; c++) {
        const categoryId = nameBasedUuid(`bench|category|${c}`);
        categories.push(categoryId);
        insert.run(eventId(), `category-${categoryId}`, 1, 'CategoryCreated',
          JSON.stringify({ categoryId, name: `Category ${c}`, parentId: null, createdAt: at }), metadata, at);
      }
      const products: { productId: string; inventoryId: string; onHand: number; version: number }[] = [];
      for (let p = 0; p < PRODUCTS; p++) {
        const productId = nameBasedUuid(`bench|product|${p}`);
        const inventoryId = nameBasedUuid(`inventory|product|${productId}`);
        products.push({ productId, inventoryId, onHand: 0, version: 0 });
        insert.run(eventId(), `product-${productId}`, 1, 'ProductCreated', JSON.stringify({
          productId, name: `Bench product ${p}`, price: { amount: 1000 + p, currency: 'USD' },
          categoryId: categories[p % CATEGORIES], createdAt: at, sku: `BENCH-${String(p).padStart(5, '0')}`,
          description: 'A product for the replay bench', inventoryId,
        }), metadata, at);
      }
      for (let i = CATEGORIES + PRODUCTS; i < EVENTS; i++) {
        const item = products[i % PRODUCTS];
        const addedQuantity = 1 + (i % 7);
        item.onHand += addedQuantity;
        item.version++;
        insert.run(eventId(), `inventory-${item.inventoryId}`, item.version, 'InventoryRestocked', JSON.stringify({
          inventoryId: item.inventoryId, productId: item.productId, variantId: null,
          addedQuantity, newTotalQuantity: item.onHand, restockedAt: at,
        }), metadata, at);
      }
    })();
  } finally {
    db.close();
  }
}
