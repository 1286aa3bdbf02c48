// README "Performance": import figures, each beside its baseline from the same run:
//   `import restock`, 200,000 rows (spawned CLI, wall time) ≥ 0.5× a bare better-sqlite3 loop
//     inserting 200,000 event rows (same table, indexes and pragmas) in one transaction — the
//     loop keeps the connection's 16 MB page cache; the import's bulk transaction has 32 MB
//     (BULK_PAGE_CACHE_KIB, docs/import.md "Performance");
//   `import restock`, 1,000,000 rows: peak RSS of the importing process under 150 MB, and its
//     wall time at most 5.5× the 200,000-row time (cost grows linearly with the file).
// The store holds 10,000 products, loaded by `import products` itself.
import { spawnSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { importProducts } from '../src/app/import/index.js';
import { ShopApp } from '../src/app/shopApp.js';
import { openDatabase } from '../src/store/database.js';
import type { BenchFigure } from './run.js';

const PRODUCTS = 10_000;
const ROWS = 200_000;
const BIG_ROWS = 1_000_000;
const RSS_LIMIT_MB = 150;
const MAX_TIME_RATIO = 5.5;
const ROUNDS = 3;
const BIG_ROUNDS = 2;
const here = path.dirname(fileURLToPath(import.meta.url));
const SHOPCTL = path.resolve(here, '../../bin/shopctl.js');
// Prints the child's peak RSS on stderr as it exits (Node's own accounting, like /usr/bin/time).
const RSS_PROBE = "data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSSkB='+process.resourceUsage().maxRSS+'\\n'))";

const sku = (i: number) => `BENCH-${String(i % PRODUCTS).padStart(5, '0')}`;

async function buildStore(db: string, dir: string): Promise<void> {
  const feed = path.join(dir, 'products.csv');
  const lines = ['sku,name,price,category,stock'];
  for (let i = 0; i < PRODUCTS; i++) lines.push(`${sku(i)},Bench product ${i},${10 + (i % 90)}.99,Bench > Items,10`);
  fs.writeFileSync(feed, lines.join('\n') + '\n');
  const app = new ShopApp({ dbPath: db });
  try {
    await importProducts(app, { file: feed, stdin: Readable.from([]), createCategories: true });
  } finally {
    app.close();
  }
}

function writeRestockFile(file: string, rows: number): void {
  const fd = fs.openSync(file, 'w');
  let chunk = 'sku,quantity\n';
  for (let i = 0; i < rows; i++) {
    chunk += `${sku(i * 7919)},${1 + (i % 50)}\n`;
    if (chunk.length > 1 << 20) {
      fs.writeSync(fd, chunk);
      chunk = '';
    }
  }
  fs.writeSync(fd, chunk);
  fs.closeSync(fd);
}

/** Bare better-sqlite3: the same number of event rows into the real events table, one transaction. */
function bareInsertRate(dir: string, rows: number): number {
  const file = path.join(dir, 'bare.db');
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase(file);
  try {
    const insert = db.prepare(
      `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
    );
    const streams = Array.from({ length: PRODUCTS }, () => `inventory-${randomUUID()}`);
    const now = new Date().toISOString();
    const metadata = JSON.stringify({ command: 'RestockInventory', correlationId: randomUUID(), causationId: randomUUID(), source: 'bench' });
    const start = performance.now();
    db.transaction(() => {
      for (let i = 0; i < rows; i++) {
        const data = { inventoryId: streams[i % PRODUCTS], productId: randomUUID(), variantId: null, addedQuantity: 5, newTotalQuantity: i, restockedAt: now };
        insert.run(randomUUID(), streams[i % PRODUCTS], Math.floor(i / PRODUCTS) + 1, 'InventoryRestocked', 1, JSON.stringify(data), metadata, now);
      }
    }).immediate();
    return rows / ((performance.now() - start) / 1000);
  } finally {
    db.close();
  }
}

function runImport(db: string, file: string): { seconds: number; maxRssMb: number; report: { rowsApplied: number; rowsPerSecond: number } } {
  const start = performance.now();
  const result = spawnSync(process.execPath, ['--import', RSS_PROBE, SHOPCTL, '--db', db, '--json', 'import', 'restock', file], {
    encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`import restock exited ${result.status}: ${result.stderr}`);
  const rss = /maxRSSkB=(\d+)/.exec(result.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, report: JSON.parse(result.stdout) };
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-import-'));
  try {
    const db = path.join(dir, 'shop.db');
    await buildStore(db, dir);
    const restock = path.join(dir, 'restock-200k.csv');
    writeRestockFile(restock, ROWS);
    const big = path.join(dir, 'restock-1m.csv');
    writeRestockFile(big, BIG_ROWS);

    // The machine may be shared: baseline and import alternate, and each keeps its best of ROUNDS.
    let baseline = 0;
    let best: ReturnType<typeof runImport> | undefined;
    for (let round = 0; round < ROUNDS; round++) {
      baseline = Math.max(baseline, bareInsertRate(dir, ROWS));
      const copy = path.join(dir, `round-${round}.db`);
      fs.copyFileSync(db, copy); // the same store each round (a repeated restock file would be refused)
      const imported = runImport(copy, restock);
      if (imported.report.rowsApplied !== ROWS) throw new Error(`expected ${ROWS} rows applied, got ${imported.report.rowsApplied}`);
      if (!best || imported.seconds < best.seconds) best = imported;
    }
    const imported = best!;
    const rate = ROWS / imported.seconds;

    // The same statistic on both sides: best of BIG_ROUNDS runs, each on a fresh copy of the store.
    let bestHuge: ReturnType<typeof runImport> | undefined;
    for (let round = 0; round < BIG_ROUNDS; round++) {
      const copy = path.join(dir, `big-${round}.db`);
      fs.copyFileSync(db, copy);
      const run = runImport(copy, big);
      if (run.report.rowsApplied !== BIG_ROWS) throw new Error(`expected ${BIG_ROWS} rows applied, got ${run.report.rowsApplied}`);
      // The peak RSS reported is the highest of all runs, whichever was fastest.
      const peak = Math.max(run.maxRssMb, bestHuge?.maxRssMb ?? 0);
      bestHuge = !bestHuge || run.seconds < bestHuge.seconds ? { ...run, maxRssMb: peak } : { ...bestHuge, maxRssMb: peak };
      fs.rmSync(copy, { force: true });
      for (const suffix of ['-wal', '-shm']) fs.rmSync(copy + suffix, { force: true });
    }
    const huge = bestHuge!;

    return [
      {
        name: `import restock ${ROWS.toLocaleString('en-US')} rows (spawned CLI, wall time)`,
        unit: 'rows/s', value: rate,
        baselineName: `bare insert of ${ROWS.toLocaleString('en-US')} event rows`, baseline,
        target: '≥ 0.5× baseline', ok: rate >= 0.5 * baseline,
        note: `best of ${ROUNDS}; rate the import itself reports ${Math.round(imported.report.rowsPerSecond).toLocaleString('en-US')} rows/s; peak RSS ${imported.maxRssMb.toFixed(0)} MB`,
      },
      {
        name: `import restock ${BIG_ROWS.toLocaleString('en-US')} rows, wall time`, unit: 's', value: huge.seconds,
        baselineName: `${ROWS.toLocaleString('en-US')} rows`, baseline: imported.seconds,
        target: `≤ ${MAX_TIME_RATIO}× baseline (${BIG_ROWS / ROWS}× the rows)`, ok: huge.seconds <= MAX_TIME_RATIO * imported.seconds,
        note: `200,000 rows: best of ${ROUNDS}; 1,000,000 rows: best of ${BIG_ROUNDS}`,
      },
      {
        name: `import restock ${BIG_ROWS.toLocaleString('en-US')} rows, peak RSS`,
        unit: 'MB', value: huge.maxRssMb,
        baselineName: 'limit', baseline: RSS_LIMIT_MB,
        target: `< ${RSS_LIMIT_MB} MB`, ok: huge.maxRssMb < RSS_LIMIT_MB,
        note: `${Math.round(BIG_ROWS / huge.seconds).toLocaleString('en-US')} rows/s wall, ${huge.seconds.toFixed(1)} s`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
