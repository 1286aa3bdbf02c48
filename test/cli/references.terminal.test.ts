// References a person can type, and the safe defaults of a terminal (in-process, fake TTYs).
import { PassThrough } from 'node:stream';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';
import { tempDb } from '../helpers/cli.js';
import { shopExists } from '../helpers/store.js';
import { shownLocation } from '../../src/store/open.js';
import { cli, cliJson, smallShop } from '../helpers/inProcess.js';

const ADDRESS = ['--payment', 'pm_card_visa', '--name', 'Ada', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];

async function onTerminal(argv: string[], tty = true): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => ({ isTTY: tty, columns: 100, write: (t: string) => (append(t), true) });
  const io: CliIO = {
    stdin: Object.assign(new PassThrough(), { isTTY: tty }), stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1', TERM: 'xterm' },
  };
  const code = await runCli(argv, io);
  return { code, out, err };
}

async function twoOrders(): Promise<{ db: string; ids: string[] }> {
  const { db } = tempDb();
  await smallShop(db);
  const ids: string[] = [];
  for (let i = 0; i < 2; i++) {
    await cliJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    ids.push((await cliJson(db, ['order', 'place', 'ada@example.com', ...ADDRESS])).id);
  }
  return { db, ids };
}

describe('order numbers and id prefixes', () => {
  it('orders are numbered #1001 upwards in OrderPlaced and the order JSON; number, #number, id and prefix all work', async () => {
    const { db, ids } = await twoOrders();
    const events = (await cli(['--db', db, '--json', 'events', 'list', '--type', 'OrderPlaced'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    expect(events.map((e) => e.data.number)).toEqual([1001, 1002]);
    for (const ref of ['1002', '#1002', ids[1], ids[1].slice(0, 8), ids[1].slice(0, 6).toUpperCase()]) {
      expect((await cliJson(db, ['order', 'show', ref]))).toMatchObject({ id: ids[1], number: 1002 });
    }
    expect((await cliJson(db, ['order', 'list'])).map((o: { number: number }) => o.number)).toEqual([1001, 1002]);
    expect((await cli(['--db', db, 'order', 'show', '1003'])).code).toBe(4);
    // Replay reproduces the numbers from the log.
    expect((await cli(['--db', db, 'replay'])).code).toBe(0);
    expect((await cli(['--db', db, 'replay', '--verify'])).code).toBe(0);
    expect((await cliJson(db, ['order', 'show', '#1001'])).id).toBe(ids[0]);
    // The next order follows on after a replay.
    (await cliJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']));
    expect((await cliJson(db, ['order', 'place', 'ada@example.com', ...ADDRESS])).number).toBe(1003);
  });

  it('an ambiguous prefix is exit 2 listing the matches; a short one is not a prefix; an exact SKU wins', async () => {
    const { db } = tempDb();
    (await cliJson(db, ['category', 'create', 'Kitchen']));
    const a = 'abcdef01-0000-4000-8000-000000000001';
    const b = 'abcdef02-0000-4000-8000-000000000002';
    (await cliJson(db, ['product', 'create', '--id', a, '--name', 'Mug', '--price', '5', '--category', 'Kitchen']));
    (await cliJson(db, ['product', 'create', '--id', b, '--name', 'Cup', '--price', '5', '--category', 'Kitchen', '--sku', 'abcdef']));
    const ambiguous = (await cli(['--db', db, '--json', 'product', 'show', 'abcdef0']));
    expect(ambiguous.code).toBe(2);
    expect(JSON.parse(ambiguous.stderr).error).toMatchObject({ code: 'AMBIGUOUS_REFERENCE', details: { matches: [a, b] } });
    expect((await cliJson(db, ['product', 'show', 'abcdef01'])).id).toBe(a);
    expect((await cliJson(db, ['product', 'show', 'abcdef'])).id).toBe(b); // the SKU, not the prefix of both
    expect((await cli(['--db', db, 'product', 'show', 'abcde'])).code).toBe(4); // under 6 characters: no prefix
  });
});

describe('safe defaults', () => {
  it('a read command never creates a database: NO_DATABASE, exit 2, naming the path and `shopctl init`', async () => {
    const { db } = tempDb();
    for (const args of [['product', 'list'], ['order', 'list'], ['events', 'list'], ['outbox', 'export']]) {
      const result = (await cli(['--db', db, ...args]));
      expect(result.code, args.join(' ')).toBe(2);
      expect(result.stderr).toContain('[NO_DATABASE]');
      expect(result.stderr).toContain(shownLocation(db)); // a URL without its password
      expect(result.stderr).toContain('shopctl init');
    }
    expect(shopExists(db)).toBe(false);
  });

  it('a write on a missing file creates it and says so once on stderr, with the currency', async () => {
    const { db } = tempDb();
    const first = (await cli(['--db', db, 'category', 'create', 'Kitchen']));
    expect(first.code).toBe(0);
    expect(first.stderr).toMatch(/created a new shop database at .* \(currency USD/);
    expect((await cli(['--db', db, 'category', 'create', 'Garden'])).stderr).toBe('');
  });

  it('outbox export to a terminal shows the messages and marks nothing; piped, it exports for real', async () => {
    const { db } = await twoOrders();
    const pending = (await cliJson(db, ['outbox', 'status'])).pending;
    expect(pending).toBeGreaterThan(0);
    const shown = await onTerminal(['--db', db, 'outbox', 'export']);
    expect(shown.code).toBe(0);
    expect(shown.out.trim().split('\n')).toHaveLength(pending);
    expect(shown.err).toMatch(/only shown and stay pending.*--out <file>/);
    expect((await cliJson(db, ['outbox', 'status'])).pending).toBe(pending);
    const listed = await onTerminal(['--db', db, 'outbox', 'list']);
    expect(listed.out).toMatch(/Sequence\s+Time\s+Type/);
    expect((await cliJson(db, ['outbox', 'status'])).pending).toBe(pending);
    expect((await cli(['--db', db, 'outbox', 'export'])).code).toBe(0); // piped: a real export
    expect((await cliJson(db, ['outbox', 'status'])).pending).toBe(0);
  });

  it('events list on a terminal shows the latest 50 as a table and says how many more', async () => {
    const { db } = await twoOrders();
    const csv = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'restock.csv');
    fs.writeFileSync(csv, `sku,quantity\n${'MUG-1,1\n'.repeat(60)}`);
    expect((await cli(['--db', db, 'import', 'restock', csv])).code).toBe(0);
    const total = (await cli(['--db', db, '--json', 'events', 'list'])).stdout.trim().split('\n').length;
    const shown = await onTerminal(['--db', db, 'events', 'list']);
    const lines = shown.out.trim().split('\n');
    expect(lines[0]).toMatch(/^\s*Pos\s+Time\s+Type\s+Stream\s+Summary/);
    expect(lines.slice(1, 51).map((l) => Number(l.trim().split(/\s+/)[0]))).toEqual(Array.from({ length: 50 }, (_, i) => total - 49 + i));
    expect(lines[51]).toContain(`${total - 50} earlier event(s) not shown`);
    expect(lines[1]).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d\s/); // local time to the minute
    const all = await onTerminal(['--db', db, 'events', 'list', '--all']);
    expect(all.out.trim().split('\n')).toHaveLength(total + 1);
  });
});

describe('errors that say what to do', () => {
  it('a typo suggestion is one line pointing at the group help; the opposite action is never suggested', async () => {
    const typo = (await cli(['prodcut', 'list']));
    expect(typo.code).toBe(2);
    expect(typo.stderr.trim().split('\n')).toHaveLength(1);
    expect(typo.stderr).not.toContain('\\n');
    expect(typo.stderr).toMatch(/\[USAGE\].*did you mean shopctl product\?/);
    const verb = (await cli(['product', 'deactivat']));
    expect(verb.stderr).toMatch(/did you mean shopctl product deactivate\?.*shopctl product --help/);
    const opposite = (await cli(['customer', 'deactivate']));
    expect(opposite.stderr).not.toMatch(/did you mean/);
  });

  it('--country USA suggests US; INVALID_STATUS_TRANSITION names the possible moves', async () => {
    const { db, ids } = await twoOrders();
    (await cliJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']));
    const usa = (await cli(['--db', db, 'order', 'place', 'ada@example.com', ...ADDRESS.slice(0, -1), 'USA']));
    expect(usa.code).toBe(2); // INVALID_ARGUMENT: a --country that cannot be parsed
    expect(usa.stderr).toMatch(/did you mean US\?/);
    const wrong = (await cli(['--db', db, '--json', 'order', 'ship', ids[0].slice(0, 8), '--tracking', 'T1', '--carrier', 'UPS']));
    expect(wrong.code).toBe(3);
    expect(JSON.parse(wrong.stderr).error).toMatchObject({ code: 'INVALID_STATUS_TRANSITION', details: { possibleMoves: ['confirm', 'cancel'] } });
    expect(JSON.parse(wrong.stderr).error.message).toContain('possible now: confirm, cancel');
  });
});

describe('product activate and update', () => {
  it('activate puts a product back on sale; update changes name, description, category (ProductUpdated with those fields)', async () => {
    const { db } = tempDb();
    (await cliJson(db, ['category', 'create', 'Kitchen']));
    (await cliJson(db, ['category', 'create', 'Garden']));
    (await cliJson(db, ['product', 'create', '--name', 'Mug', '--price', '5', '--category', 'Kitchen', '--sku', 'MUG-1']));
    expect((await cli(['--db', db, 'product', 'activate', 'MUG-1'])).code).toBe(3); // already on sale
    (await cliJson(db, ['product', 'deactivate', 'MUG-1']));
    const activated = (await cliJson(db, ['product', 'activate', 'MUG-1']));
    expect(activated.events[0]).toMatchObject({ type: 'ProductUpdated', data: { updatedFields: ['active'], active: true } });
    expect((await cliJson(db, ['product', 'show', 'MUG-1'])).active).toBe(true);
    const updated = (await cliJson(db, ['product', 'update', 'MUG-1', '--name', 'Big mug', '--category', 'Garden', '--description', 'Holds a lot']));
    expect(updated.events[0].data).toMatchObject({ updatedFields: ['name', 'description', 'category'], name: 'Big mug', description: 'Holds a lot' });
    expect((await cliJson(db, ['product', 'show', 'MUG-1']))).toMatchObject({ name: 'Big mug', description: 'Holds a lot', categoryPath: 'Garden' });
    expect((await cliJson(db, ['product', 'update', 'MUG-1', '--name', 'Big mug'])).unchanged).toBe(true);
    expect((await cli(['--db', db, 'product', 'update', 'MUG-1'])).code).toBe(2);
    expect((await cli(['--db', db, 'product', 'update', 'MUG-1', '--category', 'Nope'])).code).toBe(4);
    expect((await cli(['--db', db, 'replay', '--verify'])).code).toBe(0);
  });
});

describe('an all-digit id prefix', () => {
  it('names the order whose id starts with it when no order has that number; #digits is always a number', async () => {
    const { db } = tempDb();
    await smallShop(db);
    await cliJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    const id = '12345678-aaaa-4aaa-8aaa-aaaaaaaaaaaa';
    expect((await cliJson(db, ['order', 'place', 'ada@example.com', '--id', id, ...ADDRESS])).number).toBe(1001);
    expect((await cliJson(db, ['order', 'show', '123456'])).id).toBe(id);
    expect((await cliJson(db, ['order', 'show', '1001'])).id).toBe(id);
    expect((await cli(['--db', db, '--json', 'order', 'show', '#123456'])).code).toBe(4);
  });
});
