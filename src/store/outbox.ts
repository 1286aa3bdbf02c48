// Writing integration events to the outbox, in the same transaction as their domain events.
import type { SqlDatabase, SqlStatement } from './sql.js';
import type { IntegrationEvent } from '../domain/integration.js';

export class OutboxWriter {
  private readonly insert: SqlStatement;
  private readonly insertPending: SqlStatement;

  constructor(db: SqlDatabase) {
    this.insert = db.prepare(
      'INSERT INTO outbox_messages (messageId, type, subject, data, occurredAt, sourcePosition) VALUES (?, ?, ?, ?, ?, ?)',
    );
    this.insertPending = db.prepare('INSERT INTO outbox_pending (sequence, type) VALUES (?, ?)');
  }

  /** A new message starts pending. Runs inside the command's transaction. */
  write(message: IntegrationEvent, messageId: string, occurredAt: string, sourcePosition: number): number {
    const result = this.insert.run(messageId, message.type, message.subject, JSON.stringify(message.data), occurredAt, sourcePosition);
    const sequence = Number(result.lastInsertRowid);
    this.insertPending.run(sequence, message.type);
    return sequence;
  }
}
