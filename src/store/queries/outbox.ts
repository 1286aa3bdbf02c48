// Reading and acknowledging the outbox: pending messages oldest first (streamed), marking
// delivered through a sequence, counts by type. Rows are written by ../outbox.ts.
import type Database from 'better-sqlite3';

/** What the export needs of a pending row (the payload stays JSON text). */
export interface PendingOutboxRow {
  sequence: number;
  messageId: string;
  type: string;
  subject: string;
  data: string;
  occurredAt: string;
}

export interface OutboxTypeCount {
  type: string;
  pending: number;
  delivered: number;
}

export interface OldestPending {
  sequence: number;
  type: string;
  occurredAt: string;
}

const PENDING_COLUMNS = 'sequence, messageId, type, subject, data, occurredAt';
type PendingTuple = [number, string, string, string, string, string];

/** Closing this generator early (break, throw) closes the statement's iterator too. */
function* asPendingRows(rows: IterableIterator<PendingTuple>): IterableIterator<PendingOutboxRow> {
  for (const [sequence, messageId, type, subject, data, occurredAt] of rows) {
    yield { sequence, messageId, type, subject, data, occurredAt };
  }
}

export class OutboxQueries {
  private readonly pendingAll: Database.Statement;
  private readonly pendingOfType: Database.Statement;
  private readonly markAll: Database.Statement;
  private readonly markOfType: Database.Statement;
  private readonly countsByType: Database.Statement;
  private readonly oldest: Database.Statement;
  private readonly highest: Database.Statement;

  constructor(db: Database.Database) {
    // `deliveredAt IS NULL` matches the partial index outbox_pending, so a long history of
    // delivered messages is never scanned. LIMIT -1 means no limit.
    // Raw arrays: better-sqlite3 builds them noticeably faster than row objects (export speed).
    this.pendingAll = db.prepare(
      `SELECT ${PENDING_COLUMNS} FROM outbox WHERE deliveredAt IS NULL ORDER BY sequence LIMIT ?`,
    ).raw(true);
    this.pendingOfType = db.prepare(
      `SELECT ${PENDING_COLUMNS} FROM outbox WHERE deliveredAt IS NULL AND type = ? ORDER BY sequence LIMIT ?`,
    ).raw(true);
    this.markAll = db.prepare('UPDATE outbox SET deliveredAt = ? WHERE deliveredAt IS NULL AND sequence <= ?');
    this.markOfType = db.prepare(
      'UPDATE outbox SET deliveredAt = ? WHERE deliveredAt IS NULL AND sequence <= ? AND type = ?',
    );
    this.countsByType = db.prepare(
      `SELECT type, SUM(deliveredAt IS NULL) AS pending, SUM(deliveredAt IS NOT NULL) AS delivered
       FROM outbox GROUP BY type ORDER BY type`,
    );
    this.oldest = db.prepare(
      'SELECT sequence, type, occurredAt FROM outbox WHERE deliveredAt IS NULL ORDER BY sequence LIMIT 1',
    );
    this.highest = db.prepare('SELECT MAX(sequence) FROM outbox').pluck();
  }

  /**
   * Pending messages, oldest first, one row at a time (nothing is loaded as a whole). While
   * the iterator is open the connection can run no other statement: finish it before acking.
   */
  pending(options: { type?: string; limit?: number } = {}): IterableIterator<PendingOutboxRow> {
    const limit = options.limit ?? -1;
    const rows = options.type === undefined ? this.pendingAll.iterate(limit) : this.pendingOfType.iterate(options.type, limit);
    return asPendingRows(rows as IterableIterator<PendingTuple>);
  }

  /** Marks pending messages with sequence ≤ `through` (of one type, if given) delivered; returns how many. */
  markDelivered(through: number, deliveredAt: string, type?: string): number {
    const result = type === undefined ? this.markAll.run(deliveredAt, through) : this.markOfType.run(deliveredAt, through, type);
    return result.changes;
  }

  counts(): OutboxTypeCount[] {
    return this.countsByType.all() as OutboxTypeCount[];
  }

  oldestPending(): OldestPending | undefined {
    return this.oldest.get() as OldestPending | undefined;
  }

  /** The highest sequence ever written (delivered or not), 0 for an empty outbox. */
  highestSequence(): number {
    return (this.highest.get() as number | null) ?? 0;
  }
}
