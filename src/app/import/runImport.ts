// Runs one CSV import as ONE transaction: header first, then every row validated and applied
// in file order. All-or-nothing (the default) throws at the end if any row had a problem, so
// the transaction rolls back and nothing is written; --skip-invalid commits the good rows;
// --dry-run always rolls back and reports what would have changed.
import { DomainError } from '../../domain/errors.js';
import type { ImportProblemCode } from '../../domain/importRows.js';
import type { ImportKind, UnitOfWork } from '../../store/index.js';
import type { ShopApp } from '../shopApp.js';
import { CsvReader, CsvSyntaxError, type CsvRecord } from './csvReader.js';
import { collectGarbage, GC_EVERY_ROWS, withLeanHeap } from './memory.js';
import { readHeader, type ColumnSpec, type Header } from './header.js';
import { ImportRejectedError, ProblemLog, rowProblem, type ProblemSummary, type RowProblem } from './problems.js';
import { RejectsFile } from './rejects.js';
import { OutputError, type FileCalls } from '../output/index.js';
import { UsageError } from '../errors.js';
import { openImportSource, type ImportSource } from './source.js';
import type { Readable } from 'node:stream';

export interface ImportOptions {
  /** A path, or "-" for stdin. */
  file: string;
  stdin: Readable;
  skipInvalid?: boolean;
  dryRun?: boolean;
  /** Import a restock file again although its content was imported before. */
  force?: boolean;
  /** Where rejected rows go (with an `error` column). */
  rejects?: string;
  /** Tests only: the file-system calls the rejects file makes (to simulate a full disk). */
  rejectsFileCalls?: FileCalls;
  createCategories?: boolean;
  /** Product files: the format, when not recognised from the header. */
  format?: ProductFileFormat;
  /** Product files: the category of a product whose row names none (Shopify, WooCommerce). */
  defaultCategory?: string;
  onWarning?: (text: string) => void;
  onProgress?: (progress: ImportProgress) => void;
}

export type ProductFileFormat = 'shopctl' | 'shopify' | 'woocommerce';

export interface ImportProgress {
  bytes: number;
  totalBytes: number;
  rows: number;
}

export interface ImportReport {
  /** The history record's id; null for a dry run (nothing recorded). */
  importId: string | null;
  kind: ImportKind;
  file: string;
  sha256: string;
  dryRun: boolean;
  forced: boolean;
  /** The file's format (product files: shopctl, shopify, woocommerce), null for restock files. */
  format: string | null;
  /** Whether the format was recognised from the header (not given with --format). */
  formatRecognised: boolean;
  rowsRead: number;
  rowsApplied: number;
  rowsRejected: number;
  /** Rows read but not imported by design (Shopify image-only rows, WooCommerce grouped products, …). */
  rowsSkipped: number;
  eventsWritten: number;
  seconds: number;
  rowsPerSecond: number;
  /** What changed (or would change): counts named by the import kind. */
  changes: Record<string, number>;
  problems: ProblemSummary;
  rejectsFile: string | null;
  warnings: string[];
}

/** One row as the importers see it: values by column name. */
export interface ImportRow {
  line: number;
  fields: string[];
  /** The cell under `column` (lower-case name), or undefined when the file has no such column. */
  value(column: string): string | undefined;
  /** This row as an ImportRow of its own, to keep beyond this call (a row held back). */
  keep(): ImportRow;
}

function rowOf(record: CsvRecord, index: ReadonlyMap<string, number>): ImportRow {
  const row: ImportRow = {
    line: record.line, fields: record.fields,
    value: (column) => {
      const at = index.get(column);
      return at === undefined ? undefined : record.fields[at];
    },
    keep: () => row,
  };
  return row;
}

/**
 * What became of a row: applied (null), rejected (a problem), skipped by design, or held back
 * (a WooCommerce variation read before its parent) to be settled later through `SettleRow`.
 */
export type RowOutcome = RowProblem | null | 'skipped' | 'held';

/** Settles a row that was held back: its line and fields, and what became of it. */
export type SettleRow = (record: CsvRecord, outcome: RowProblem | null | 'skipped') => void;

/** What one kind of import does with a row. */
export interface RowImporter {
  /** May a row still be applied after an earlier row failed in all-or-nothing mode? */
  keepApplyingAfterProblem: boolean;
  /** Checks one row and, when `apply`, appends its events. A problem means nothing of the row was written. */
  row(row: ImportRow, apply: boolean): RowOutcome;
  /**
   * Reads ahead, in a few set-based reads, what the next rows will need (called with each chunk
   * before its first row, only on a store where reads are round trips: UnitOfWork.readsAhead).
   */
  prefetch?(rows: readonly ImportRow[]): void;
  /** After the last row: settles every row still held back, finishes what waited for the end. */
  finish?(): void;
  changes(): Record<string, number>;
}

/** One file format of an import kind: its columns and how its rows are imported. */
export interface ImportFormat {
  /** What the report calls it (product files); undefined for restock files. */
  name?: ProductFileFormat;
  columns: ColumnSpec;
  /** The one warning about the file's columns this format does not read (default: "ignoring unknown columns"). */
  ignoredColumns?(unknown: string[], fileName: string): string;
  importer(app: ShopApp, uow: UnitOfWork, options: ImportOptions, settle: SettleRow): RowImporter;
}

export interface ImportKindSpec {
  kind: ImportKind;
  command: string;
  /**
   * How the store keeps read-model writes during the import: restocks touch few rows very often
   * (write-back cache); product feeds touch each row about once (SQL). Speed only: reads see
   * the import's own writes either way.
   */
  readModels: 'cached' | 'sql';
  /** Whether importing the same content twice is refused (restock) or harmless (products). */
  refuseRepeat: boolean;
  /** The file's format: --format, else recognised from the header's (lower-case, trimmed) names. */
  formatOf(headerNames: string[], options: ImportOptions): { format: ImportFormat; recognised: boolean };
}

const PROGRESS_EVERY_ROWS = 4096;
/** Rows between two yields to the event loop: a few milliseconds of work, a negligible cost. */
const CHECKPOINT_EVERY_ROWS = 4096;

class DryRunRollback extends Error {
  constructor(readonly report: ImportReport) {
    super('dry run: rolled back');
  }
}

export async function runImport(app: ShopApp, spec: ImportKindSpec, options: ImportOptions): Promise<ImportReport> {
  const started = performance.now();
  // The rejects path is checked first: refused, it leaves no spooled stdin behind.
  const rejects = options.rejects && !options.dryRun ? new RejectsFile(options.rejects, app.dbPath, options.file, options.rejectsFileCalls) : undefined;
  const source = await openImportSource(options.file, options.stdin);
  const previousSource = app.source;
  app.source = `import:${source.sha256}`;
  const warned = new Set<string>();
  const warnings: string[] = [];
  const warn = (text: string) => {
    if (warned.has(text)) return; // a retried transaction must not warn twice
    warned.add(text);
    warnings.push(text);
    options.onWarning?.(text);
  };
  try {
    const { value: report } = await withLeanHeap(() => app.executeStepwise(
      spec.command,
      (uow, _info, checkpoint) => importInTransaction(app, uow, checkpoint, spec, options, source, rejects, warn, warnings, started),
      { readModels: spec.readModels, retainEvents: false, bulk: true },
    ));
    return report;
  } catch (error) {
    if (error instanceof DryRunRollback) return error.report;
    // A refused import still hands over its rejects file: it is the list of what to fix.
    if (error instanceof ImportRejectedError && rejects) rejects.commit();
    else rejects?.discard();
    if (error instanceof OutputError) {
      throw new OutputError(`${error.message}; the import was rolled back, nothing was applied`, error.badPath, error.reason, error, 'REJECTS_WRITE_FAILED');
    }
    throw error;
  } finally {
    app.source = previousSource;
    source.cleanup();
  }
}

async function importInTransaction(
  app: ShopApp, uow: UnitOfWork, checkpoint: () => Promise<void>, spec: ImportKindSpec, options: ImportOptions, source: ImportSource,
  rejects: RejectsFile | undefined, warn: (text: string) => void, warnings: string[], started: number,
): Promise<ImportReport> {
  const history = app.store.imports;
  const forced = Boolean(options.force) && spec.refuseRepeat;
  if (spec.refuseRepeat && !options.force) {
    const earlier = history.latestWithHash(spec.kind, source.sha256);
    if (earlier) {
      throw new DomainError(
        'ALREADY_IMPORTED',
        `${source.fileName === '-' ? 'this input' : source.fileName} was already imported at ${earlier.importedAt} ` +
          `(import ${earlier.id} of ${earlier.fileName}, ${earlier.rowsApplied} rows applied); nothing was written. ` +
          'Use --force to import the same content again',
        { sha256: source.sha256, earlierImport: earlier },
      );
    }
  }

  const reader = new CsvReader(source.path);
  const records = reader.records();
  const problems = new ProblemLog();
  const refuse = (summaryLine: string): never => {
    const summary = problems.summary();
    throw new ImportRejectedError(`${source.fileName}: ${summaryLine}; nothing was written`, summary, { file: source.fileName });
  };
  const fatal = (problem: RowProblem): never => {
    problems.add(problem);
    return refuse(problem.message);
  };

  // The header comes first: a missing column is reported before any row is read.
  let header: Header | undefined;
  let chosen: { format: ImportFormat; recognised: boolean };
  try {
    const first = nextRecord(records);
    if (!first) return fatal(rowProblem(1, null, 'EMPTY_FILE', 'the file is empty (expected a header line)'));
    chosen = spec.formatOf(first.fields.map((cell) => cell.trim().toLowerCase()), options);
    const read = readHeader(first.line, first.fields, chosen.format.columns);
    if ('problems' in read) {
      read.problems.forEach((p) => problems.add(p));
      return refuse(read.problems.length === 1 ? read.problems[0].message : `${read.problems.length} problems in the header`);
    }
    header = read.header;
  } catch (error) {
    if (error instanceof CsvSyntaxError) return fatal(rowProblem(error.line, null, 'INVALID_CSV', error.message));
    throw error;
  }
  const format = chosen.format;
  if (header.unknown.length > 0) {
    warn(format.ignoredColumns?.(header.unknown, source.fileName) ??
      `warning: ignoring unknown column${header.unknown.length > 1 ? 's' : ''} ${header.unknown.map((c) => `"${c}"`).join(', ')} in ${source.fileName}`);
  }
  rejects?.begin(header.raw);

  let rowsApplied = 0;
  let rowsSkipped = 0;
  const reject = (record: CsvRecord, problem: RowProblem) => {
    problems.add(problem);
    rejects?.add(record.fields, problem);
  };
  const settle: SettleRow = (record, outcome) => {
    if (outcome === 'skipped') rowsSkipped++;
    else if (outcome) reject(record, outcome);
    else rowsApplied++;
  };
  const importer = format.importer(app, uow, options, settle);
  const columnNames = header.raw.map((c) => c.trim().toLowerCase());
  const index = header.index;
  let rowsRead = 0;
  let current: CsvRecord = { line: header.line, fields: [] };
  const row: ImportRow = { line: 0, fields: [], value: (column) => {
    const at = index.get(column);
    return at === undefined ? undefined : current.fields[at];
  }, keep: () => rowOf(current, index) };
  const prefetch = importer.prefetch && uow.readsAhead
    ? (chunk: readonly CsvRecord[]) => importer.prefetch!(chunk.map((record) => rowOf(record, index)))
    : undefined;
  try {
    for (const { record, sawInvalidUtf8 } of readRecords(records, reader, prefetch)) {
      if (isBlank(record.fields)) continue;
      rowsRead++;
      current = record;
      row.line = record.line;
      row.fields = record.fields;
      if (rowsRead % PROGRESS_EVERY_ROWS === 0) options.onProgress?.({ bytes: reader.bytesRead, totalBytes: source.size, rows: rowsRead });
      if (rowsRead % GC_EVERY_ROWS === 0) collectGarbage();
      // Where a Ctrl-C gets in: the transaction stays open across the yield (WriteSteps).
      if (rowsRead % CHECKPOINT_EVERY_ROWS === 0) await checkpoint();
      const shape = shapeProblem(record, columnNames, sawInvalidUtf8);
      if (shape) {
        reject(record, shape);
        continue;
      }
      const apply = problems.count === 0 || Boolean(options.skipInvalid) || importer.keepApplyingAfterProblem;
      const outcome = importer.row(row, apply);
      if (outcome !== 'held') settle(record, outcome);
    }
    importer.finish?.();
  } catch (error) {
    // Past a syntax error the records cannot be told apart: the import stops, even with --skip-invalid.
    if (error instanceof CsvSyntaxError) return fatal(rowProblem(error.line, null, 'INVALID_CSV', error.message));
    throw error;
  }
  options.onProgress?.({ bytes: reader.bytesRead, totalBytes: source.size, rows: rowsRead });

  if (rowsRead === 0) return fatal(rowProblem(header.line, null, 'NO_ROWS', 'the file has a header but no rows'));
  if (reader.digest() !== source.sha256) {
    throw new UsageError(`${source.fileName} changed while it was being imported; nothing was written`, 'import it again once it is complete', 'INPUT_CHANGED');
  }
  if (problems.count > 0 && !options.skipInvalid) {
    refuse(`${problems.count.toLocaleString('en-US')} of ${rowsRead.toLocaleString('en-US')} rows have problems (use --skip-invalid to import the others)`);
  }

  const seconds = (performance.now() - started) / 1000;
  const report: ImportReport = {
    importId: null, kind: spec.kind, file: source.fileName, sha256: source.sha256, dryRun: Boolean(options.dryRun), forced,
    format: format.name ?? null, formatRecognised: chosen.recognised,
    rowsRead, rowsApplied, rowsRejected: problems.count, rowsSkipped, eventsWritten: uow.eventsAppended,
    seconds, rowsPerSecond: seconds > 0 ? rowsRead / seconds : rowsRead,
    changes: importer.changes(), problems: problems.summary(), rejectsFile: rejects && problems.count > 0 ? options.rejects! : null,
    warnings,
  };
  if (options.dryRun) throw new DryRunRollback(report);
  report.importId = uow.newId();
  history.record({
    id: report.importId, kind: spec.kind, sha256: source.sha256, fileName: source.fileName, rowsRead,
    rowsApplied, rowsRejected: problems.count, eventsWritten: report.eventsWritten, forced, importedAt: uow.now,
  });
  // Durable and in place before the import commits: a rejects file that cannot be written
  // (disk full) throws here and rolls the whole import back.
  rejects?.commit();
  return report;
}

interface ReadRecord {
  record: CsvRecord;
  /** Whether the reader had met invalid UTF-8 when it read this record (it may be further on by now). */
  sawInvalidUtf8: boolean;
}

/**
 * The records one by one; given `prefetch`, read in chunks of CHECKPOINT_EVERY_ROWS, each shown
 * to `prefetch` before its first record is yielded. A read error (a CSV syntax error) is thrown
 * where it was met: after the records before it, as without reading ahead.
 */
function* readRecords(
  records: Iterator<CsvRecord>, reader: CsvReader, prefetch: ((chunk: readonly CsvRecord[]) => void) | undefined,
): Generator<ReadRecord> {
  if (!prefetch) {
    for (let next = records.next(); !next.done; next = records.next()) yield { record: next.value, sawInvalidUtf8: reader.sawInvalidUtf8 };
    return;
  }
  for (;;) {
    const chunk: ReadRecord[] = [];
    let failed = false;
    let failure: unknown;
    let done = false;
    try {
      while (chunk.length < CHECKPOINT_EVERY_ROWS) {
        const next = records.next();
        if (next.done) {
          done = true;
          break;
        }
        chunk.push({ record: next.value, sawInvalidUtf8: reader.sawInvalidUtf8 });
      }
    } catch (error) {
      failed = true;
      failure = error;
    }
    if (chunk.length > 0) prefetch(chunk.map((read) => read.record));
    yield* chunk;
    if (failed) throw failure;
    if (done) return;
  }
}

function nextRecord(records: Iterator<CsvRecord>): CsvRecord | undefined {
  for (;;) {
    const next = records.next();
    if (next.done) return undefined;
    if (!isBlank(next.value.fields)) return next.value;
  }
}

/** A line of only separators and spaces (a spreadsheet's trailing ",,,") is not a row. */
function isBlank(fields: string[]): boolean {
  for (const field of fields) if (field.trim() !== '') return false;
  return true;
}

/** Problems of the row's shape, before any of its values is looked at. */
function shapeProblem(record: CsvRecord, columns: string[], checkEncoding: boolean): RowProblem | null {
  if (record.fields.length !== columns.length) {
    return rowProblem(record.line, null, 'WRONG_COLUMN_COUNT', `${record.fields.length} fields, but the header has ${columns.length}`);
  }
  if (checkEncoding) {
    const at = record.fields.findIndex((field) => field.includes('\uFFFD'));
    if (at >= 0) return rowProblem(record.line, columns[at] || `column ${at + 1}`, 'INVALID_ENCODING', 'is not valid UTF-8 (save the file as UTF-8)');
  }
  return null;
}

/** Maps a domain rejection of a row to the column it is about. */
export function problemFromDomainError(line: number, error: DomainError, columnFor: (code: string) => string | null): RowProblem {
  return rowProblem(line, columnFor(error.code), error.code as ImportProblemCode, error.message);
}
