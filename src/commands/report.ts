// shopctl report sales|stock: what sold, and stock worth a look.
import type { Command } from 'commander';
import { invalidArgument } from '../app/errors.js';
import { salesReport, stockReport } from '../app/reports.js';
import { formatMinorUnits } from '../domain/money.js';
import { REPORT_PERIODS, type ReportPeriod } from '../domain/salesReport.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { parseCountArg } from './parse.js';

export function registerReportCommands(program: Command, io: CliIO): void {
  const report = program.command('report').description('reports: sales per period, stock to reorder');

  examples(
    report.command('sales').description('orders, units and revenue per period (confirmed, shipped, delivered; cancelled apart)')
      .option('--from <date>', 'first day, YYYY-MM-DD (local time)')
      .option('--to <date>', 'last day, YYYY-MM-DD (local time)')
      .option('--by <period>', `day, week or month (default day)`),
    ['shopctl report sales --by week', 'shopctl --json report sales --from 2026-11-01 --to 2026-11-30 --by month'],
  ).action(action(io, (_args, flags) => ({ from: flagString(flags, 'from'), to: flagString(flags, 'to'), by: flagString(flags, 'by') }), reportSales));

  examples(
    report.command('stock').description('sold-out and low items, with what is reserved')
      .option('--low <n>', 'at most n available counts as low (default 5)'),
    ['shopctl report stock', 'shopctl --json report stock --low 10'],
  ).action(action(io, (_args, flags) => ({ low: flagString(flags, 'low') }), reportStock));
}

/** Values as typed. */
export interface ReportSalesOptions { from?: string; to?: string; by?: string }

export function reportSales(ctx: CliContext, options: ReportSalesOptions): void {
  const by = parsePeriod(options.by);
  const from = optionalDay(options.from, '--from');
  const to = optionalDay(options.to, '--to');
  if (from && to && from > to) throw invalidArgument(`--from ${from} is after --to ${to}`);
  const result = salesReport(ctx.shop(), { from, to, by });
  if (ctx.json) {
    const money = (amount: number) => ({ amount, currency: result.currency });
    const shape = <T extends { revenue: number; cancelledAmount: number }>({ revenue, cancelledAmount, ...rest }: T) =>
      ({ ...rest, revenue: money(revenue), cancelledAmount: money(cancelledAmount) });
    return ctx.printJson({ ...result, periods: result.periods.map(shape), totals: shape(result.totals) });
  }
  if (result.periods.length === 0) return ctx.out('No confirmed or cancelled orders in this range.');
  printSales(ctx, result);
}

export interface ReportStockOptions { low?: string }

export function reportStock(ctx: CliContext, options: ReportStockOptions): void {
  const low = options.low === undefined ? 5 : parseCountArg(options.low, '--low', 0);
  const items = stockReport(ctx.shop(), low);
  if (ctx.json) return ctx.printJson(items);
  if (items.length === 0) return ctx.out(`Nothing sold out or at or below ${low} available.`);
  const c = ctx.color;
  ctx.out(ctx.table(['SKU', 'Product', 'State', 'On hand', 'Reserved', 'Available'], items.map((i) => [
    i.sku, i.name, i.state === 'sold out' ? c.red(i.state) : c.yellow(i.state), i.onHand, i.reserved, i.available,
  ]), [undefined, undefined, 'left']));
  ctx.out(`Next: ${c.cyan(`shopctl inventory restock ${items[0].sku ?? '<sku>'} <quantity>`)}`);
}

function printSales(ctx: CliContext, result: ReturnType<typeof salesReport>): void {
  const rows = result.periods.map((p) => [p.period, p.orders, p.units, formatMinorUnits(p.revenue), p.cancelledOrders, formatMinorUnits(p.cancelledAmount)]);
  const head = ['Period', 'Orders', 'Units', `Revenue (${result.currency})`, 'Cancelled', 'Cancelled amount'];
  const t = result.totals;
  const totals = ['Total', t.orders, t.units, formatMinorUnits(t.revenue), t.cancelledOrders, formatMinorUnits(t.cancelledAmount)];
  if (!ctx.terminal) {
    ctx.out(ctx.table(head, [...rows, totals]));
    return;
  }
  // On a terminal, a bar per period scaled to the best one, in the room the table leaves.
  const table = ctx.table([...head, ''], [...rows.map((r) => [...r, '']), [...totals, '']]).split('\n');
  const used = Math.max(...table.map((line) => line.trimEnd().length)) + 2;
  const room = Math.max(4, Math.min(40, (ctx.width ?? 100) - used));
  const best = Math.max(1, ...result.periods.map((p) => p.revenue));
  const bars = result.periods.map((p) => ctx.color.green('█'.repeat(Math.round((p.revenue / best) * room)) || (p.revenue > 0 ? '▏' : '')));
  ctx.out(table.map((line, i) => (i >= 1 && i <= bars.length ? `${line.trimEnd().padEnd(used - 2)}  ${bars[i - 1]}` : line.trimEnd())).join('\n'));
}

function parsePeriod(text: string | undefined): ReportPeriod {
  if (text === undefined) return 'day';
  const period = text.trim().toLowerCase() as ReportPeriod;
  if (!REPORT_PERIODS.includes(period)) throw invalidArgument(`--by "${text}" is not a period`, `one of ${REPORT_PERIODS.join(', ')}`);
  return period;
}

/** YYYY-MM-DD, a real calendar day. */
function optionalDay(text: string | undefined, flag: string): string | undefined {
  if (text === undefined) return undefined;
  const day = text.trim();
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(day);
  const date = match && new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  if (!match || !date || date.toISOString().slice(0, 10) !== day) {
    throw invalidArgument(`${flag} "${text}" is not a date`, 'use YYYY-MM-DD, e.g. 2026-11-01');
  }
  return day;
}
