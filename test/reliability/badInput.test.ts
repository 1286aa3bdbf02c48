// Garbage in: a few hundred generated invocations (fast-check, fixed seed) of valid commands with
// one thing broken — an unknown flag, a missing value, a bad number, hostile text, an id that does
// not exist. shopctl must answer with 2/3/4 (0 where the text is simply unusual but valid), never
// 1, with one line on stderr (one JSON line with --json), no stack trace, and write nothing when
// it refuses. Most run in-process through runCli (fast); a sample runs through the built binary.
import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import type { SqlDatabase } from '../../src/store/sql.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { shopctlAsync } from '../helpers/cli.js';
import { ADDRESS, fromTemplate, openReadOnly, orderShop, PASSWORD, register, run, runJson, tempDb } from '../helpers/shop.js';
import { expectCleanStderr } from './support.js';
import { storeTimeout } from '../helpers/store.js';

const SEED = 7_2024;
const IN_PROCESS_RUNS = 600;
const SPAWNED_RUNS = 15;
const CSV_RUNS = 200;

type SlotKind = 'int' | 'money' | 'modifier' | 'text' | 'ref' | 'orderId';

/** A valid invocation; `{slot}` tokens are filled with defaults unless a mutation replaces one. */
interface Template {
  argv: string[];
  slots: Record<string, { kind: SlotKind; value: string }>;
  /** Flags that may be dropped entirely (required ones: dropping must be a usage error). */
  required: string[];
  stdin?: string;
  /** Writes nothing even on success, so an odd number may legitimately be accepted. */
  query?: boolean;
  /** Commands that make the template valid on a fresh shop (an order must be confirmed to ship). */
  before?: string[][];
}

interface Shop { db: string; orderId: string }
let shop: Shop;
let reader: SqlDatabase;

function templates(orderId: string): Template[] {
  const s = (kind: SlotKind, value: string) => ({ kind, value });
  const inCart = ['cart', 'add', 'ada@example.com', '--product', 'MUG-1'];
  return [
    { argv: ['inventory', 'restock', '{sku}', '{qty}'], slots: { sku: s('ref', 'MUG-1'), qty: s('int', '3') }, required: [] },
    { argv: ['inventory', 'reserve', '{sku}', '{qty}', '--order', '{order}'], slots: { sku: s('ref', 'MUG-1'), qty: s('int', '1'), order: s('orderId', orderId) }, required: ['--order'] },
    { argv: ['inventory', 'list', '--low', '{n}'], slots: { n: s('int', '3') }, required: [], query: true },
    { argv: ['category', 'create', '{name}', '--parent', '{parent}'], slots: { name: s('text', 'Mugs'), parent: s('ref', 'Apparel') }, required: [] },
    {
      argv: ['product', 'create', '--name', '{name}', '--price', '{price}', '--category', '{cat}', '--stock', '{stock}', '--sku', '{sku}', '--description', '{desc}'],
      slots: { name: s('text', 'Teapot'), price: s('money', '24.00'), cat: s('ref', 'Apparel'), stock: s('int', '2'), sku: s('text', 'POT-1'), desc: s('text', 'a pot') },
      required: ['--name', '--price', '--category'],
    },
    { argv: ['product', 'update-price', '{product}', '{price}'], slots: { product: s('ref', 'MUG-1'), price: s('money', '9.00') }, required: [] },
    {
      argv: ['product', 'add-variant', '{product}', '--sku', '{sku}', '--size', '{size}', '--price-modifier', '{mod}'],
      slots: { product: s('ref', 'TEE-1'), sku: s('text', 'TEE-1-XL'), size: s('text', 'XL'), mod: s('modifier', '1.00') },
      required: ['--sku'],
    },
    { argv: ['product', 'deactivate', '{product}'], slots: { product: s('ref', 'OLD-1') }, required: [] },
    { argv: ['product', 'show', '{product}'], slots: { product: s('ref', 'TEE-1') }, required: [], query: true },
    {
      argv: ['customer', 'register', '--email', '{email}', '--name', '{name}', '--password-stdin'],
      slots: { email: s('text', 'grace@example.com'), name: s('text', 'Grace Hopper') }, required: ['--email', '--name'], stdin: `${PASSWORD}\n`,
    },
    { argv: ['customer', 'show', '{customer}'], slots: { customer: s('ref', 'ada@example.com') }, required: [], query: true },
    { argv: ['cart', 'add', '{customer}', '--product', '{product}', '--quantity', '{qty}'], slots: { customer: s('ref', 'ada@example.com'), product: s('ref', 'MUG-1'), qty: s('int', '1') }, required: ['--product'] },
    {
      argv: ['cart', 'update', '{customer}', '--product', '{product}', '--quantity', '{qty}'], slots: { customer: s('ref', 'ada@example.com'), product: s('ref', 'MUG-1'), qty: s('int', '2') }, required: ['--product', '--quantity'],
      before: [inCart],
    },
    { argv: ['cart', 'remove', '{customer}', '--product', '{product}'], slots: { customer: s('ref', 'ada@example.com'), product: s('ref', 'MUG-1') }, required: ['--product'], before: [inCart] },
    { argv: ['cart', 'show', '{customer}'], slots: { customer: s('ref', 'ada@example.com') }, required: [], query: true },
    { argv: ['cart', 'expire', '--idle-days', '{n}'], slots: { n: s('int', '30') }, required: ['--idle-days'] },
    {
      argv: ['order', 'place', '{customer}', '--payment', '{pm}', '--name', '{name}', '--line1', '{line1}', '--city', '{city}', '--postal-code', '{zip}', '--country', '{country}'],
      slots: { customer: s('ref', 'ada@example.com'), pm: s('text', 'pm_card_visa'), name: s('text', 'Ada'), line1: s('text', '1 Main St'), city: s('text', 'Springfield'), zip: s('text', '12345'), country: s('text', 'US') },
      required: ['--payment', '--name', '--line1', '--city', '--postal-code', '--country'], before: [inCart],
    },
    { argv: ['order', 'confirm', '{order}'], slots: { order: s('orderId', orderId) }, required: [] },
    {
      argv: ['order', 'ship', '{order}', '--tracking', '{trk}', '--carrier', '{carrier}'], slots: { order: s('orderId', orderId), trk: s('text', '1Z999'), carrier: s('text', 'UPS') }, required: ['--tracking', '--carrier'],
      before: [['order', 'confirm', orderId]],
    },
    {
      argv: ['order', 'deliver', '{order}', '--tracking', '{trk}'], slots: { order: s('orderId', orderId), trk: s('text', '1Z999') }, required: ['--tracking'],
      before: [['order', 'confirm', orderId], ['order', 'ship', orderId, '--tracking', '1Z999', '--carrier', 'UPS']],
    },
    { argv: ['order', 'cancel', '{order}', '--reason', '{reason}'], slots: { order: s('orderId', orderId), reason: s('text', 'no longer needed') }, required: ['--reason'] },
    { argv: ['order', 'show', '{order}'], slots: { order: s('orderId', orderId) }, required: [], query: true },
    { argv: ['order', 'list', '--status', '{status}', '--customer', '{customer}'], slots: { status: s('text', 'PENDING'), customer: s('ref', 'ada@example.com') }, required: [], query: true },
    { argv: ['events', 'list', '--after', '{after}', '--limit', '{limit}', '--type', '{type}'], slots: { after: s('int', '1'), limit: s('int', '5'), type: s('text', 'ProductCreated') }, required: [], query: true },
    { argv: ['outbox', 'ack', '--through', '{seq}'], slots: { seq: s('int', '1') }, required: ['--through'] },
    { argv: ['import', 'restock', '{file}', '--dry-run'], slots: { file: s('ref', '/nonexistent/restock.csv') }, required: [] },
  ];
}

// ---- generators: one broken thing per invocation ----------------------------------------------

const CONTROL = fc.array(fc.integer({ min: 1, max: 0x1f }), { minLength: 1, maxLength: 6 }).map((codes) => `a${String.fromCharCode(...codes)}b`);
const QUOTES = fc.constantFrom('"', '\\"}', '{"a":', "'", '\\', '"},{"x":"', '</script>', "'; DROP TABLE events; --", '${HOME}', '$(id)', '%s%n');
const UNICODE = fc.string({ unit: 'grapheme', minLength: 1, maxLength: 30 });
const ODD_UNICODE = fc.constantFrom('\u202eevil', 'e\u0301\u0301\u0301', '\u{1F600}\u{1F4A9}', '\uFEFFbom', 'line\u2028sep', 'ＭＵＧ－１', '\u200b', 'İstanbul', 'ß');
const LONG = fc.integer({ min: 200, max: 20_000 }).map((n) => 'x'.repeat(n));
const text = fc.oneof(CONTROL, QUOTES, UNICODE, ODD_UNICODE, LONG, fc.constant(''), fc.constant('   '));

const BAD_INT = fc.oneof(
  fc.constantFrom('-1', '0.5', '1e3', '1e309', '99999999999999999999', '9007199254740993', 'NaN', 'Infinity', '0x10', '１２', '', ' ', '5abc', '2.0.0', '--', '-', '1_000', '٣'),
  fc.bigInt({ min: -(10n ** 30n), max: -1n }).map(String),
  fc.bigInt({ min: 10n ** 16n, max: 10n ** 40n }).map(String),
  text,
);
const BAD_MONEY = fc.oneof(
  fc.constantFrom('-1.00', '0', '0.00', '1.999', 'abc', '1e5', '1,000.00', '1000000.01', '99999999999999999999.99', 'NaN', '$5', '５', '.', '-0.001', 'Infinity'),
  fc.bigInt({ min: 10n ** 7n, max: 10n ** 30n }).map(String),
  text,
);
// A modifier may be negative; these all leave the variant price below 0.01 or do not parse.
const BAD_MODIFIER = fc.constantFrom('-19.99', '-100', '-999999999999999999.00', '1.999', 'abc', '1e2', 'NaN', '--', '');
const MISSING_REF = fc.oneof(fc.uuid().map(String), fc.constantFrom('NOPE-404', 'nobody@example.com', 'order-1'), text);

type Mutation =
  | { kind: 'slot'; slot: string; value: string }
  | { kind: 'unknownFlag'; flag: string; at: number }
  | { kind: 'dropValue'; flag: string }
  | { kind: 'dropFlag'; flag: string }
  | { kind: 'missingPositional' };

interface Case { template: number; json: boolean; mutation: Mutation }

function badValueFor(kind: SlotKind): fc.Arbitrary<string> {
  switch (kind) {
    case 'int': return BAD_INT;
    case 'money': return BAD_MONEY;
    case 'modifier': return BAD_MODIFIER;
    case 'text': return text;
    case 'ref': return MISSING_REF;
    case 'orderId': return fc.oneof(fc.uuid().map(String), fc.constantFrom('not-a-uuid', '12345'), text);
  }
}

function caseArbitrary(all: Template[]): fc.Arbitrary<Case> {
  return fc.integer({ min: 0, max: all.length - 1 }).chain((template) => {
    const t = all[template];
    const flags = t.argv.filter((a) => a.startsWith('--'));
    const badSlot = fc.constantFrom(...Object.keys(t.slots)).chain((slot) => badValueFor(t.slots[slot].kind).map((value): Mutation => ({ kind: 'slot', slot, value })));
    const options: fc.Arbitrary<Mutation>[] = [
      badSlot, badSlot, badSlot, // most cases break a value, the rest break the command line's shape
      fc.record({ flag: fc.constantFrom('--bogus', '--frobnicate=1', '--quantity-x', '-z', '--json=yes', '--db-path'), at: fc.nat() })
        .map(({ flag, at }): Mutation => ({ kind: 'unknownFlag', flag, at })),
    ];
    const withValue = flags.filter((f) => f !== '--password-stdin' && f !== '--dry-run');
    if (withValue.length) options.push(fc.constantFrom(...withValue).map((flag): Mutation => ({ kind: 'dropValue', flag })));
    if (t.required.length) options.push(fc.constantFrom(...t.required).map((flag): Mutation => ({ kind: 'dropFlag', flag })));
    if (t.argv.slice(2).some((a) => a.startsWith('{'))) options.push(fc.constant<Mutation>({ kind: 'missingPositional' }));
    return fc.record({ template: fc.constant(template), json: fc.boolean(), mutation: fc.oneof(...options) });
  });
}

/** The argv of a case, and which exit codes are acceptable for it. */
function materialize(all: Template[], c: Case): { argv: string[]; allowed: number[]; stdin?: string } {
  const t = all[c.template];
  const fill = (slot: string) => (c.mutation.kind === 'slot' && c.mutation.slot === slot ? c.mutation.value : t.slots[slot].value);
  let argv = t.argv.map((a) => (a.startsWith('{') && a.endsWith('}') ? fill(a.slice(1, -1)) : a));
  let allowed: number[];
  const m = c.mutation;
  switch (m.kind) {
    case 'slot': {
      const kind = t.slots[m.slot].kind;
      if (kind === 'text') allowed = [0, 2, 3, 4]; // odd but possibly valid text; a name that is a missing reference
      else if (kind === 'ref') allowed = [2, 4];
      else if (kind === 'orderId') allowed = [2, 4];
      else allowed = t.query ? [0, 2, 3] : [2, 3];
      break;
    }
    case 'unknownFlag': {
      const at = 2 + (m.at % (argv.length - 1));
      argv = [...argv.slice(0, at), m.flag, ...argv.slice(at)];
      allowed = [2];
      break;
    }
    case 'dropValue': {
      const i = argv.indexOf(m.flag);
      argv = [...argv.slice(0, i), ...argv.slice(i + 2), m.flag];
      allowed = [2];
      break;
    }
    case 'dropFlag': {
      const i = argv.indexOf(m.flag);
      argv = [...argv.slice(0, i), ...argv.slice(i + 2)];
      allowed = [2];
      break;
    }
    case 'missingPositional': {
      // Drop the last positional (the template's positionals come right after the two command words).
      let last = 2;
      while (last + 1 < argv.length && !argv[last + 1].startsWith('--')) last++;
      argv = [...argv.slice(0, last), ...argv.slice(last + 1)];
      allowed = [2];
      break;
    }
  }
  return { argv: [...(c.json ? ['--json'] : []), ...argv], allowed, stdin: t.stdin };
}

// ---- running and checking ---------------------------------------------------------------------

interface Outcome { code: number; stdout: string; stderr: string }

function runInProcess(argv: string[], stdin?: string | Buffer, db = shop.db): Promise<Outcome> {
  return run(['--db', db, '--no-input', ...argv], { input: stdin });
}

function writes(): { events: number; outbox: number; delivered: number; imports: number; customers: number } {
  const n = (sql: string) => reader.prepare(sql).pluck().get() as number;
  return {
    events: n('SELECT count(*) FROM events'),
    outbox: n('SELECT count(*) FROM outbox'),
    delivered: n('SELECT count(*) FROM outbox WHERE deliveredAt IS NOT NULL'),
    imports: n('SELECT count(*) FROM imports'),
    customers: n('SELECT count(*) FROM credentials'),
  };
}

function check(argv: string[], allowed: number[], before: ReturnType<typeof writes>, outcome: Outcome): void {
  const context = `shopctl ${JSON.stringify(argv).slice(0, 400)} → ${outcome.code}\nstderr: ${outcome.stderr.slice(0, 600)}`;
  expect(outcome.code, context).not.toBe(1);
  expect(allowed, context).toContain(outcome.code);
  expectCleanStderr(outcome.stderr, context);
  const json = argv.includes('--json');
  if (outcome.code === 0) {
    if (json && argv[1] !== 'events') expect(() => JSON.parse(outcome.stdout), context).not.toThrow();
    return;
  }
  expect(outcome.stdout, context).toBe('');
  const lines = outcome.stderr.split('\n');
  expect(lines, context).toHaveLength(2); // one line and its newline
  expect(lines[1], context).toBe('');
  if (json) expect(JSON.parse(lines[0]).error.code, context).toMatch(/^[A-Z][A-Z0-9_]+$/);
  else expect(lines[0], context).toMatch(/^error: /);
  expect(writes(), context).toEqual(before);
}

describe('bad input', () => {
  let all: Template[];

  /** A fresh copy of the shop: MUG-1, TEE-1 (+ variants), OLD-1, Ada with a PENDING order. */
  const freshShop = () => fromTemplate('badInput', async (db) => {
    await orderShop(db, 10);
    await runJson(db, ['product', 'create', '--name', 'Retired', '--price', '1.00', '--category', 'Apparel', '--sku', 'OLD-1']);
    await register(db, 'ada@example.com');
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    return (await runJson(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS])).id as string;
  });

  beforeAll(async () => {
    const { db, value: orderId } = await freshShop();
    shop = { db, orderId };
    all = templates(orderId);
    reader = openReadOnly(db);
  });
  afterAll(() => reader?.close());

  it('every template is valid as written (so each failure below is the mutation’s doing)', async () => {
    for (const t of all) {
      const { db } = await freshShop();
      for (const step of t.before ?? []) expect((await runInProcess(step, undefined, db)).code, step.join(' ')).toBe(0);
      const argv = t.argv.map((a) => (a.startsWith('{') ? t.slots[a.slice(1, -1)].value : a));
      const outcome = await runInProcess(['--json', ...argv], t.stdin, db);
      // The import names a file that does not exist on purpose: a usage error (2).
      expect(outcome.code, `${argv.join(' ')}: ${outcome.stderr}`).toBe(argv[0] === 'import' ? 2 : 0);
    }
  });

  it(`${IN_PROCESS_RUNS} generated invocations in-process: 2/3/4, one line, no trace, nothing written`, async () => {
    await fc.assert(
      fc.asyncProperty(caseArbitrary(all), async (c) => {
        const { argv, allowed, stdin } = materialize(all, c);
        const before = writes();
        check(argv, allowed, before, await runInProcess(argv, stdin));
      }),
      { seed: SEED, numRuns: IN_PROCESS_RUNS, endOnFailure: true },
    );
  }, storeTimeout(120_000));

  it(`${SPAWNED_RUNS} generated invocations through the built binary behave the same`, async () => {
    const cases = fc.sample(caseArbitrary(all), { seed: SEED + 1, numRuns: SPAWNED_RUNS });
    for (const c of cases) {
      const { argv, allowed, stdin } = materialize(all, c);
      const before = writes();
      const outcome = await shopctlAsync(['--db', shop.db, '--no-input', ...argv], { input: stdin });
      check(argv, allowed, before, outcome);
    }
  }, storeTimeout(120_000));

  it('ids that do not exist are "not found" (exit 4) for every kind of reference', async () => {
    const missing = randomUUID();
    for (const argv of [
      ['product', 'show', missing], ['customer', 'show', missing], ['order', 'show', missing], ['cart', 'show', missing],
      ['order', 'confirm', missing], ['inventory', 'restock', missing, '1'], ['product', 'deactivate', 'NO-SUCH-SKU'],
      ['cart', 'add', 'nobody@example.com', '--product', 'MUG-1'], ['inventory', 'reserve', 'MUG-1', '1', '--order', missing],
    ]) {
      const before = writes();
      const outcome = await runInProcess(['--json', ...argv]);
      check(['--json', ...argv], [4], before, outcome);
      expect(JSON.parse(outcome.stderr).error.code).toMatch(/_NOT_FOUND$/);
    }
  });

  // Found by this test: `--db /dev/null` used to exit 1 ("internal error: disk I/O error").
  it('a database, export or rejects path or an environment that cannot work is a usage error (exit 2), not a crash', async () => {
    const { dir } = tempDb();
    fs.mkdirSync(path.join(dir, 'folder'));
    const notSqlite = path.join(dir, 'notes.txt');
    fs.writeFileSync(notSqlite, 'x'.repeat(4096));
    const fifo = path.join(dir, 'fifo');
    execFileSync('mkfifo', [fifo]);
    const restockCsv = 'sku,quantity\nMUG-1,1\nNOPE-404,1\n';
    const cases: { args: string[]; env?: Record<string, string>; input?: string }[] = [
      { args: ['--db', path.join(dir, `${'a'.repeat(5000)}.db`), 'category', 'list'] },
      // Found by this test: --out onto a folder exited 1; onto a FIFO or device (as root:
      // `--out /dev/stdout`) the rename replaced it with a plain file.
      { args: ['--db', shop.db, 'outbox', 'export', '--out', path.join(dir, 'folder')] },
      { args: ['--db', shop.db, 'outbox', 'export', '--out', fifo] },
      // Found by this test: --rejects onto a folder exited 1 *after* the import had committed.
      { args: ['--db', shop.db, 'import', 'restock', '-', '--skip-invalid', '--rejects', path.join(dir, 'folder')], input: restockCsv },
      { args: ['--db', shop.db, 'import', 'restock', '-', '--skip-invalid', '--rejects', fifo], input: restockCsv },
      { args: ['--db', shop.db, 'import', 'restock', '-', '--skip-invalid', '--rejects', path.join(dir, 'missing', 'r.csv')], input: restockCsv },
      { args: ['--db', '/dev/null', 'category', 'list'] },
      { args: ['--db', '/dev/zero', 'category', 'create', 'A'] },
      { args: ['--db', path.join(dir, 'folder'), 'category', 'list'] },
      { args: ['--db', path.join(dir, 'missing', 'shop.db'), 'category', 'list'] },
      { args: ['--db', notSqlite, 'category', 'list'] },
      { args: ['--db', '', 'category', 'list'] },
      { args: ['category', 'list'], env: { SHOPCTL_DB: path.join(dir, 'folder') } },
      { args: ['--db', shop.db, 'category', 'create', 'Clocks'], env: { SHOPCTL_NOW: 'yesterday' } },
      { args: ['--db', shop.db, 'category', 'create', 'Clocks'], env: { SHOPCTL_NOW: '99999-01-01T00:00:00Z' } },
      { args: ['--db', shop.db, 'init', '--currency', '"; DROP'] },
    ];
    for (const { args, env, input } of cases) {
      for (const json of [false, true]) {
        const before = writes();
        const argv = json ? ['--json', ...args] : args;
        const outcome = await run(argv, { env, input });
        check(argv, [2], before, outcome);
      }
    }
    expect(fs.readFileSync(notSqlite, 'utf8')).toBe('x'.repeat(4096));
    expect(fs.statSync(fifo).isFIFO()).toBe(true);
    expect(fs.readdirSync(path.join(dir, 'folder'))).toEqual([]);
  });

  // CSV files are input too: generated restock and product files (valid, odd and broken rows,
  // BOMs, CRLF, quotes, unicode, control characters, raw bytes) through `import … -` on stdin.
  it(`${CSV_RUNS} generated CSV imports in-process: 0/3/6, never 1, a refused import writes nothing`, async () => {
    const field = fc.oneof(
      fc.constantFrom('MUG-1', 'TEE-1-M', 'tee-1-l', 'NOPE-1', ' MUG-1 ', '', '1', '5', '0', '-3', '2.5', '1e3', '1000001', '99999999999999999999'),
      text.filter((t) => t.length < 300),
      fc.constantFrom('"quoted, comma"', '"line\nbreak"', '"bad "quote"', '"unterminated', 'a"b'),
    );
    // Headers with a valid row for each, so that some files are wholly valid and get applied.
    const restockHeaders: [string, (sku: string, qty: number) => string[]][] = [
      ['sku,quantity', (sku, qty) => [sku, String(qty)]],
      ['SKU , Quantity ', (sku, qty) => [` ${sku}`, `${qty} `]],
      ['sku,quantity,note', (sku, qty) => [sku, String(qty), 'weekly']],
      ['\uFEFFquantity,sku', (sku, qty) => [String(qty), sku]],
      ['sku', (sku) => [sku]], ['sku,sku,quantity', (sku, qty) => [sku, sku, String(qty)]], ['', () => []],
    ];
    const productHeaders: [string, (sku: string, qty: number) => string[]][] = [
      ['sku,name,description,price,category,stock', (sku, qty) => [sku, `Product ${sku}`, '"a, b"', `${qty}.50`, 'Fuzz > Things', String(qty)]],
      ['sku,name,price,category,variant_sku,size,color,price_modifier,variant_stock', (sku, qty) => [sku, `Product ${sku}`, `${qty}.00`, 'Apparel', '', '', '', '', '']],
      ['sku,name,category', (sku) => [sku, 'No price', 'Apparel']],
      ['Name,SKU,Price,Category', (sku, qty) => [`Product ${sku}`, sku, `${qty}.99`, 'Apparel']],
    ];
    const csv = fc.record({
      products: fc.boolean(),
      restockHeader: fc.integer({ min: 0, max: restockHeaders.length - 1 }),
      productHeader: fc.integer({ min: 0, max: productHeaders.length - 1 }),
      rows: fc.array(fc.oneof(
        { weight: 6, arbitrary: fc.record({ sku: fc.constantFrom('MUG-1', 'TEE-1-M', 'tee-1-l', 'FZ-1', 'FZ-2'), qty: fc.integer({ min: 1, max: 50 }) }) },
        { weight: 1, arbitrary: fc.array(field, { minLength: 1, maxLength: 6 }) },
      ), { maxLength: 8 }),
      eol: fc.constantFrom('\n', '\r\n'),
      junk: fc.option(fc.uint8Array({ minLength: 1, maxLength: 64 }), { nil: undefined, freq: 8 }),
      flags: fc.constantFrom<string[][]>([], [], ['--dry-run'], ['--force'], ['--skip-invalid'], ['--create-categories']),
      json: fc.boolean(),
    });
    type Csv = typeof csv extends fc.Arbitrary<infer T> ? T : never;
    const render = (c: Csv): string[] => {
      const [head, valid] = c.products ? productHeaders[c.productHeader] : restockHeaders[c.restockHeader];
      return [head, ...c.rows.map((r) => (Array.isArray(r) ? r : valid(r.sku, r.qty)).join(','))];
    };
    await fc.assert(
      fc.asyncProperty(csv, async (c) => {
        const lines = render(c);
        let bytes = Buffer.from(lines.join(c.eol) + c.eol, 'utf8');
        if (c.junk) bytes = Buffer.concat([bytes, Buffer.from(c.junk)]);
        const kind = c.products ? 'products' : 'restock';
        const flags = c.flags.filter((f) => (c.products ? f !== '--force' : f !== '--create-categories'));
        const argv = [...(c.json ? ['--json'] : []), 'import', kind, '-', ...flags];
        const before = writes();
        const outcome = await runInProcess(argv, bytes);
        const context = `${argv.join(' ')} ← ${JSON.stringify(bytes.toString('utf8')).slice(0, 300)} → ${outcome.code}\n${outcome.stderr.slice(0, 500)}`;
        expect([0, 3, 6], context).toContain(outcome.code);
        expectCleanStderr(outcome.stderr, context);
        if (outcome.code === 0 || outcome.code === 6) return;
        expect(outcome.stdout, context).toBe('');
        // Import warnings (an ignored column) are printed on stderr before the error, by design.
        const errLines = outcome.stderr.trimEnd().split('\n').filter((l) => !l.startsWith('warning: '));
        if (c.json) {
          expect(errLines, context).toHaveLength(1);
          expect(JSON.parse(errLines[0]).error.code, context).toMatch(/^[A-Z_]+$/);
        } else {
          // A refused import lists its bad rows, one per line, then the one error line.
          expect(errLines[errLines.length - 1], context).toMatch(/^error: /);
        }
        expect(writes(), context).toEqual(before);
      }),
      { seed: SEED + 2, numRuns: CSV_RUNS, endOnFailure: true },
    );
  }, storeTimeout(120_000));
});
