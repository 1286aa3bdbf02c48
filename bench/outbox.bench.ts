// README "Performance": `shopctl outbox export` of 100,000 pending messages at ≥ 100,000 messages/s,
// printed beside a bare better-sqlite3 read of the same rows with JSON.parse (same run).
// The outbox is filled directly (realistic OrderPlacedNotification payloads, ~600 bytes each);
// the export is measured in-process (the CLI's command, --out, ack included) and once as a
// spawned CLI process (wall time including Node's start).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PassThrough } from 'node:stream';
import { fileURLToPath } from 'node:url';
import { nameBasedUuid } from '../src/app/ids.js';
import { runCli } from '../src/main.js';
import { openDatabase } from '../src/store/database.js';
import type { BenchFigure } from './run.js';

const MESSAGES = 100_000;
const ROUNDS = 3;
const TARGET = 100_000;
const BIN = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../../bin/shopctl.js');

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-outbox-'));
  const db = path.join(dir, 'shop.db');
  const out = path.join(dir, 'batch.ndjson');
  try {
    fillOutbox(db);
    let bare = 0;
    let inProcess = 0;
    for (let round = 0; round < ROUNDS; round++) {
      bare = Math.max(bare, bareRead(db));
      markAllPending(db);
      inProcess = Math.max(inProcess, await exportInProcess(db, out));
    }
    let spawned = 0;
    for (let round = 0; round < ROUNDS; round++) {
      markAllPending(db);
      spawned = Math.max(spawned, exportSpawned(db, out));
    }
    const size = fs.statSync(out).size;
    const baselineName = 'bare better-sqlite3 read + JSON.parse of the same rows';
    return [
      {
        name: `outbox export --out of ${MESSAGES.toLocaleString('en-US')} messages (in-process, ack included)`,
        unit: 'messages/s', value: inProcess, baselineName, baseline: bare,
        target: `≥ ${TARGET.toLocaleString('en-US')} messages/s`, ok: inProcess >= TARGET,
        note: `best of ${ROUNDS}; ${(size / 1e6).toFixed(0)} MB of NDJSON`,
      },
      {
        name: `outbox export --out of ${MESSAGES.toLocaleString('en-US')} messages (spawned shopctl, wall time)`,
        unit: 'messages/s', value: spawned, baselineName, baseline: bare,
        target: `≥ ${TARGET.toLocaleString('en-US')} messages/s`, ok: spawned >= TARGET,
        note: `best of ${ROUNDS}; includes Node start-up, opening the database, fsync and the ack transaction`,
      },
    ];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

function fillOutbox(file: string): void {
  const db = openDatabase(file);
  try {
    const insert = db.prepare(
      'INSERT INTO outbox_messages (messageId, type, subject, data, occurredAt, sourcePosition) VALUES (?, ?, ?, ?, ?, ?)',
    );
    const pending = db.prepare('INSERT INTO outbox_pending (sequence, type) VALUES (?, ?)');
    const customerId = nameBasedUuid('bench|customer');
    const productId = nameBasedUuid('bench|product');
    db.transaction(() => {
      for (let i = 1; i <= MESSAGES; i++) {
        const orderId = nameBasedUuid(`bench|order|${i}`);
        const usd = { amount: 1999 * (1 + (i % 3)), currency: 'USD' };
        const data = {
          orderId, customerId, totalAmount: usd,
          lineItems: [{
            productId, variantId: null, inventoryId: nameBasedUuid('bench|inventory'), sku: 'SHIRT-1', name: 'Linen shirt',
            quantity: 1 + (i % 3), unitPrice: { amount: 1999, currency: 'USD' }, lineTotal: usd,
          }],
        };
        const at = new Date(Date.UTC(2026, 0, 1) + i * 1000).toISOString();
        const { lastInsertRowid } = insert.run(nameBasedUuid(`bench|message|${i}`), 'OrderPlacedNotification', orderId, JSON.stringify(data), at, i);
        pending.run(lastInsertRowid, 'OrderPlacedNotification');
      }
    })();
  } finally {
    db.close();
  }
}

function markAllPending(file: string): void {
  const db = openDatabase(file);
  try {
    db.transaction(() => {
      db.prepare('DELETE FROM outbox_deliveries').run();
      db.prepare('INSERT OR IGNORE INTO outbox_pending (sequence, type) SELECT sequence, type FROM outbox_messages').run();
    })();
  } finally {
    db.close();
  }
}

/** The rows the export reads, JSON.parse'd, nothing written. */
function bareRead(file: string): number {
  const db = openDatabase(file);
  try {
    const start = performance.now();
    let count = 0;
    let checksum = 0;
    const rows = db.prepare('SELECT sequence, messageId, type, subject, data, occurredAt FROM outbox_messages ORDER BY sequence').iterate();
    for (const row of rows as IterableIterator<{ data: string }>) {
      checksum += (JSON.parse(row.data) as { totalAmount: { amount: number } }).totalAmount.amount;
      count++;
    }
    const seconds = (performance.now() - start) / 1000;
    if (count !== MESSAGES || checksum === 0) throw new Error(`bare read saw ${count} rows`);
    return count / seconds;
  } finally {
    db.close();
  }
}

async function exportInProcess(file: string, out: string): Promise<number> {
  let stdout = '';
  let stderr = '';
  const start = performance.now();
  const code = await runCli(['--db', file, '--json', 'outbox', 'export', '--out', out], {
    stdout: { write: (text: string) => { stdout += text; return true; } },
    stderr: { write: (text: string) => { stderr += text; return true; } },
    stdin: new PassThrough(),
    env: { ...process.env, NO_COLOR: '1', CI: '1' },
  });
  const seconds = (performance.now() - start) / 1000;
  if (code !== 0) throw new Error(`outbox export exited ${code}: ${stderr}`);
  const summary = JSON.parse(stdout) as { exported: number; acknowledged: number };
  if (summary.exported !== MESSAGES || summary.acknowledged !== MESSAGES) throw new Error(`export: ${stdout}`);
  return MESSAGES / seconds;
}

function exportSpawned(file: string, out: string): number {
  const start = performance.now();
  const result = spawnSync(process.execPath, [BIN, '--db', file, '--json', 'outbox', 'export', '--out', out], {
    env: { ...process.env, NO_COLOR: '1', CI: '1' }, encoding: 'utf8',
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`shopctl outbox export exited ${result.status}: ${result.stderr}`);
  const summary = JSON.parse(result.stdout) as { exported: number };
  if (summary.exported !== MESSAGES) throw new Error(`export: ${result.stdout}`);
  return MESSAGES / seconds;
}
