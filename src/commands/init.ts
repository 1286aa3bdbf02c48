// shopctl init [--currency]
import type { Command } from 'commander';
import { initShop } from '../app/init.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { parseCurrencyArg } from './parse.js';

export function registerInitCommand(program: Command, io: CliIO): void {
  examples(
    program.command('init').description('create (or check) the database and set the shop currency')
      .option('--currency <code>', 'ISO 4217 currency for all prices (default USD)'),
    ['shopctl init', 'shopctl --db shop.db init --currency EUR'],
  ).action(action(io, (_args, flags) => ({ currency: flagString(flags, 'currency') }), init));
}

export interface InitOptions {
  /** An ISO 4217 code in any letter case; the shop's currency is kept when absent. */
  currency?: string;
}

export function init(ctx: CliContext, options: InitOptions): void {
  const currency = options.currency === undefined ? undefined : parseCurrencyArg(options.currency, '--currency');
  const result = initShop(ctx.shop(), currency);
  if (ctx.json) return ctx.printJson({ db: ctx.shownDb, ...result });
  ctx.out(`${ctx.color.green('✔')} shop database ready at ${ctx.shownDb} (currency ${result.currency}, ${result.events} events)`);
  if (result.events === 0) ctx.out(`Next: ${ctx.color.cyan('shopctl category create <name>')}`);
}
