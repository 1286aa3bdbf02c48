// The imports table: one row per applied CSV import (hash, file, counts, time). It is what
// makes a restock file that a cron job runs twice a refusal instead of a second restock.
import type Database from 'better-sqlite3';

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
  importedAt: string;
}

interface ImportRow extends Omit<ImportRecord, 'forced' | 'kind'> {
  kind: string;
  forced: number;
}

function fromRow(row: ImportRow): ImportRecord {
  return { ...row, kind: row.kind as ImportKind, forced: row.forced === 1 };
}

export class ImportQueries {
  private readonly insert: Database.Statement;
  private readonly byHash: Database.Statement;
  private readonly newestFirst: Database.Statement;

  constructor(db: Database.Database) {
    this.insert = db.prepare(
      `INSERT INTO imports (id, kind, sha256, fileName, rowsRead, rowsApplied, rowsRejected, eventsWritten, forced, dryRun, importedAt)
       VALUES (@id, @kind, @sha256, @fileName, @rowsRead, @rowsApplied, @rowsRejected, @eventsWritten, @forced, 0, @importedAt)`,
    );
    // Dry runs are never recorded (they write nothing), but the column exists: filter on it anyway.
    this.byHash = db.prepare(
      'SELECT * FROM imports WHERE kind = ? AND sha256 = ? AND dryRun = 0 ORDER BY rowid DESC LIMIT 1',
    );
    this.newestFirst = db.prepare(
      'SELECT * FROM imports WHERE dryRun = 0 AND (@kind IS NULL OR kind = @kind) ORDER BY rowid DESC LIMIT @limit',
    );
  }

  /** Records an applied import; call inside the import's own transaction. */
  record(record: ImportRecord): void {
    this.insert.run({ ...record, forced: record.forced ? 1 : 0 });
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
