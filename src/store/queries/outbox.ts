// Reading and acknowledging the outbox: pending messages oldest first (streamed), marking
// delivered through a sequence, counts by type. Rows are written by ../outbox.ts.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import { cloudEventLine, type OutboxMessage } from '../../domain/cloudEvents.js';

/** What the export needs of a pending row (the payload stays JSON text): the domain's shape. */
export type PendingOutboxRow = OutboxMessage;

/** Pending messages as the export writes them: their CloudEvents NDJSON lines, oldest first. */
export interface PendingBatch {
  /** Whole lines: UTF-8 bytes (a buffer of the batch's own) or text. */
  lines: string | Uint8Array;
  count: number;
  firstSequence: number;
  lastSequence: number;
  byType: Record<string, number>;
}

/** Lines per batch: about this many characters (few writes, bounded memory). */
export const BATCH_CHARS = 256 * 1024;

/** What a batch says of its messages, besides their lines. */
export type BatchTally = Omit<PendingBatch, 'lines'>;

/** `tally` (a new one when undefined) with one more message counted. */
export function tallied(tally: BatchTally | undefined, sequence: number, type: string): BatchTally {
  const batch = tally ?? { count: 0, firstSequence: sequence, lastSequence: sequence, byType: {} };
  batch.count++;
  batch.lastSequence = sequence;
  batch.byType[type] = (batch.byType[type] ?? 0) + 1;
  return batch;
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

const PENDING_COLUMNS = 'm.sequence, m.messageId, m.type, m.subject, m.data, m.occurredAt';
type PendingTuple = [number, string, string, string, string, string];

/** Closing this generator early (break, throw) closes the statement's iterator too. */
function* asPendingRows(rows: IterableIterator<PendingTuple>): IterableIterator<PendingOutboxRow> {
  for (const [sequence, messageId, type, subject, data, occurredAt] of rows) {
    yield { sequence, messageId, type, subject, data, occurredAt };
  }
}

export class OutboxQueries {
  private readonly pendingAll: SqlStatement;
  private readonly pendingOfType: SqlStatement;
  private readonly markAll: (deliveredAt: string, through: number) => number;
  private readonly markOfType: (deliveredAt: string, through: number, type: string) => number;
  private readonly countsByType: SqlStatement;
  private readonly oldest: SqlStatement;
  private readonly highest: SqlStatement;

  constructor(db: SqlDatabase) {
    // Pending messages are listed by the narrow outbox_pending table, so a long history of
    // delivered messages is never scanned. LIMIT -1 means no limit.
    // Raw arrays: better-sqlite3 builds them noticeably faster than row objects (export speed).
    this.pendingAll = db.prepare(
      `SELECT ${PENDING_COLUMNS} FROM outbox_pending p JOIN outbox_messages m ON m.sequence = p.sequence
       ORDER BY p.sequence LIMIT ?`,
    ).raw(true);
    this.pendingOfType = db.prepare(
      `SELECT ${PENDING_COLUMNS} FROM outbox_pending p JOIN outbox_messages m ON m.sequence = p.sequence
       WHERE p.type = ? ORDER BY p.sequence LIMIT ?`,
    ).raw(true);
    // Acknowledging writes one small row per message and deletes one: no message row is rewritten.
    const recordAll = db.prepare(
      'INSERT INTO outbox_deliveries (sequence, deliveredAt) SELECT sequence, ? FROM outbox_pending WHERE sequence <= ?',
    );
    const forgetAll = db.prepare('DELETE FROM outbox_pending WHERE sequence <= ?');
    const recordOfType = db.prepare(
      'INSERT INTO outbox_deliveries (sequence, deliveredAt) SELECT sequence, ? FROM outbox_pending WHERE sequence <= ? AND type = ?',
    );
    const forgetOfType = db.prepare('DELETE FROM outbox_pending WHERE sequence <= ? AND type = ?');
    this.markAll = (deliveredAt, through) => {
      recordAll.run(deliveredAt, through);
      return forgetAll.run(through).changes;
    };
    this.markOfType = (deliveredAt, through, type) => {
      recordOfType.run(deliveredAt, through, type);
      return forgetOfType.run(through, type).changes;
    };
    this.countsByType = db.prepare(
      `SELECT m.type AS type, COUNT(p.sequence) AS pending, COUNT(*) - COUNT(p.sequence) AS delivered
       FROM outbox_messages m LEFT JOIN outbox_pending p ON p.sequence = m.sequence GROUP BY m.type ORDER BY m.type`,
    );
    this.oldest = db.prepare(
      `SELECT p.sequence AS sequence, p.type AS type, m.occurredAt AS occurredAt
       FROM outbox_pending p JOIN outbox_messages m ON m.sequence = p.sequence ORDER BY p.sequence LIMIT 1`,
    );
    this.highest = db.prepare('SELECT MAX(sequence) FROM outbox_messages').pluck();
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

  /**
   * pending() as the export writes it: the lines of the messages in batches, in the same order,
   * with the same single-iterator rule. The PostgreSQL store reads them otherwise (its COPY,
   * postgres/outboxExport.ts).
   */
  *pendingBatches(options: { type?: string; limit?: number } = {}): IterableIterator<PendingBatch> {
    let tally: BatchTally | undefined;
    let lines = '';
    for (const row of this.pending(options)) {
      lines += cloudEventLine(row);
      tally = tallied(tally, row.sequence, row.type);
      if (lines.length >= BATCH_CHARS) {
        yield { ...tally, lines };
        tally = undefined;
        lines = '';
      }
    }
    if (tally) yield { ...tally, lines };
  }

  /** Marks pending messages with sequence ≤ `through` (of one type, if given) delivered; returns how many. */
  markDelivered(through: number, deliveredAt: string, type?: string): number {
    return type === undefined ? this.markAll(deliveredAt, through) : this.markOfType(deliveredAt, through, type);
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
