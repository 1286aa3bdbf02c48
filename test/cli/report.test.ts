// report sales|stock and completion, in-process through runCli.
import { PassThrough } from 'node:stream';
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';
import { summarizeSales, periodOf } from '../../src/domain/salesReport.js';
import { SHOPCTL, tempDb } from '../helpers/cli.js';
import { shopExists } from '../helpers/store.js';
import { cli } from '../helpers/inProcess.js';

async function run(argv: string[], options: { tty?: boolean; env?: Record<string, string>; stdin?: string } = {}) {
  let out = '';
  let err = '';
  const stream = (append: (s: string) => void) => ({ isTTY: options.tty ?? false, columns: 90, write: (t: string) => (append(t), true) });
  const stdin = Object.assign(new PassThrough(), { isTTY: false });
  stdin.end(options.stdin ?? '');
  const io: CliIO = { stdin, stdout: stream((s) => (out += s)), stderr: stream((s) => (err += s)), env: { NO_COLOR: '1', CI: '1', ...options.env } };
  const code = await runCli(argv, io);
  return { code, out, err };
}

const ADDRESS = ['--payment', 'pm_card_visa', '--name', 'Ada', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];

async function json(db: string, argv: string[], env: Record<string, string> = {}) {
  const result = await run(['--db', db, '--json', ...argv], { env });
  if (result.code !== 0) throw new Error(`${argv.join(' ')}: ${result.err}`);
  return JSON.parse(result.out);
}

describe('sales periods (domain)', () => {
  it('weeks start on Monday, months by calendar; pending orders sold nothing; cancelled counted apart', () => {
    expect(periodOf('2026-11-29', 'week')).toBe('2026-11-23'); // a Sunday
    expect(periodOf('2026-11-30', 'week')).toBe('2026-11-30'); // a Monday
    expect(periodOf('2026-11-30', 'month')).toBe('2026-11');
    const rows = summarizeSales([
      { day: '2026-11-02', status: 'DELIVERED', units: 2, total: 1000 },
      { day: '2026-11-03', status: 'CONFIRMED', units: 1, total: 500 },
      { day: '2026-11-03', status: 'SHIPPED', units: 1, total: 250 },
      { day: '2026-11-04', status: 'PENDING', units: 9, total: 9999 },
      { day: '2026-12-01', status: 'CANCELLED', units: 1, total: 700 },
    ], 'month');
    expect(rows).toEqual([
      { period: '2026-11', orders: 3, units: 4, revenue: 1750, cancelledOrders: 0, cancelledAmount: 0 },
      { period: '2026-12', orders: 0, units: 0, revenue: 0, cancelledOrders: 1, cancelledAmount: 700 },
    ]);
  });
});

describe('report sales and report stock', () => {
  it('counts confirmed orders per period with --json; a terminal gets a bar chart; bad flags are usage errors', async () => {
    const { db } = tempDb();
    const day1 = { SHOPCTL_NOW: '2026-11-02T12:00:00Z', TZ: 'UTC' };
    await json(db, ['category', 'create', 'Kitchen'], day1);
    await json(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '10'], day1);
    const registered = await run(['--db', db, '--json', 'customer', 'register', '--email', 'bob@example.com', '--name', 'Bob', '--password-stdin'],
      { env: day1, stdin: 'correct horse battery staple\n' });
    expect(registered.code).toBe(0);
    for (const [now, quantity, confirm] of [['2026-11-02T12:00:00Z', '2', true], ['2026-11-09T12:00:00Z', '1', true], ['2026-11-10T12:00:00Z', '3', false]] as const) {
      const env = { SHOPCTL_NOW: now, TZ: 'UTC' };
      await json(db, ['cart', 'add', 'bob@example.com', '--product', 'MUG-1', '--quantity', quantity], env);
      const order = await json(db, ['order', 'place', 'bob@example.com', ...ADDRESS], env);
      if (confirm) await json(db, ['order', 'confirm', String(order.number)], env);
      else await json(db, ['order', 'cancel', String(order.number), '--reason', 'changed mind'], env);
    }
    const weekly = await json(db, ['report', 'sales', '--by', 'week'], { TZ: 'UTC' });
    expect(weekly.periods).toEqual([
      { period: '2026-11-02', orders: 1, units: 2, revenue: { amount: 1700, currency: 'USD' }, cancelledOrders: 0, cancelledAmount: { amount: 0, currency: 'USD' } },
      { period: '2026-11-09', orders: 1, units: 1, revenue: { amount: 850, currency: 'USD' }, cancelledOrders: 1, cancelledAmount: { amount: 2550, currency: 'USD' } },
    ]);
    expect(weekly.totals).toMatchObject({ orders: 2, units: 3, revenue: { amount: 2550 } });
    const ranged = await json(db, ['report', 'sales', '--from', '2026-11-09', '--to', '2026-11-09'], { TZ: 'UTC' });
    expect(ranged.periods.map((p: { period: string }) => p.period)).toEqual(['2026-11-09']);
    const chart = await run(['--db', db, 'report', 'sales', '--by', 'week'], { tty: true, env: { TZ: 'UTC' } });
    expect(chart.out).toMatch(/2026-11-02 .*17\.00.*█+/);
    for (const line of chart.out.trimEnd().split('\n')) expect([...line].length).toBeLessThanOrEqual(90);
    expect((await run(['--db', db, 'report', 'sales', '--by', 'year'])).code).toBe(2);
    expect((await run(['--db', db, 'report', 'sales', '--from', '2026-02-30'])).code).toBe(2);

    const stock = await json(db, ['report', 'stock', '--low', '8']);
    expect(stock).toEqual([expect.objectContaining({ sku: 'MUG-1', onHand: 10, reserved: 3, available: 7, state: 'low', name: 'Mug' })]);
    expect(await json(db, ['report', 'stock', '--low', '6'])).toEqual([]);
  });
});

describe('shopctl completion', () => {
  it('bash: nouns, verbs and flags, and bash accepts the script', async () => {
    const { dir, db } = tempDb();
    const result = await run(['--db', db, 'completion', 'bash']);
    expect(result.code).toBe(0);
    expect(result.out).toMatch(/opts="init category product inventory events customer cart order outbox import .*report completion"/);
    expect(result.out).toContain('product) opts="create update-price add-variant deactivate activate update list show"');
    expect(result.out).toMatch(/"order place"\) opts="[^"]*--postal-code/);
    const file = path.join(dir, 'shopctl.bash');
    fs.writeFileSync(file, result.out);
    const check = spawnSync('bash', ['-c', `source ${file}; COMP_WORDS=(shopctl prod); COMP_CWORD=1; _shopctl_complete; echo "\${COMPREPLY[@]}"; ` +
      `COMP_WORDS=(shopctl --db x.db order pl); COMP_CWORD=4; _shopctl_complete; echo "\${COMPREPLY[@]}"`], { encoding: 'utf8' });
    expect(check.stdout.split('\n').slice(0, 2)).toEqual(['product', 'place']);
    expect(shopExists(db)).toBe(false); // completion never touches the database
  });

  it('bash completes order numbers and SKUs from the shop named by --db', async () => {
    const { db, dir } = tempDb();
    await cli(['--db', db, 'category', 'create', 'Kitchen']);
    await cli(['--db', db, 'product', 'create', '--name', 'Mug', '--price', '5', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '5']);
    const script = `${dir}/c.bash`;
    fs.writeFileSync(script, (await run(['completion', 'bash'])).out);
    fs.writeFileSync(`${dir}/shopctl`, `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(SHOPCTL)} "$@"\n`, { mode: 0o755 });
    const check = spawnSync('bash', ['-c', `source ${script}; COMP_WORDS=(shopctl --db ${db} inventory restock M); COMP_CWORD=5; _shopctl_complete; echo "\${COMPREPLY[@]}"`],
      { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
    expect(check.stdout.trim()).toBe('MUG-1');
  });

  it('zsh and fish scripts; an unknown shell is a usage error', async () => {
    expect((await run(['completion', 'zsh'])).out).toContain('bashcompinit');
    const fish = (await run(['completion', 'fish'])).out;
    expect(fish).toContain('__fish_seen_subcommand_from order; and __fish_seen_subcommand_from ship" -l tracking');
    expect((await run(['completion', 'tcsh'])).code).toBe(2);
  });
});
