// Prompts that help, in-process with terminal-like streams: checks before asking, a weak
// password refused at the first entry, lists filtered by typing, only when stdin and stderr
// are terminals.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';
import { tempDb } from '../helpers/cli.js';
import { cliJson, smallShop } from '../helpers/inProcess.js';
import { ADDRESS } from '../helpers/shop.js';
import { storeTimeout } from '../helpers/store.js';

function terminal(options: { stderrTTY?: boolean; stdoutTTY?: boolean } = {}) {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin });
  let out = '';
  let err = '';
  const stream = (tty: boolean, append: (s: string) => void) => Object.assign(new PassThrough(), {
    isTTY: tty, columns: 120, rows: 40,
    write: (chunk: string | Buffer) => { append(String(chunk)); return true; },
    end: () => undefined,
  });
  const io: CliIO = {
    stdin, stdout: stream(options.stdoutTTY ?? true, (s) => (out += s)), stderr: stream(options.stderrTTY ?? true, (s) => (err += s)),
    env: { NO_COLOR: '1', TERM: 'xterm' },
  };
  return { io, stdin, out: () => out, err: () => err };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));
async function waitFor(condition: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await tick();
  if (!condition()) throw new Error(`never saw ${what}`);
}

describe('prompts that help', () => {
  it('order ship on an order that cannot ship is refused before tracking and carrier are asked', async () => {
    const { db } = tempDb();
    await smallShop(db);
    await cliJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    await cliJson(db, ['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    const t = terminal();
    const code = await runCli(['--db', db, 'order', 'ship', '1001'], t.io);
    expect(code).toBe(3);
    expect(t.err()).toContain('INVALID_STATUS_TRANSITION');
    expect(t.err()).toContain('possible now: confirm, cancel');
    expect(t.err()).not.toContain('Tracking number');
  });

  it('a weak password is refused at the first entry, and asked again there', async () => {
    const { db } = tempDb();
    const t = terminal();
    const running = runCli(['--db', db, 'customer', 'register', '--email', 'ada@example.com', '--name', 'Ada'], t.io);
    await waitFor(() => t.err().includes('Password'), 'the password prompt');
    await tick();
    t.stdin.write('password\r');
    await waitFor(() => t.err().includes('the password must be 12–128 characters'), 'the reason');
    expect(t.err()).not.toContain('Repeat the password');
    for (let i = 0; i < 8; i++) t.stdin.write('\u007f');
    t.stdin.write('correct horse battery staple\r');
    await waitFor(() => t.err().includes('Repeat the password'), 'the second entry');
    await tick();
    t.stdin.write('correct horse battery staple\r');
    expect(await running).toBe(0);
    expect(await cliJson(db, ['customer', 'show', 'ada@example.com'])).toMatchObject({ email: 'ada@example.com' });
  }, storeTimeout(30_000));

  it('a long list (categories) is filtered by typing', async () => {
    const { db } = tempDb();
    for (const name of ['Apparel', 'Books', 'Candles', 'Decor', 'Electronics', 'Food', 'Garden', 'Health', 'Indoor plants', 'Jewellery']) {
      expect(await runCli(['--db', db, '--no-input', 'category', 'create', name], terminal({ stderrTTY: false }).io)).toBe(0);
    }
    const t = terminal();
    const running = runCli(['--db', db, 'product', 'create', '--name', 'Fern', '--price', '12.00'], t.io);
    await waitFor(() => t.err().includes('Category (type to filter)'), 'the category list');
    await tick();
    t.stdin.write('plan');
    // Without the filter, Enter would pick the first category (Apparel).
    await waitFor(() => t.err().includes('plan'), 'the typed filter');
    for (let i = 0; i < 10; i++) await tick();
    t.stdin.write('\r');
    expect(await running).toBe(0);
    expect((await cliJson(db, ['product', 'list']))[0])
      .toMatchObject({ name: 'Fern', categoryPath: 'Indoor plants' });
  });

  it('prompts need stdin and stderr to be terminals (stdout may be piped); otherwise the flag is named', async () => {
    const { db } = tempDb();
    await cliJson(db, ['category', 'create', 'Kitchen']);
    const piped = terminal({ stdoutTTY: false });
    const running = runCli(['--db', db, 'category', 'create'], piped.io);
    await waitFor(() => piped.err().includes('Category name'), 'the prompt with stdout piped');
    await tick();
    piped.stdin.write('Garden\r');
    expect(await running).toBe(0);
    const noStderr = terminal({ stderrTTY: false });
    expect(await runCli(['--db', db, 'category', 'create'], noStderr.io)).toBe(2);
    expect(noStderr.err()).toContain('missing required argument <name>');
  });
});
