// shopctl init [--currency]
import type { Command } from 'commander';
import { initShop } from '../app/init.js';
import { action, examples, flagString } from './action.js';
import type { CliIO } from './io.js';
import { UsageError } from '../app/errors.js';

export function registerInitCommand(program: Command, io: CliIO): void {
  examples(
    program.command('init').description('create (or check) the database and set the shop currency')
      .option('--currency <code>', 'ISO 4217 currency for all prices (default USD)'),
    ['shopctl init', 'shopctl --db shop.db init --currency EUR'],
  ).action(action(io, (ctx, _args, flags) => {
    const currency = flagString(flags, 'currency')?.trim().toUpperCase();
    // Node's ICU knows the ISO 4217 codes in use: XYZ has the shape but is no currency.
    if (currency !== undefined && !Intl.supportedValuesOf('currency').includes(currency)) {
      throw new UsageError(`--currency "${flagString(flags, 'currency')}" is not an ISO 4217 currency code`, 'e.g. USD, EUR, GBP');
    }
    const result = initShop(ctx.shop(), currency);
    if (ctx.json) return ctx.printJson({ db: ctx.dbPath, ...result });
    ctx.out(`${ctx.color.green('✔')} shop database ready at ${ctx.dbPath} (currency ${result.currency}, ${result.events} events)`);
    if (result.events === 0) ctx.out(`Next: ${ctx.color.cyan('shopctl category create <name>')}`);
  }));
}
