// shopctl db copy --from <file|url> --to <file|url>: move a whole shop between stores.
import type { Command } from 'commander';
import { copyShop, type CopyProgress } from '../app/dbCopy.js';
import { UsageError } from '../app/errors.js';
import { shownLocation } from '../app/location.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { withDefaultInterrupt } from './interrupt.js';
import { forTerminal } from './terminalText.js';

export function registerDbCommands(program: Command, io: CliIO): void {
  const db = program.command('db').description('the shop database as a whole: copy it between a file and PostgreSQL');
  examples(
    db.command('copy').description('copy a whole shop (log, outbox and delivery state, credentials, imports, settings) into an empty store, then verify it')
      .option('--from <file|url>', 'the shop to copy: a SQLite file or a postgres:// URL')
      .option('--to <file|url>', 'where to copy it: a new file, or a PostgreSQL database without a shop'),
    [
      'shopctl db copy --from shop.db --to postgres://shop@db.internal:5432/shop',
      'shopctl db copy --from "$SHOPCTL_DB" --to backup.db',
    ],
  ).action(action(io, (_args, flags) => ({ from: flagString(flags, 'from'), to: flagString(flags, 'to') }), dbCopy));
}

export interface DbCopyOptions {
  from?: string;
  to?: string;
}

export function dbCopy(ctx: CliContext, options: DbCopyOptions): void {
  if (!options.from) throw new UsageError('missing --from: the shop to copy', 'shopctl db copy --from <file|url> --to <file|url>');
  if (!options.to) throw new UsageError('missing --to: where to copy the shop', 'shopctl db copy --from <file|url> --to <file|url>');
  const progress = progressLine(ctx);
  let result;
  try {
    // Synchronous from end to end (copy, rebuild, verify): Ctrl-C ends the process at once and the
    // open transaction rolls back, rather than a "cancelled" handled after the copy committed.
    result = withDefaultInterrupt(() => copyShop(options.from!, options.to!, progress?.update));
  } finally {
    progress?.clear();
  }
  const from = shownLocation(options.from);
  const to = shownLocation(options.to);
  if (ctx.json) {
    return ctx.printJson({ ok: true, from, to, events: result.events, tables: result.tables, rowsCompared: result.verify.rowsCompared, seconds: result.seconds });
  }
  const rows = result.tables.filter((t) => t.table !== 'events' && t.rows > 0).map((t) => `${t.rows.toLocaleString('en-US')} ${t.table}`);
  ctx.out(`${ctx.color.green('✔')} copied ${result.events.toLocaleString('en-US')} events${rows.length ? ` (and ${rows.join(', ')})` : ''} from ${from} to ${to} in ${result.seconds.toFixed(1)} s`);
  ctx.out(`${ctx.color.green('✔')} verified: the log reads back the same and the read models match it (${result.verify.rowsCompared.toLocaleString('en-US')} rows compared)`);
  ctx.out(`Next: ${ctx.color.cyan(`shopctl --db ${to} events list`)}`);
}

/** One line of progress on stderr, only when stderr is a terminal. */
function progressLine(ctx: CliContext): { update: (p: CopyProgress) => void; clear: () => void } | undefined {
  const stderr = ctx.io.stderr;
  if (!stderr.isTTY) return undefined;
  let shown = false;
  return {
    update: ({ table, rows, total }) => {
      stderr.write(`\r\x1b[2Kcopying ${forTerminal(table)}: ${rows.toLocaleString('en-US')} / ${total.toLocaleString('en-US')}`);
      shown = true;
    },
    clear: () => {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
