// README "Performance": start-up latency: one CLI command on a store of 10,000 products, measured against
// `node -e ''` started the same way (spawnSync of the same node binary), median of several runs.
//   `inventory restock <sku> 5`  → under 2× the baseline
//   `product list --json`        → under 3× the baseline
// and README "Performance", "a command's cost does not grow with history": `inventory restock` on an item
// whose stream holds 1,000,000 events (written through the app layer, like an import) at most
// 1.3× the same command on an item whose stream holds one event, in the same store.
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { restockItem } from '../src/app/inventory.js';
import { derivedId, ShopApp } from '../src/app/shopApp.js';
import { categoryDecider } from '../src/domain/category.js';
import { streamIdOf } from '../src/domain/events.js';
import { productDecider } from '../src/domain/product.js';
import type { BenchFigure } from './run.js';

const PRODUCTS = 10_000;
const DEEP_EVENTS = 1_000_000;
const RUNS = 11;
const here = path.dirname(fileURLToPath(import.meta.url));
const SHOPCTL = path.resolve(here, '../../bin/shopctl.js');

/** Builds the store through the app layer, in one transaction (events, projections, outbox). */
export function buildStore(db: string): void {
  const app = new ShopApp({ dbPath: db, fixedNow: '2026-01-01T00:00:00Z', source: 'bench' });
  try {
    app.execute('BenchSeed', (uow, info) => {
      const categoryId = uow.newId();
      const category = streamIdOf.category(categoryId);
      uow.append(category, 0, categoryDecider.decide({
        type: 'CreateCategory',
        data: { categoryId, name: 'Bench', parentRef: null, parent: null, nameTakenBy: null, now: uow.now },
      }, categoryDecider.initialState), info);
      for (let i = 0; i < PRODUCTS; i++) {
        const productId = uow.newId();
        const inventoryId = derivedId.inventoryOfProduct(productId);
        const sku = `BENCH-${String(i).padStart(5, '0')}`;
        const events = productDecider.decide({
          type: 'CreateProduct',
          data: {
            productId, inventoryId, name: `Bench product ${i}`, description: 'A product for the latency bench',
            price: { amount: 1000 + i, currency: 'USD' }, categoryRef: 'Bench', categoryId, sku, skuTakenBy: null,
            initialStock: 10, now: uow.now,
          },
        }, productDecider.initialState);
        uow.append(streamIdOf.product(productId), 0, events, info);
        restockItem(uow, info, { inventoryId, productId, variantId: null }, 10);
      }
    });
  } finally {
    app.close();
  }
}

/** One more product, DEEP-1, whose inventory stream gets DEEP_EVENTS restocks in one transaction (as an import writes them). */
export function buildDeepStream(db: string): void {
  const app = new ShopApp({ dbPath: db, fixedNow: '2026-01-02T00:00:00Z', source: 'bench' });
  try {
    const categoryId = app.store.catalogue.findCategory('Bench')!.id;
    const productId = '00000000-0000-4000-8000-00000000dee9';
    const inventoryId = derivedId.inventoryOfProduct(productId);
    app.execute('BenchSeed', (uow, info) => {
      const events = productDecider.decide({
        type: 'CreateProduct',
        data: {
          productId, inventoryId, name: 'Deep product', description: 'A product with a long history',
          price: { amount: 500, currency: 'USD' }, categoryRef: 'Bench', categoryId, sku: 'DEEP-1', skuTakenBy: null,
          initialStock: 0, now: uow.now,
        },
      }, productDecider.initialState);
      uow.append(streamIdOf.product(productId), 0, events, info);
    });
    app.execute('BenchSeed', (uow, info) => {
      const item = { inventoryId, productId, variantId: null };
      for (let i = 0; i < DEEP_EVENTS; i++) restockItem(uow, info, item, 1);
    }, { readModels: 'cached', retainEvents: false });
  } finally {
    app.close();
  }
}

function wallMs(args: string[], env: NodeJS.ProcessEnv): number {
  const start = process.hrtime.bigint();
  const result = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  const ms = Number(process.hrtime.bigint() - start) / 1e6;
  if (result.status !== 0) throw new Error(`${args.join(' ')} exited ${result.status}: ${result.stderr}`);
  return ms;
}

function median(values: number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-cli-'));
  const db = path.join(dir, 'shop.db');
  const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1', CI: '1' };
  delete env.SHOPCTL_NOW;
  try {
    const seedStart = Date.now();
    buildStore(db);
    const seedSeconds = (Date.now() - seedStart) / 1000;
    const deepStart = Date.now();
    buildDeepStream(db);
    const deepSeconds = (Date.now() - deepStart) / 1000;

    const baseline = ['-e', ''];
    const restock = [SHOPCTL, '--db', db, 'inventory', 'restock', 'BENCH-05000', '5'];
    const deep = [SHOPCTL, '--db', db, 'inventory', 'restock', 'DEEP-1', '5'];
    const list = [SHOPCTL, '--db', db, '--json', 'product', 'list'];
    const listed = JSON.parse(spawnSync(process.execPath, list, { env, encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 }).stdout) as unknown[];
    if (listed.length !== PRODUCTS + 1) throw new Error(`product list returned ${listed.length} products, expected ${PRODUCTS + 1}`);

    // Warm the file cache once, then interleave so that machine noise hits all three alike.
    wallMs(baseline, env);
    wallMs(restock, env);
    wallMs(deep, env);
    const times = { baseline: [] as number[], restock: [] as number[], list: [] as number[], deep: [] as number[] };
    for (let i = 0; i < RUNS; i++) {
      times.baseline.push(wallMs(baseline, env));
      times.restock.push(wallMs(restock, env));
      times.deep.push(wallMs(deep, env));
      times.list.push(wallMs(list, env));
    }
    const base = median(times.baseline);
    const restockMs = median(times.restock);
    const deepMs = median(times.deep);
    const listMs = median(times.list);
    const note = `${PRODUCTS} products, median of ${RUNS} runs (store built in ${seedSeconds.toFixed(1)} s)`;
    return [
      {
        name: `cli: inventory restock on a stream of ${DEEP_EVENTS.toLocaleString('en-US')} events`, unit: 'ms', value: deepMs,
        baselineName: 'the same on a 1-event stream', baseline: restockMs, target: '≤ 1.3× baseline', ok: deepMs <= 1.3 * restockMs,
        note: `median of ${RUNS} runs; the ${DEEP_EVENTS.toLocaleString('en-US')} events written in ${deepSeconds.toFixed(1)} s, one transaction through the app layer`,
      },
      {
        name: 'cli: inventory restock <sku> 5', unit: 'ms', value: restockMs,
        baselineName: "node -e ''", baseline: base, target: '< 2× baseline', ok: restockMs < 2 * base, note,
      },
      {
        name: 'cli: product list --json', unit: 'ms', value: listMs,
        baselineName: "node -e ''", baseline: base, target: '< 3× baseline', ok: listMs < 3 * base, note,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
