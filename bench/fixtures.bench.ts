// README "Performance": in-process command throughput: `fixtures apply` of 4,000 restocks on one SKU (run
// in-process through runCli, as CI runs it) against a bare better-sqlite3 loop of single-event
// transactions with synchronous=FULL (one fsync per command, what a merchant's command pays):
//   ≥ 1,000 commands/s, ≥ 0.25× the bare loop, and the 4,000-step rate ≥ 0.9× the 1,000-step rate.
// A fixture run fsyncs once at its end, not per step (docs/reliability.md, "Durability
// setting"): the note prints the same bare loop with synchronous=NORMAL for that comparison.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { runCli } from '../src/main.js';
import { openDatabase } from '../src/store/database.js';
import type { BenchFigure } from './run.js';

const SMALL = 1_000;
const LARGE = 4_000;
const BARE_TRANSACTIONS = 1_000;
const ROUNDS = 2;

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-fixtures-'));
  try {
    const small = writeFixture(dir, SMALL);
    const large = writeFixture(dir, LARGE);
    let bareFull = 0;
    let bareNormal = 0;
    let smallRate = 0;
    let largeRate = 0;
    // Alternating rounds, best of each: machine noise hits all alike.
    for (let round = 0; round < ROUNDS; round++) {
      bareFull = Math.max(bareFull, bareLoop(dir, 'FULL'));
      bareNormal = Math.max(bareNormal, bareLoop(dir, 'NORMAL'));
      smallRate = Math.max(smallRate, await applyRate(dir, small, SMALL));
      largeRate = Math.max(largeRate, await applyRate(dir, large, LARGE));
    }
    const note = `best of ${ROUNDS}; one fsync per run (bare loop with synchronous=NORMAL: ${Math.round(bareNormal).toLocaleString('en-US')} tx/s)`;
    return [
      {
        name: `fixtures apply, ${LARGE.toLocaleString('en-US')} restocks on one SKU (in-process)`, unit: 'commands/s', value: largeRate,
        baselineName: 'bare single-event transactions, synchronous=FULL', baseline: bareFull,
        target: '≥ 1,000/s and ≥ 0.25× baseline', ok: largeRate >= 1000 && largeRate >= 0.25 * bareFull, note,
      },
      {
        name: `fixtures apply, ${LARGE.toLocaleString('en-US')} steps vs ${SMALL.toLocaleString('en-US')} steps`, unit: 'commands/s', value: largeRate,
        baselineName: `${SMALL.toLocaleString('en-US')} steps`, baseline: smallRate,
        target: '≥ 0.9× baseline', ok: largeRate >= 0.9 * smallRate,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** A category, a product (SKU C-1) and `restocks` restock steps of it. */
export function writeFixture(dir: string, restocks: number): string {
  const steps: unknown[] = [
    { name: 'bench', command: 'category create', args: { name: 'Bench' } },
    { name: 'item', command: 'product create', args: { name: 'Bench item', price: '1.00', category: 'Bench', sku: 'C-1' } },
  ];
  for (let i = 0; i < restocks; i++) steps.push({ command: 'inventory restock', args: { 'product-or-sku': 'C-1', quantity: 1 + (i % 5) } });
  const file = path.join(dir, `restocks-${restocks}.json`);
  fs.writeFileSync(file, JSON.stringify({ steps }));
  return file;
}

/** Steps per second of one `fixtures apply` on a new database (the two set-up steps included). */
async function applyRate(dir: string, fixture: string, restocks: number): Promise<number> {
  const db = path.join(dir, `apply-${restocks}-${randomUUID()}.db`);
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  const code = await runCli(['--db', db, '--json', 'fixtures', 'apply', fixture], {
    stdout: { write: (text: string) => ((stdout += text), true) },
    stderr: { write: (text: string) => ((stderr += text), true) },
    stdin: new PassThrough(),
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`fixtures apply exited ${code}: ${stderr}`);
  const report = JSON.parse(stdout) as { stepsRun: number; summary: { events: number } };
  if (report.stepsRun !== restocks + 2) throw new Error(`fixtures apply ran ${report.stepsRun} steps`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(db + suffix, { force: true });
  return report.stepsRun / seconds;
}

/** Single-event transactions into the real events table, one per command, at the given synchronous level. */
function bareLoop(dir: string, synchronous: 'FULL' | 'NORMAL'): number {
  const file = path.join(dir, `bare-${synchronous}.db`);
  for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  const db = openDatabase(file);
  try {
    db.pragma(`synchronous = ${synchronous}`);
    const insert = db.prepare(
      `INSERT INTO events (eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
       VALUES (?, ?, ?, 'InventoryRestocked', 1, ?, ?, ?)`,
    );
    const streamId = `inventory-${randomUUID()}`;
    const metadata = JSON.stringify({ command: 'RestockInventory', correlationId: randomUUID(), causationId: randomUUID(), source: 'bench' });
    const append = db.transaction((version: number) => {
      const now = new Date().toISOString();
      insert.run(randomUUID(), streamId, version, JSON.stringify({ addedQuantity: 1, newTotalQuantity: version, restockedAt: now }), metadata, now);
    });
    const start = performance.now();
    for (let version = 1; version <= BARE_TRANSACTIONS; version++) append.immediate(version);
    return BARE_TRANSACTIONS / ((performance.now() - start) / 1000);
  } finally {
    db.close();
    for (const suffix of ['', '-wal', '-shm']) fs.rmSync(file + suffix, { force: true });
  }
}
