// shopctl export products: the catalogue as a CSV that `import products` reads back
// (shopctl's feed, Shopify or WooCommerce).
import type { Command } from 'commander';
import { CATALOGUE_FORMATS, exportCatalogue, type CatalogueExportSummary, type CatalogueFormat } from '../app/catalogueExport/index.js';
import { invalidArgument } from '../app/errors.js';
import { fileSink, OutputError, refuseProtectedTarget, shopFiles, streamSink, type WritableLike } from '../app/output/index.js';
import { action, examples, flagString, type Flags } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import type { CliIO } from './io.js';

export interface ExportProductsOptions {
  format: CatalogueFormat;
  /** The file to write (atomically); undefined: stdout. */
  out?: string;
}

export function registerExportCommands(program: Command, io: CliIO): void {
  const group = program.command('export').description('export the catalogue as CSV (shopctl, Shopify or WooCommerce)');
  examples(
    group.command('products').description('write every product and variant (prices, categories, active flag, stock on hand) as CSV')
      .option('--format <format>', 'shopctl, shopify or woocommerce', 'shopctl')
      .option('--out <file>', 'write to this file (atomically: temp file, fsync, rename) instead of stdout'),
    [
      'shopctl export products --out catalogue.csv',
      'shopctl export products --format shopify --out products_export.csv',
      'shopctl export products --format woocommerce > wc-products.csv',
    ],
  ).action(action(io, (_args, flags) => exportOptionsOf(flags), exportProducts));
}

export function exportOptionsOf(flags: Flags): ExportProductsOptions {
  const format = (flagString(flags, 'format') ?? 'shopctl').trim().toLowerCase();
  if (!(CATALOGUE_FORMATS as readonly string[]).includes(format)) {
    throw invalidArgument(`--format "${flagString(flags, 'format')}" is not an export format`, `use ${CATALOGUE_FORMATS.join(', ')}`);
  }
  const out = flagString(flags, 'out');
  if (out !== undefined && (out.trim() === '' || out === '-')) throw invalidArgument('--out needs a file name (omit it to write to stdout)');
  return { format: format as CatalogueFormat, out };
}

/**
 * The CSV goes to --out or stdout; the summary to stdout when the CSV went to a file, to
 * stderr when the CSV is on stdout (so stdout stays pure CSV).
 */
export async function exportProducts(ctx: CliContext, options: ExportProductsOptions): Promise<void> {
  const toStdout = options.out === undefined;
  let summary: CatalogueExportSummary;
  try {
    // Checked before the database is opened: --out may never be the shop itself.
    if (!toStdout) refuseProtectedTarget(options.out!, '--out', shopFiles(ctx.dbPath));
    const sink = toStdout ? streamSink(ctx.io.stdout as WritableLike) : fileSink(options.out!, { label: options.out });
    summary = await exportCatalogue(ctx.shop(), options.format, sink);
  } catch (error) {
    if (error instanceof OutputError) {
      throw new ExitWithCode(error.badPath ? EXIT.usage : EXIT.internal, `export failed: ${error.message}; nothing was written`, 'EXPORT_FAILED', {
        out: options.out ?? '-',
      });
    }
    throw error;
  }
  const report = (text: string) => (toStdout ? ctx.warn(text) : ctx.out(text));
  if (ctx.json) {
    report(JSON.stringify({ ...summary, out: options.out ?? '-' }));
    return;
  }
  const where = toStdout ? 'stdout' : options.out;
  report(`${ctx.color.green('✔')} exported ${summary.products} product${summary.products === 1 ? '' : 's'} and ${summary.variants} ` +
    `variant${summary.variants === 1 ? '' : 's'} (${summary.rows} rows, ${options.format} format) to ${where}`);
  if (!toStdout) {
    const back = `shopctl import products ${options.out}${options.format === 'shopctl' ? '' : ` --format ${options.format}`} --create-categories`;
    report(`To read it back into a shop: ${ctx.color.cyan(back)}`);
  }
}
