// Two exports on one shop must not overlap (the outbox lease), and a message is marked only if
// the file holding it is the one left in place. Reproduces the loss reported in issue 16: the
// second export marked its messages, then the first renamed its file over the second's.
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ExportFailedError, exportOutbox, type ExportSink } from '../../src/app/outbox.js';
import { fileSink } from '../../src/app/output/index.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { SHOPCTL, shopctl, tempDb } from '../helpers/cli.js';
import { copyDatabase } from '../helpers/store.js';
import { runShopctl } from './receiver.js';
import { deliveredIds, parseLines, produceAllTypes, produceManyMessages } from './setup.js';

let template: string;
beforeAll(() => {
  template = tempDb().db;
  const scenario = produceAllTypes(template); // includes one OutOfStockAlert
  produceManyMessages(template, 3000, { productId: scenario.productId, inventoryId: scenario.inventoryId, name: scenario.productName });
});
function copy(): { db: string; dir: string } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-'));
  const db = copyDatabase(template, path.join(dir, 'shop.db'));
  if (fs.existsSync(`${template}-wal`)) fs.copyFileSync(`${template}-wal`, `${db}-wal`);
  return { db, dir };
}


function idsInFile(file: string): Set<string> {
  return new Set(parseLines(fs.readFileSync(file, 'utf8')).map((line) => line.id));
}

describe('exports never overlap', () => {
  it('the issue\'s race: while one export writes batch.ndjson, a second one is refused (exit 5) and marks nothing; every marked message is in the file left', async () => {
    const { db, dir } = copy();
    const out = path.join(dir, 'batch.ndjson');
    const app = new ShopApp({ dbPath: db });
    // The first export (--limit 2000), held mid-write.
    let release!: () => void;
    const gate = new Promise<void>((resolve) => (release = resolve));
    let entered!: () => void;
    const writing = new Promise<void>((resolve) => (entered = resolve));
    const file = fileSink(out);
    const slow: ExportSink = {
      ...file,
      async write(chunk) {
        entered();
        await gate;
        return file.write(chunk);
      },
    };
    const first = exportOutbox(app, { limit: 2000, ack: true }, slow);
    await writing;

    const second = await runShopctl(['--db', db, '--json', 'outbox', 'export', '--type', 'OutOfStockAlert', '--out', out]);
    expect(second.code, second.stderr).toBe(5);
    const error = JSON.parse(second.stderr).error;
    expect(error.code).toBe('OUTBOX_BUSY');
    expect(error.message).toMatch(/^the outbox is being exported by another shopctl \(outbox export, pid \d+/);
    expect(fs.existsSync(out)).toBe(false);
    expect(deliveredIds(db).size).toBe(0);

    release();
    const summary = await first;
    app.close();
    expect(summary.acknowledged).toBe(2000);
    expect(deliveredIds(db)).toEqual(idsInFile(out));

    // Once the first has finished, the second runs normally.
    const rest = path.join(dir, 'rest.ndjson');
    const again = await runShopctl(['--db', db, '--json', 'outbox', 'export', '--out', rest]);
    expect(again.code, again.stderr).toBe(0);
    expect(idsInFile(rest).size).toBe(3008 - 2000);
    expect(deliveredIds(db)).toEqual(new Set([...idsInFile(out), ...idsInFile(rest)]));
  });

  it('two export processes at once: one is refused with OUTBOX_BUSY, and nothing marked is missing from the files', async () => {
    const { db, dir } = copy();
    // The first writes to a pipe nobody reads: it holds the outbox until it is killed.
    const child = spawn(process.execPath, [SHOPCTL, '--db', db, 'outbox', 'export'], { env: { ...process.env, CI: '1' }, stdio: ['ignore', 'pipe', 'ignore'] });
    await new Promise<void>((resolve) => child.stdout.once('data', () => {
      child.stdout.pause();
      resolve();
    }));
    const out = path.join(dir, 'batch.ndjson');
    const second = shopctl(['--db', db, '--json', 'outbox', 'export', '--out', out]);
    expect(second.code, second.stderr).toBe(5);
    expect(JSON.parse(second.stderr).error.code).toBe('OUTBOX_BUSY');
    expect(fs.existsSync(out)).toBe(false);
    child.kill('SIGKILL');
    await new Promise((resolve) => child.on('close', resolve));
    // The killed holder's lease does not block the next export.
    const third = shopctl(['--db', db, '--json', 'outbox', 'export', '--out', out]);
    expect(third.code, third.stderr).toBe(0);
    expect(deliveredIds(db)).toEqual(idsInFile(out));
  });

  it('marks nothing when the file was replaced between its rename and the mark', async () => {
    const { db, dir } = copy();
    const out = path.join(dir, 'batch.ndjson');
    const app = new ShopApp({ dbPath: db });
    const file = fileSink(out);
    const replaced: ExportSink = {
      ...file,
      async finish() {
        await file.finish();
        // Someone else's file lands on the same name (another tool, a copy job).
        fs.writeFileSync(`${out}.other`, 'not our export\n');
        fs.renameSync(`${out}.other`, out);
      },
    };
    const failure = await exportOutbox(app, { ack: true }, replaced).catch((error: unknown) => error);
    app.close();
    expect(failure).toBeInstanceOf(ExportFailedError);
    expect((failure as Error).message).toMatch(/replaced by someone else before its messages could be marked/);
    expect(deliveredIds(db).size).toBe(0);
  });

  it('an export with --no-ack marks nothing and so needs no lease', async () => {
    const { db, dir } = copy();
    const app = new ShopApp({ dbPath: db });
    const { OutboxLease } = await import('../../src/app/outboxLease.js');
    const held = new OutboxLease(app, 'deliver');
    await held.take(0);
    const peek = await runShopctl(['--db', db, 'outbox', 'export', '--no-ack', '--limit', '2', '--out', path.join(dir, 'peek.ndjson')]);
    expect(peek.code, peek.stderr).toBe(0);
    const marking = await runShopctl(['--db', db, 'outbox', 'export', '--limit', '2', '--out', path.join(dir, 'x.ndjson')]);
    expect(marking.code).toBe(5);
    expect(marking.stderr).toMatch(/the outbox is being delivered by another shopctl .*\[OUTBOX_BUSY\]/);
    // outbox status shows who holds it while it is held, and nothing once released.
    const status = await runShopctl(['--db', db, '--json', 'outbox', 'status']);
    expect(JSON.parse(status.stdout).lease).toMatchObject({ purpose: 'deliver', pid: process.pid });
    expect((await runShopctl(['--db', db, 'outbox', 'status'])).stdout).toMatch(new RegExp(`Being delivered by pid ${process.pid} on .+ since .+\\.`));
    held.release();
    expect(JSON.parse((await runShopctl(['--db', db, '--json', 'outbox', 'status'])).stdout).lease).toBeNull();
    app.close();
  });
});
