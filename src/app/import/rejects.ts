// The rejects file (--rejects): every rejected row as it was read (cells a spreadsheet would
// run neutralised), plus an `error` cell naming line, column, reason and code. Written through
// the output module's AtomicFile, and made durable and put in place INSIDE the import's
// transaction, before it commits: if the file cannot be written (disk full), the import rolls
// back and nothing is applied. With no rejected row, an existing file is left alone.
import { AtomicFile, csvLine, OutputError, refuseProtectedTarget, shopFiles, type FileCalls } from '../output/index.js';
import { UsageError } from '../errors.js';
import type { RowProblem } from './problems.js';

export class RejectsFile {
  private file: AtomicFile | undefined;
  private width = 0;
  rows = 0;

  /** Checks the path up front: the database, its companions and the input are refused. */
  constructor(readonly target: string, dbPath: string, input: string, private readonly calls?: FileCalls) {
    let probe: AtomicFile | undefined;
    try {
      refuseProtectedTarget(target, '--rejects', shopFiles(dbPath, input));
      // Opening (and removing) a temporary file now proves the folder is writable before any row is read.
      probe = this.newFile();
      probe.write('');
    } catch (error) {
      if (error instanceof OutputError) throw new UsageError(error.message);
      throw error;
    } finally {
      probe?.discard();
    }
  }

  /** Starts (or restarts, when the transaction is retried) with the file's header plus `error`. */
  begin(header: string[]): void {
    this.file?.discard();
    this.file = this.newFile();
    this.width = header.length;
    this.rows = 0;
    this.file.write(csvLine([...header, 'error']));
  }

  /** A short row is padded to the header's width; the error is always the row's last cell. */
  add(fields: string[], problem: RowProblem): void {
    const cells = fields.length < this.width ? [...fields, ...Array<string>(this.width - fields.length).fill('')] : fields;
    this.file?.write(csvLine([...cells, `${problem.message} [${problem.code}]`]));
    this.rows++;
  }

  /**
   * With rejected rows: makes the file durable and puts it in place (throws OutputError when it
   * cannot). Without any: leaves an existing file alone.
   */
  commit(): void {
    const file = this.file;
    this.file = undefined;
    if (this.rows > 0) file?.commit();
    else file?.discard();
  }

  discard(): void {
    this.file?.discard();
    this.file = undefined;
  }

  private newFile(): AtomicFile {
    return new AtomicFile(this.target, { label: `--rejects ${this.target}`, calls: this.calls });
  }
}
