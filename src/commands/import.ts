// shopctl import restock|products|history: CSV files from cron jobs (docs/import.md).
import type { Command } from 'commander';
import { UsageError, invalidArgument } from '../app/errors.js';
import {
  describeProblems, importHistory, importProducts, importRestock, ImportRejectedError,
  type ImportKind, type ImportOptions, type ImportProgress, type ImportReport, type ProductFileFormat,
} from '../app/import/index.js';
import { action, examples, flagSet, flagString, type Flags } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import type { CliIO } from './io.js';
import { OutputError, refuseProtectedTarget, shopFiles } from '../app/output/index.js';
import { forTerminal } from './terminalText.js';
import { parseCountArg } from './parse.js';

type ImportFunction = (app: ReturnType<CliContext['shop']>, options: ImportOptions) => Promise<ImportReport>;

export function registerImportCommands(program: Command, io: CliIO): void {
  const group = program.command('import').description('import restock files and product feeds (CSV), list past imports');

  const common = (command: Command) => command
    .option('--skip-invalid', 'apply the valid rows, reject the others (exit 6 if any were rejected)')
    .option('--rejects <file>', 'write rejected rows, with an error column, to this CSV file')
    .option('--dry-run', 'check every row and report what would change; write nothing');

  examples(
    common(group.command('restock').description('add stock from a CSV of sku (or product_id) and quantity')
      .argument('<file>', 'CSV file, or - for stdin'))
      .option('--force', 'import even if this exact content was imported before'),
    [
      'shopctl import restock fixtures/restock.csv',
      'shopctl import restock nightly.csv --skip-invalid --rejects rejected.csv',
      'cat nightly.csv | shopctl --json import restock -',
    ],
  ).action(action(io, ([file], flags) => ({ file, ...commonOptions(flags), force: flagSet(flags, 'force') }), importRestockCommand));

  examples(
    common(group.command('products').description('create or update products and variants from a product CSV (shopctl, Shopify or WooCommerce)')
      .argument('<file>', 'CSV file, or - for stdin'))
      .option('--create-categories', 'create missing categories named by paths like "Apparel > Shirts"')
      .option('--format <format>', 'shopctl, shopify or woocommerce (default: recognised from the header)')
      .option('--default-category <name>', 'category of Shopify/WooCommerce products whose row names none'),
    [
      'shopctl import products fixtures/products.csv --create-categories',
      'shopctl import products feed.csv --dry-run',
      'shopctl import products products_export.csv --create-categories --default-category Misc',
      'shopctl import products wc-product-export.csv --format woocommerce --skip-invalid --rejects rejected.csv',
    ],
  ).action(action(io, ([file], flags) => ({
    file, ...commonOptions(flags), createCategories: flagSet(flags, 'createCategories'),
    format: flagString(flags, 'format'), defaultCategory: flagString(flags, 'defaultCategory'),
  }), importProductsCommand));

  examples(
    group.command('history').description('list past imports, newest first')
      .option('--kind <kind>', 'only "restock" or "products" imports')
      .option('--limit <n>', 'at most n imports'),
    ['shopctl import history', 'shopctl --json import history --kind restock --limit 5'],
  ).action(action(io, (_args, flags) => ({ kind: flagString(flags, 'kind'), limit: flagString(flags, 'limit') }), importHistoryCommand));
}

const PRODUCT_FILE_FORMATS: readonly ProductFileFormat[] = ['shopctl', 'shopify', 'woocommerce'];

function parseFormat(text: string | undefined): ProductFileFormat | undefined {
  const format = text?.trim().toLowerCase();
  if (format === undefined) return undefined;
  if (!(PRODUCT_FILE_FORMATS as readonly string[]).includes(format)) {
    throw invalidArgument(`--format "${text}" is not a product file format`, `use ${PRODUCT_FILE_FORMATS.join(', ')}`);
  }
  return format as ProductFileFormat;
}

function commonOptions(flags: Flags) {
  return { skipInvalid: flagSet(flags, 'skipInvalid'), rejects: flagString(flags, 'rejects'), dryRun: flagSet(flags, 'dryRun') };
}

/** What both CSV imports take. */
export interface ImportFileOptions {
  /** A path, or "-" for stdin. */
  file: string;
  skipInvalid: boolean;
  rejects?: string;
  dryRun: boolean;
}

export interface ImportRestockOptions extends ImportFileOptions {
  /** Import content that was imported before. */
  force: boolean;
}

export function importRestockCommand(ctx: CliContext, options: ImportRestockOptions): Promise<void> {
  return runImportCommand(ctx, 'restock', importRestock, options);
}

export interface ImportProductsOptions extends ImportFileOptions {
  createCategories: boolean;
  /** shopctl, shopify or woocommerce, as typed; recognised from the header when absent. */
  format?: string;
  /** Category of Shopify/WooCommerce products whose row names none. */
  defaultCategory?: string;
}

export function importProductsCommand(ctx: CliContext, options: ImportProductsOptions): Promise<void> {
  return runImportCommand(ctx, 'products', importProducts, options);
}

export interface ImportHistoryOptions {
  /** "restock" or "products", as typed. */
  kind?: string;
  limit?: string;
}

export async function importHistoryCommand(ctx: CliContext, options: ImportHistoryOptions): Promise<void> {
  const kind = options.kind;
  if (kind !== undefined && kind !== 'restock' && kind !== 'products') {
    throw invalidArgument(`--kind "${kind}" is not an import kind`, 'use restock or products');
  }
  const records = importHistory(ctx.shop(), {
    kind: kind as ImportKind | undefined, limit: options.limit === undefined ? undefined : parseCountArg(options.limit, '--limit', 1),
  });
  if (ctx.json) return ctx.printJson(records);
  if (records.length === 0) return ctx.out('No imports yet. Try `shopctl import restock <file>`.');
  ctx.out(ctx.table(
    ['Imported at', 'Kind', 'File', 'Read', 'Applied', 'Rejected', 'Events', 'SHA-256', 'Id'],
    records.map((r) => [
      r.importedAt, r.kind + (r.forced ? ' (forced)' : ''), r.fileName, r.rowsRead, r.rowsApplied, r.rowsRejected,
      r.eventsWritten, r.sha256.slice(0, 12), r.id,
    ]),
  ));
}

async function runImportCommand(
  ctx: CliContext, kind: ImportKind, run: ImportFunction,
  options: ImportFileOptions & { force?: boolean; createCategories?: boolean; format?: string; defaultCategory?: string },
): Promise<void> {
  const format = parseFormat(options.format);
  const { file, rejects, defaultCategory } = options;
  if (defaultCategory !== undefined && defaultCategory.trim() === '') throw invalidArgument('--default-category needs a category name');
  if (rejects === '-') throw invalidArgument('--rejects needs a file name (stdout is for the report)');
  // Before the database is opened (or created): --rejects may never be the shop or the input.
  if (rejects !== undefined) {
    try {
      refuseProtectedTarget(rejects, '--rejects', shopFiles(ctx.dbPath, file));
    } catch (error) {
      throw error instanceof OutputError ? new UsageError(error.message) : error;
    }
  }
  // Rows typed at a terminal: say how to end them (and, for tests, that the import is listening).
  if (file === '-' && ctx.io.stdin.isTTY && !ctx.json) ctx.warn('Reading CSV rows from the terminal: press Ctrl-D on an empty line to import them, Ctrl-C to cancel.');
  const progress = progressBar(ctx, file);
  let report: ImportReport;
  try {
    report = await run(ctx.shop(), {
      file, stdin: ctx.io.stdin, rejects,
      skipInvalid: options.skipInvalid, dryRun: options.dryRun, force: options.force === true,
      createCategories: options.createCategories === true, format, defaultCategory,
      onWarning: (text) => ctx.warn(text),
      onProgress: progress?.update,
    });
  } catch (error) {
    progress?.clear();
    if (error instanceof ImportRejectedError && !ctx.json) {
      for (const line of describeProblems(error.problems)) ctx.warn(line);
      if (rejects && error.problems.count > 0) ctx.warn(`rejected rows written to ${rejects}`);
    }
    throw error;
  }
  progress?.clear();
  printReport(ctx, kind, report);
  if (report.rowsRejected > 0) {
    throw new ExitWithCode(
      EXIT.rowsRejected,
      `${report.rowsRejected.toLocaleString('en-US')} row${report.rowsRejected === 1 ? ' was' : 's were'} rejected` +
        (report.rejectsFile ? ` (see ${report.rejectsFile})` : ' (use --rejects <file> to keep them)'),
      'ROWS_REJECTED',
      { rowsRejected: report.rowsRejected, rejectsFile: report.rejectsFile },
    );
  }
}

function printReport(ctx: CliContext, kind: ImportKind, report: ImportReport): void {
  const n = (value: number) => value.toLocaleString('en-US');
  if (ctx.json) {
    ctx.printJson({
      id: report.importId, kind: report.kind, file: report.file, sha256: report.sha256, dryRun: report.dryRun, forced: report.forced,
      ...(report.format ? { format: report.format, formatRecognised: report.formatRecognised } : {}),
      rowsRead: report.rowsRead, rowsApplied: report.rowsApplied, rowsRejected: report.rowsRejected, rowsSkipped: report.rowsSkipped,
      eventsWritten: report.eventsWritten, seconds: round(report.seconds, 3), rowsPerSecond: Math.round(report.rowsPerSecond),
      changes: report.changes, rejectsFile: report.rejectsFile, warnings: report.warnings,
      errors: report.problems.errors, errorGroups: report.problems.groups,
    });
    return;
  }
  const c = ctx.color;
  for (const line of describeProblems(report.problems)) ctx.warn(line);
  const ch = report.changes;
  const what = kind === 'restock'
    ? `restocked ${n(ch.itemsRestocked ?? 0)} item${ch.itemsRestocked === 1 ? '' : 's'} by ${n(ch.unitsAdded ?? 0)} units`
    : `${n(ch.productsCreated ?? 0)} products and ${n(ch.variantsCreated ?? 0)} variants created, ${n(ch.pricesUpdated ?? 0)} prices updated, ` +
      `${n(ch.categoriesCreated ?? 0)} categories created, ${n(ch.rowsUnchanged ?? 0)} rows unchanged` + productExtras(ch, report.rowsSkipped);
  if (report.format && (report.format !== 'shopctl' || !report.formatRecognised)) {
    ctx.warn(`${report.file}: read as ${FORMAT_NAMES[report.format]}${report.formatRecognised ? ' (recognised from the header)' : ' (--format)'}`);
  }
  if (report.dryRun) {
    ctx.out(`${c.yellow('dry run:')} ${report.file} would apply ${n(report.rowsApplied)} of ${n(report.rowsRead)} rows ` +
      `and write ${n(report.eventsWritten)} events (${what}); nothing was written`);
  } else {
    ctx.out(`${c.green('✔')} imported ${report.file}: ${n(report.rowsApplied)} of ${n(report.rowsRead)} rows applied, ${what}`);
    if (report.rejectsFile) ctx.out(`  rejected rows: ${report.rejectsFile}`);
    ctx.out(`Next: ${c.cyan(kind === 'restock' ? 'shopctl inventory list' : 'shopctl product list')} or ${c.cyan('shopctl import history')}`);
  }
  ctx.warn(
    `${report.file}: ${n(report.rowsRead)} rows read, ${n(report.rowsApplied)} applied, ${n(report.rowsRejected)} rejected, ` +
      `${n(report.eventsWritten)} events ${report.dryRun ? 'would be ' : ''}written in ${report.seconds.toFixed(2)} s ` +
      `(${n(Math.round(report.rowsPerSecond))} rows/s)`,
  );
}

const FORMAT_NAMES: Record<string, string> = {
  shopctl: "shopctl's product feed", shopify: 'a Shopify product CSV', woocommerce: 'a WooCommerce product CSV',
};

/** What only Shopify/WooCommerce files report: derived SKUs, skipped rows, products not for sale. */
function productExtras(ch: Record<string, number>, rowsSkipped: number): string {
  const parts: string[] = [];
  if (ch.productsDeactivated) parts.push(`${ch.productsDeactivated.toLocaleString('en-US')} deactivated (draft or unpublished)`);
  if (ch.skusDerived) parts.push(`${ch.skusDerived.toLocaleString('en-US')} SKUs derived`);
  if (ch.imageRowsSkipped) parts.push(`${ch.imageRowsSkipped.toLocaleString('en-US')} image-only rows skipped`);
  if (ch.productsSkipped) parts.push(`${ch.productsSkipped.toLocaleString('en-US')} grouped/external/downloadable products skipped`);
  else if (rowsSkipped > (ch.imageRowsSkipped ?? 0)) parts.push(`${(rowsSkipped - (ch.imageRowsSkipped ?? 0)).toLocaleString('en-US')} rows skipped`);
  return parts.length > 0 ? `; ${parts.join(', ')}` : '';
}

function round(value: number, digits: number): number {
  const f = 10 ** digits;
  return Math.round(value * f) / f;
}

/** A progress bar on stderr, only when stderr is a terminal (never in cron logs or pipes). */
function progressBar(ctx: CliContext, file: string): { update: (p: ImportProgress) => void; clear: () => void } | undefined {
  const stderr = ctx.io.stderr;
  if (!stderr.isTTY) return undefined;
  let last = 0;
  let shown = false;
  return {
    update: ({ bytes, totalBytes, rows }) => {
      const now = Date.now();
      if (now - last < 100) return;
      last = now;
      const fraction = totalBytes > 0 ? Math.min(1, bytes / totalBytes) : 0;
      const width = 30;
      const filled = Math.round(fraction * width);
      stderr.write(`\r${forTerminal(file)} [${'#'.repeat(filled)}${'-'.repeat(width - filled)}] ${(fraction * 100).toFixed(0).padStart(3)}% ${rows.toLocaleString('en-US')} rows`);
      shown = true;
    },
    clear: () => {
      if (shown) stderr.write('\r\x1b[2K');
      shown = false;
    },
  };
}
