// A merchant at the keyboard: the built CLI driven in a pseudo-terminal (node-pty).
import fs from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { SHOPCTL, tempDb } from '../helpers/cli.js';
import { cli as inProcess, cliJson } from '../helpers/inProcess.js';
import { KEY, shellInTerminal, shopctlInTerminal, stripAnsi } from './pty.js';

const quote = (text: string) => `'${text.replace(/'/g, `'\\''`)}'`;
const cli = `${quote(process.execPath)} ${quote(SHOPCTL)}`;

/** A shop with a category tree, two products, a customer with an empty cart. */
async function shop(): Promise<string> {
  const { db } = tempDb();
  await cliJson(db, ['category', 'create', 'Apparel']);
  await cliJson(db, ['category', 'create', 'Shirts', '--parent', 'Apparel']);
  await cliJson(db, ['product', 'create', '--name', 'Organic cotton T-shirt with a rather long name, printed in Lisbon', '--price', '19.99',
    '--category', 'Shirts', '--sku', 'TEE-ORGANIC-LONG-SKU-1', '--stock', '25', '--description', 'soft']);
  await cliJson(db, ['product', 'create', '--name', 'Mug', '--price', '1234.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '3']);
  await cliJson(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada Lovelace', '--password-stdin'],
    { input: 'correct horse battery staple\n' });
  return db;
}

describe('in a terminal', () => {
  let db: string;
  beforeAll(async () => {
    db = await shop();
  });

  it('Ctrl-C at a prompt: "cancelled", exit 130, no internal error, nothing written, the terminal back in line mode with echo', async () => {
    const before = (await cliJson(db, ['product', 'list', '--all'])).length;
    const term = shellInTerminal(`${cli} --db ${quote(db)} product create; echo "exit=$?"; stty -a`);
    await term.waitFor('Product name');
    term.type('Half-typed');
    term.type(KEY.ctrlC);
    await term.exited;
    const screen = stripAnsi(term.output());
    expect(screen).toContain('cancelled');
    expect(screen).toContain('exit=130');
    expect(screen).not.toMatch(/internal error|force closed/i);
    const stty = screen.slice(screen.indexOf('exit=130'));
    expect(stty).toMatch(/(^|\s)icanon(\s|$)/m);
    expect(stty).toMatch(/(^|\s)echo(\s|$)/m);
    expect(await cliJson(db, ['product', 'list', '--all'])).toHaveLength(before);
  });

  it('Ctrl-C during an import (reading rows typed at the terminal): "cancelled", exit 130, nothing written', async () => {
    const before = await cliJson(db, ['inventory', 'list']);
    const term = shopctlInTerminal(['--db', db, 'import', 'restock', '-']);
    await term.waitFor('press Ctrl-D'); // listening: its Ctrl-C handling is in place
    term.type('sku,quantity\rMUG-1,5\r');
    await term.waitFor('MUG-1,5');
    term.type(KEY.ctrlC);
    const { exitCode, signal } = await term.exited;
    const screen = stripAnsi(term.output());
    expect({ exitCode, signal }).toEqual({ exitCode: 130, signal: 0 });
    expect(screen).toContain('cancelled');
    expect(screen).not.toMatch(/internal error/i);
    expect(await cliJson(db, ['inventory', 'list'])).toEqual(before);
  });

  it('a wrong answer is asked again with the reason, keeping what was typed before', async () => {
    const { db: fresh } = tempDb();
    await cliJson(fresh, ['category', 'create', 'Kitchen']);
    const term = shopctlInTerminal(['--db', fresh, 'product', 'create']);
    await term.waitFor('Product name');
    term.type('X' + KEY.enter);
    await term.waitFor('product name must be');
    term.type('ug' + KEY.enter); // the answer so far ("X") stays; "Xug" is long enough
    await term.waitFor('Price');
    term.type('abc' + KEY.enter);
    await term.waitFor('is not an amount');
    for (let i = 0; i < 3; i++) term.type('\u007f');
    term.type('0' + KEY.enter);
    await term.waitFor('must be from 0.01');
    term.type('\u007f12.50' + KEY.enter);
    await term.waitFor('Category');
    term.type(KEY.enter);
    await term.waitFor('SKU');
    term.type('MUG-9' + KEY.enter);
    await term.waitFor('Opening stock');
    term.type('-4' + KEY.enter);
    await term.waitFor('opening stock must be');
    term.type('\u007f\u007f7' + KEY.enter);
    const { exitCode } = await term.exited;
    expect(exitCode, stripAnsi(term.output())).toBe(0);
    const created = await cliJson(fresh, ['product', 'show', 'MUG-9']);
    expect(created).toMatchObject({ name: 'Xug', sku: 'MUG-9', price: { amount: 1250 }, available: 7 });
  });

  it('order place on an empty cart is refused before the address is asked', async () => {
    const term = shopctlInTerminal(['--db', db, 'order', 'place', 'ada@example.com']);
    const { exitCode } = await term.exited;
    const screen = stripAnsi(term.output());
    expect(exitCode).toBe(3);
    expect(screen).toContain('CART_EMPTY');
    expect(screen).not.toContain('Recipient name');
  });

  for (const cols of [80, 60]) {
    it(`tables at ${cols} columns are never wider than the terminal`, async () => {
      for (const args of [['product', 'list'], ['inventory', 'list'], ['customer', 'list'], ['events', 'list'], ['category', 'list']]) {
        const term = shopctlInTerminal(['--db', db, ...args], { cols });
        const { exitCode } = await term.exited;
        const lines = stripAnsi(term.output()).split(/\r?\n/).filter((line) => line.length > 0);
        expect(exitCode, args.join(' ')).toBe(0);
        expect(lines.length, args.join(' ')).toBeGreaterThan(1);
        for (const line of lines) expect([...line].length, `${args.join(' ')}: ${line}`).toBeLessThanOrEqual(cols);
      }
      const term = shopctlInTerminal(['--db', db, 'product', 'list'], { cols });
      await term.exited;
      expect(stripAnsi(term.output())).toContain('…'); // the long name was cut, not wrapped
    });
  }

  it('the header row is bold when colour is on, plain with NO_COLOR', async () => {
    const colour = shopctlInTerminal(['--db', db, 'product', 'list'], { env: { NO_COLOR: '' } });
    await colour.exited;
    expect(colour.output()).toMatch(/\u001b\[1mSKU/);
    const plain = shopctlInTerminal(['--db', db, 'product', 'list']);
    await plain.exited;
    expect(plain.output()).not.toContain('\u001b[1m');
  });

  it('--wide leaves the table uncut', async () => {
    const term = shopctlInTerminal(['--db', db, '--wide', 'product', 'list'], { cols: 60 });
    await term.exited;
    expect(stripAnsi(term.output())).toContain('Organic cotton T-shirt with a rather long name, printed in Lisbon');
  });

  it('`events list | head -1` ends quietly: no message, no warning', async () => {
    // Enough events that head closes the pipe while shopctl is still writing.
    const csv = `${db}.restock.csv`;
    fs.writeFileSync(csv, `sku,quantity\n${'MUG-1,1\n'.repeat(3000)}`);
    expect((await inProcess(['--db', db, 'import', 'restock', csv])).code).toBe(0);
    for (const json of ['', '--json']) {
      const term = shellInTerminal(`${cli} --db ${quote(db)} ${json} events list --all 2>${quote(db + ".err")} | head -1; echo "exit=$?"; cat ${quote(db + ".err")}`, { cols: 200 });
      await term.exited;
      const screen = stripAnsi(term.output());
      expect(screen).toContain('exit=0');
      expect(screen).not.toMatch(/error|EPIPE|Warning/i);
    }
  });
});
