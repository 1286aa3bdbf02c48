// shopctl db copy between a SQLite file and PostgreSQL: a round trip file → PostgreSQL → file
// keeps the log and every read model; a non-empty target, a missing source and a failed copy
// leave the target as it was; progress only on a terminal.
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { shopctl, tempDb } from '../helpers/cli.js';
import { runIn } from '../helpers/shop.js';
import { shopctlInTerminal, stripAnsi } from '../terminal/pty.js';
import { expectJsonError, freshDatabase, json, rawEvents, run, sql } from './support.js';

const ROOT = path.resolve(__dirname, '../..');
const NOW = { SHOPCTL_NOW: '2026-03-01T09:00:00Z' };
const READS = [
  ['events', 'list', '--all'], ['product', 'list', '--all'], ['order', 'list'], ['customer', 'list'],
  ['inventory', 'list'], ['outbox', 'status'], ['import', 'history'],
];

/** What every read shows, in-process: comparing reads needs no process (seven spawns a call). */
async function reads(db: string): Promise<Record<string, string>> {
  const shown: Record<string, string> = {};
  for (const args of READS) {
    const result = await runIn(db, ['--json', ...args], { env: NOW }); // outbox status shows ages
    expect(result.code, result.stderr).toBe(0);
    shown[args.join(' ')] = result.stdout;
  }
  return shown;
}

function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

describe('shopctl db copy', () => {
  let dir: string;
  let source: string;
  let pgCopy: string;
  beforeAll(async () => {
    ({ dir, db: source } = tempDb());
    // The source shop is built in-process: only the copies are run as processes.
    const demo = await runIn(source, ['fixtures', 'apply', path.join(ROOT, 'fixtures', 'demo-shop.json')], { env: NOW });
    expect(demo.code, demo.stderr).toBe(0);
    // Delivered outbox messages, a second restock import recorded at the same moment, and a
    // customer registered after the export (a pending message, credentials).
    expect((await runIn(source, ['outbox', 'export', '--out', path.join(dir, 'out.ndjson')], { env: NOW })).code).toBe(0);
    const restock = path.join(dir, 'restock.csv');
    fs.writeFileSync(restock, 'sku,quantity\nMUG-1,3\nCAP-1,2\n');
    expect((await runIn(source, ['import', 'restock', restock], { env: NOW })).code).toBe(0);
    const registered = await runIn(source, ['customer', 'register', '--email', 'copy@example.com', '--name', 'Copy Cat', '--password-stdin'], { env: NOW, input: 'correct horse battery\n' });
    expect(registered.code, registered.stderr).toBe(0);
    pgCopy = await freshDatabase();
  });

  it('file → PostgreSQL → file: the same log, read models, outbox state, import history and credentials; --json shape', async () => {
    const before = await reads(source);
    const there = run(pgCopy, ['--json', 'db', 'copy', '--from', source, '--to', pgCopy]);
    expect(there.code, there.stderr).toBe(0);
    expect(there.stderr).toBe('');
    const result = JSON.parse(there.stdout);
    expect(Object.keys(result).sort()).toEqual(['events', 'from', 'ok', 'rowsCompared', 'seconds', 'tables', 'to']);
    expect(result).toMatchObject({ ok: true, from: source, events: (await rawEvents(pgCopy)).length });
    expect(result.to).toContain(':***@');
    expect(there.stdout).not.toContain(new URL(pgCopy).password);
    expect(result.tables.map((t: { table: string }) => t.table)).toEqual([
      'events', 'outbox_messages', 'outbox_pending', 'outbox_deliveries', 'outbox_attempts', 'imports', 'credentials', 'verification_tokens', 'settings',
    ]);
    const rows = Object.fromEntries(result.tables.map((t: { table: string; rows: number }) => [t.table, t.rows]));
    expect(rows.outbox_deliveries).toBeGreaterThan(0);
    expect(rows.outbox_pending).toBeGreaterThan(0);
    expect(rows.imports).toBe(3);
    expect(rows.credentials).toBeGreaterThan(0);
    expect(result.rowsCompared).toBeGreaterThan(0);
    expect(await reads(pgCopy)).toEqual(before);

    const back = path.join(dir, 'back.db');
    const returned = run(source, ['--json', 'db', 'copy', '--from', pgCopy, '--to', back]);
    expect(returned.code, returned.stderr).toBe(0);
    expect(await reads(back)).toEqual(before);
    // Every copied table (credentials, tokens, settings, delivery state) hashes the same both ways.
    expect(JSON.parse(returned.stdout).tables).toEqual(result.tables);
    // The copies are shops in their own right: a write on each gets the next position.
    const next = json(back, ['inventory', 'restock', 'MUG-1', '1']).events[0].position;
    expect(json(pgCopy, ['inventory', 'restock', 'MUG-1', '1']).events[0].position).toBe(next);
    expect(next).toBe(result.events + 1);
  });

  it('refuses a non-empty target (TARGET_NOT_EMPTY, exit 2) and leaves it untouched', async () => {
    const target = await freshDatabase();
    expect(run(target, ['category', 'create', 'Existing']).code).toBe(0);
    const events = await rawEvents(target);
    const error = expectJsonError(run(source, ['--json', 'db', 'copy', '--from', source, '--to', target]), 2, 'TARGET_NOT_EMPTY');
    expect(error.details.tables).toContain('events');
    expect(await rawEvents(target)).toEqual(events);
    expect(await sql(target, 'SELECT count(*)::int AS n FROM categories')).toEqual([{ n: 1 }]);

    const file = tempDb().db;
    expect(shopctl(['--db', file, 'category', 'create', 'Existing']).code).toBe(0);
    const hash = sha256(file);
    expectJsonError(run(source, ['--json', 'db', 'copy', '--from', target, '--to', file]), 2, 'TARGET_NOT_EMPTY');
    expect(sha256(file)).toBe(hash);
  });

  it('a missing source is NO_DATABASE and creates neither the source nor the target', async () => {
    const { dir: empty } = tempDb();
    const missing = path.join(empty, 'missing.db');
    const target = path.join(empty, 'target.db');
    expectJsonError(shopctl(['--json', 'db', 'copy', '--from', missing, '--to', target]), 2, 'NO_DATABASE');
    expect(fs.readdirSync(empty)).toEqual([]);
    const noShop = await freshDatabase();
    expectJsonError(shopctl(['--json', 'db', 'copy', '--from', noShop, '--to', target]), 2, 'NO_DATABASE');
    expect(fs.readdirSync(empty)).toEqual([]);
    expect(await sql(noShop, `SELECT tablename FROM pg_tables WHERE schemaname = 'public'`)).toEqual([]);
  });

  it('a copy that fails leaves no new file behind, and no half-copied shop in PostgreSQL', async () => {
    // A source whose log cannot be projected: an operator disabled the triggers and edited an event.
    const tampered = await freshDatabase();
    expect(run(source, ['db', 'copy', '--from', source, '--to', tampered]).code).toBe(0);
    await sql(tampered, 'ALTER TABLE events DISABLE TRIGGER USER');
    await sql(tampered, `UPDATE events SET data = regexp_replace(data, '"deductedQuantity":[0-9]+', '"deductedQuantity":100000')
      WHERE position = (SELECT min(position) FROM events WHERE type = 'InventoryDeducted')`);

    const { dir: empty } = tempDb();
    const file = path.join(empty, 'copy.db');
    const toFile = shopctl(['--json', 'db', 'copy', '--from', tampered, '--to', file]);
    expect(toFile.code, toFile.stderr).not.toBe(0);
    expect(JSON.parse(toFile.stderr).error.code).toBe('DATABASE_CORRUPT');
    expect(fs.readdirSync(empty)).toEqual([]);

    const target = await freshDatabase();
    const toPg = shopctl(['--json', 'db', 'copy', '--from', tampered, '--to', target]);
    expect(JSON.parse(toPg.stderr).error.code).toBe('DATABASE_CORRUPT');
    expect(await sql(target, 'SELECT count(*)::int AS n FROM events')).toEqual([{ n: 0 }]);
    // Still a target a good copy may fill.
    expect(run(source, ['db', 'copy', '--from', source, '--to', target]).code).toBe(0);
  });

  it('progress only on a terminal', async () => {
    const piped = shopctl(['db', 'copy', '--from', source, '--to', tempDb().db]);
    expect(piped.code, piped.stderr).toBe(0);
    expect(piped.stderr).toBe('');
    expect(piped.stdout).not.toContain('copying');

    const terminal = shopctlInTerminal(['db', 'copy', '--from', source, '--to', await freshDatabase()]);
    const exited = await terminal.exited;
    expect(exited.exitCode, stripAnsi(terminal.output())).toBe(0);
    expect(terminal.output()).toMatch(/copying events: [\d,]+ \/ [\d,]+/);
    expect(stripAnsi(terminal.output())).toContain('verified');
  });
});
