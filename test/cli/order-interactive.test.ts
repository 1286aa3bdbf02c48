// On a terminal, `order place` without flags walks through customer, address and payment.
// Runs the CLI in-process with terminal-like streams and types the answers.
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';
import { orderShopWith, readEvents, runJson } from '../helpers/shop.js';

function terminal(): { io: CliIO; stdin: PassThrough; out: () => string; err: () => string } {
  const stdin = Object.assign(new PassThrough(), { isTTY: true, setRawMode: () => stdin }) as PassThrough & { isTTY: boolean };
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => Object.assign(new PassThrough(), {
    isTTY: true, columns: 120, rows: 40,
    write: (chunk: string | Buffer) => { append(String(chunk)); return true; },
    end: () => undefined, // like process.stderr: prompts may "end" it, it stays open
  });
  const io: CliIO = {
    stdin, stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)),
    env: { NO_COLOR: '1', TERM: 'xterm' },
  };
  return { io, stdin, out: () => out, err: () => err };
}

const tick = () => new Promise((resolve) => setTimeout(resolve, 20));

async function waitFor(condition: () => boolean): Promise<void> {
  for (let i = 0; i < 1000 && !condition(); i++) await tick();
  if (!condition()) throw new Error('prompt never appeared');
}

describe('order place on a terminal', () => {
  it('asks for customer, address and payment, then places the order', async () => {
    const { db, customers: [customerId] } = await orderShopWith([['ada@example.com']]);
    await runJson(db, ['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    const t = terminal();
    const running = runCli(['--db', db, 'order', 'place'], t.io);
    // Each prompt is answered once it is on screen: customer (a list: Enter picks the only one),
    // name, street, city, postal code, country, payment (a list: Enter picks pm_card_visa).
    const answers: [RegExp, string][] = [
      [/Customer/, ''], [/Recipient name/, 'Ada Lovelace'], [/Street address/, '1 Main St'], [/Second address line/, ''],
      [/City/, 'Springfield'], [/State or region/, ''], [/Postal code/, '12345'], [/Country/, 'gb'], [/Payment method/, ''],
    ];
    for (const [prompt, answer] of answers) {
      await waitFor(() => prompt.test(t.err())).catch((e) => { throw new Error(`${prompt}: ${e} stderr=${JSON.stringify(t.err())} stdout=${JSON.stringify(t.out())}`); });
      await tick();
      t.stdin.write(`${answer}\r`);
    }
    const code = await running;
    expect(t.err()).toMatch(/Customer/);
    expect(t.err()).toMatch(/Postal code/);
    expect(t.err()).toMatch(/TEST gateway/);
    expect(code).toBe(0);
    expect(t.out()).toMatch(/Next: shopctl order confirm/);
    const placed = (await readEvents(db)).find((e) => e.type === 'OrderPlaced');
    expect(placed.data).toMatchObject({ customerId, paymentMethod: 'pm_card_visa', shippingAddress: { country: 'GB', city: 'Springfield' } });
  });
});
