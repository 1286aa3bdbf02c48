// Reads a CSV file record by record, synchronously (the import runs inside one SQLite
// transaction, which better-sqlite3 keeps synchronous), in fixed-size chunks: memory does not
// grow with the file. csv-parse does the parsing; this adds what the import needs on top:
// the physical line each record starts on, UTF-8 checking, and the content hash.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import { Parser } from 'csv-parse';

const CHUNK_BYTES = 16 * 1024;
const MAX_RECORD_BYTES = 1024 * 1024;

export interface CsvRecord {
  /** The file's line number (1-based) where the record starts; quoted newlines count. */
  line: number;
  fields: string[];
}

/** A problem that stops reading: the rest of the file cannot be split into records reliably. */
export class CsvSyntaxError extends Error {
  constructor(readonly line: number, message: string) {
    super(message);
  }
}

/** csv-parse's synchronous core (what its stream and sync APIs both drive). */
interface CsvParseCore {
  parse(chunk: Buffer | undefined, end: boolean, push: (record: string[]) => void, close: () => void): Error | undefined;
  info: { lines: number; empty_lines: number };
}

export class CsvReader {
  bytesRead = 0;
  /** Whether any byte sequence so far was not valid UTF-8 (such bytes read as U+FFFD). */
  sawInvalidUtf8 = false;
  private readonly hash = createHash('sha256');

  constructor(private readonly file: string) {}

  /** SHA-256 of everything read so far (complete once records() is exhausted). */
  digest(): string {
    return this.hash.copy().digest('hex');
  }

  *records(): Generator<CsvRecord> {
    const parser = new Parser({
      bom: true,
      relax_column_count: true,
      skip_empty_lines: true,
      record_delimiter: ['\r\n', '\n'],
      // Bounded memory even for a file whose first quote never closes.
      max_record_size: MAX_RECORD_BYTES,
    }) as unknown as { api: CsvParseCore };
    const core = parser.api;
    const utf8 = new TextDecoder('utf-8', { fatal: true });
    const pending: CsvRecord[] = [];
    let lastEnd = 0;
    let lastEmpty = 0;
    // A record starts on the line after the previous one ended, plus any blank lines skipped.
    const nextStart = () => lastEnd + 1 + (core.info.empty_lines - lastEmpty);
    const push = (fields: string[]) => {
      pending.push({ line: nextStart(), fields });
      lastEnd = core.info.lines;
      lastEmpty = core.info.empty_lines;
    };
    const fd = fs.openSync(this.file, 'r');
    try {
      for (;;) {
        // A fresh buffer per chunk: the parser may keep a reference to an unfinished tail.
        const buffer = Buffer.allocUnsafe(CHUNK_BYTES);
        const read = fs.readSync(fd, buffer, 0, CHUNK_BYTES, null);
        const chunk = read === 0 ? undefined : buffer.subarray(0, read);
        if (chunk) {
          this.hash.update(chunk);
          this.bytesRead += read;
        }
        this.checkUtf8(utf8, chunk);
        const error = core.parse(chunk, chunk === undefined, push, () => undefined);
        for (const record of pending) yield record;
        pending.length = 0;
        if (error) throw new CsvSyntaxError(nextStart(), describeCsvError(error));
        if (!chunk) return;
      }
    } finally {
      fs.closeSync(fd);
    }
  }

  private checkUtf8(decoder: TextDecoder, chunk: Buffer | undefined): void {
    if (this.sawInvalidUtf8) return;
    try {
      if (chunk) decoder.decode(chunk, { stream: true });
      else decoder.decode();
    } catch {
      this.sawInvalidUtf8 = true;
    }
  }
}

function describeCsvError(error: Error): string {
  const code = (error as { code?: string }).code;
  switch (code) {
    case 'CSV_QUOTE_NOT_CLOSED': return 'a quoted field is never closed (a " is missing)';
    case 'INVALID_OPENING_QUOTE': return 'a quote (") appears inside an unquoted field; quote the whole field and double the inner quotes';
    case 'CSV_MAX_RECORD_SIZE': return `a record is longer than ${MAX_RECORD_BYTES} bytes (is a quote never closed?)`;
    case 'CSV_INVALID_CLOSING_QUOTE': return 'a quoted field continues after its closing quote; double quotes inside quoted fields ("")';
    default: return `the CSV cannot be read: ${error.message}`;
  }
}
