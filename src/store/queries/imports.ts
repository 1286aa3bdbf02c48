// The imports table: one row per applied CSV import (hash, file, counts, time). It is what
// makes a restock file that a cron job runs twice a refusal instead of a second restock.
import { dialectOf } from '../dialect.js';
import type { SqlDatabase, SqlStatement } from '../sql.js';

export type ImportKind = 'restock' | 'products';

export interface ImportRecord {
  id: string;
  kind: ImportKind;
  sha256: string;
  fileName: string;
  rowsRead: number;
  rowsApplied: number;
  rowsRejected: number;
  eventsWritten: number;
  forced: boolean;
  /** As read back: always false (dry runs write nothing, so they are never recorded). */
  dryRun?: boolean;
  importedAt: string;
}

interface ImportRow extends Omit<ImportRecord, 'forced' | 'kind' | 'dryRun'> {
  kind: string;
  forced: number;
  dryRun: number;
}

/** The column that gives the order imports were recorded in: SQLite's rowid; a serial column on PostgreSQL. */
export function importRecordOrder(db: SqlDatabase): string {
  return dialectOf(db) === 'postgres' ? 'recordedOrder' : 'rowid';
}

function fromRow(row: ImportRow & { recordedOrder?: number }): ImportRecord {
  const { recordedOrder, ...record } = row; // PostgreSQL's stand-in for SQLite's rowid: not part of the record
  // Flags as booleans, as everywhere above the store (the column's 0 had reached `import history --json`).
  return { ...record, kind: row.kind as ImportKind, forced: row.forced === 1, dryRun: row.dryRun === 1 };
}

export class ImportQueries {
  private readonly insert: SqlStatement;
  private readonly byHash: SqlStatement;
  private readonly newestFirst: SqlStatement;

  constructor(db: SqlDatabase) {
    const recordOrder = importRecordOrder(db);
    this.insert = db.prepare(
      `INSERT INTO imports (id, kind, sha256, fileName, rowsRead, rowsApplied, rowsRejected, eventsWritten, forced, dryRun, importedAt)
       VALUES (@id, @kind, @sha256, @fileName, @rowsRead, @rowsApplied, @rowsRejected, @eventsWritten, @forced, 0, @importedAt)`,
    );
    // Dry runs are never recorded (they write nothing), but the column exists: filter on it anyway.
    this.byHash = db.prepare(
      `SELECT * FROM imports WHERE kind = ? AND sha256 = ? AND dryRun = 0 ORDER BY ${recordOrder} DESC LIMIT 1`,
    );
    this.newestFirst = db.prepare(
      `SELECT * FROM imports WHERE dryRun = 0 AND (@kind IS NULL OR kind = @kind) ORDER BY ${recordOrder} DESC LIMIT @limit`,
    );
  }

  /** Records an applied import; call inside the import's own transaction. */
  record(record: ImportRecord): void {
    this.insert.run({ ...record, forced: record.forced ? 1 : 0 }); // dryRun: never recorded (0 in the statement)
  }

  /** The latest applied import of this kind with this content hash, if any. */
  latestWithHash(kind: ImportKind, sha256: string): ImportRecord | undefined {
    const row = this.byHash.get(kind, sha256) as ImportRow | undefined;
    return row && fromRow(row);
  }

  /** Applied imports, newest first. */
  history(options: { kind?: ImportKind; limit?: number } = {}): ImportRecord[] {
    const rows = this.newestFirst.all({ kind: options.kind ?? null, limit: options.limit ?? -1 }) as ImportRow[];
    return rows.map(fromRow);
  }
}
