// Writing integration events to the outbox, in the same transaction as their domain events.
import type { SqlDatabase, SqlStatement } from './sql.js';
import type { IntegrationEvent } from '../domain/integration.js';

/** The last message's sequence, 0 for none (read under the write lock). */
export const LAST_SEQUENCE = 'SELECT COALESCE(MAX(sequence), 0) FROM outbox_messages';

export class OutboxWriter {
  private readonly insert: SqlStatement;
  private readonly insertPending: SqlStatement;
  /** As EventLog's positions: given by the writer on PostgreSQL, by the database on SQLite. */
  private nextSequence: number | undefined;
  /** The last sequence assignSequencesAfter() was given as a function, until the first message reads it. */
  private lastLater: (() => number) | undefined;
  private insertAtSequence: SqlStatement | undefined;
  private lastSequence: SqlStatement | undefined;

  constructor(private readonly db: SqlDatabase) {
    this.insert = db.prepare(
      'INSERT INTO outbox_messages (messageId, type, subject, data, occurredAt, sourcePosition) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertPending = db.prepare('INSERT INTO outbox_pending (sequence, type) VALUES (?, ?)');
  }

  /** Messages of this write transaction take sequences after the last one (the caller holds the write lock). */
  assignSequences(): void {
    this.lastSequence ??= this.db.prepare(LAST_SEQUENCE).pluck();
    this.assignSequencesAfter(Number(this.lastSequence.get()));
  }

  /**
   * assignSequences() with the last sequence already read (LAST_SEQUENCE, in the lock's round
   * trip), or to be read: a function, called at the first message (PgDatabase.readLater).
   */
  assignSequencesAfter(last: number | (() => number)): void {
    this.insertAtSequence ??= this.db.prepare(
      'INSERT INTO outbox_messages (sequence, messageId, type, subject, data, occurredAt, sourcePosition) VALUES (?, ?, ?, ?, ?, ?, ?)',
    );
    if (typeof last === 'number') this.nextSequence = last + 1;
    else {
      this.nextSequence = 0; // numbered, once the last sequence is known
      this.lastLater = last;
    }
  }

  /** A new message starts pending. Runs inside the command's transaction. */
  write(message: IntegrationEvent, messageId: string, occurredAt: string, sourcePosition: number): number {
    const data = JSON.stringify(message.data);
    let sequence: number;
    if (this.nextSequence === undefined) {
      sequence = Number(this.insert.run(messageId, message.type, message.subject, data, occurredAt, sourcePosition).lastInsertRowid);
    } else {
      if (this.lastLater) {
        this.nextSequence = this.lastLater() + 1;
        this.lastLater = undefined;
      }
      sequence = this.nextSequence++;
      this.insertAtSequence!.run(sequence, messageId, message.type, message.subject, data, occurredAt, sourcePosition);
    }
    this.insertPending.run(sequence, message.type);
    return sequence;
  }
}
