// The rejects file (--rejects): every rejected row as it was read, plus an `error` cell naming
// line, column, reason and code. Written to a temporary file beside the target and renamed
// into place only when the import finishes, so a failed run never leaves a half file.
import fs from 'node:fs';
import path from 'node:path';
import { UsageError } from '../errors.js';
import type { RowProblem } from './problems.js';

const FLUSH_BYTES = 64 * 1024;

export class RejectsFile {
  private readonly temp: string;
  private fd: number | undefined;
  private buffered: string[] = [];
  private bufferedBytes = 0;
  private width = 0;
  rows = 0;

  constructor(readonly target: string) {
    this.temp = path.join(path.dirname(path.resolve(target)), `.${path.basename(target)}.${process.pid}.tmp`);
    checkTarget(target);
  }

  /** Starts (or restarts, when the transaction is retried) with the file's header plus `error`. */
  begin(header: string[]): void {
    this.discard();
    this.fd = fs.openSync(this.temp, 'w', 0o600);
    this.width = header.length;
    this.rows = 0;
    this.write([...header, 'error']);
  }

  /** A short row is padded to the header's width; the error is always the row's last cell. */
  add(fields: string[], problem: RowProblem): void {
    const cells = fields.length < this.width ? [...fields, ...Array<string>(this.width - fields.length).fill('')] : fields;
    this.write([...cells, `${problem.message} [${problem.code}]`]);
    this.rows++;
  }

  /** Moves the finished file into place. */
  commit(): void {
    if (this.fd === undefined) return;
    this.flush();
    fs.closeSync(this.fd);
    this.fd = undefined;
    fs.renameSync(this.temp, this.target);
  }

  discard(): void {
    if (this.fd !== undefined) fs.closeSync(this.fd);
    this.fd = undefined;
    this.buffered = [];
    this.bufferedBytes = 0;
    fs.rmSync(this.temp, { force: true });
  }

  private write(cells: string[]): void {
    const line = cells.map(csvCell).join(',') + '\n';
    this.buffered.push(line);
    this.bufferedBytes += line.length;
    if (this.bufferedBytes >= FLUSH_BYTES) this.flush();
  }

  private flush(): void {
    if (this.fd === undefined || this.buffered.length === 0) return;
    fs.writeSync(this.fd, this.buffered.join(''));
    this.buffered = [];
    this.bufferedBytes = 0;
  }
}

/**
 * Refuses an unusable --rejects path before the import starts: the rename happens after the
 * import has committed, and failing there would report an error for an import that was applied.
 */
function checkTarget(target: string): void {
  const folder = path.dirname(path.resolve(target));
  let existing: fs.Stats | undefined;
  try {
    if (!fs.statSync(folder).isDirectory()) throw new UsageError(`--rejects ${target}: ${folder} is not a folder`);
    existing = fs.statSync(target, { throwIfNoEntry: false });
  } catch (error) {
    if (error instanceof UsageError) throw error;
    throw new UsageError(`--rejects ${target}: cannot write there (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`);
  }
  if (existing && !existing.isFile()) throw new UsageError(`--rejects ${target}: not a regular file`);
}

function csvCell(value: string): string {
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}
