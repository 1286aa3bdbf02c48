// The outbox export's read on PostgreSQL: the pending messages come as binary COPY data, raw
// bytes handed from the connection's worker to this thread without a string made per field, and
// each line is assembled from those bytes (domain/cloudEventLineBytes.ts). Read as rows, the
// same 100,000 messages cost the worker ~0.5 s making strings and both threads ~0.3 s passing
// them over (README "Performance": outbox export). Same order, limit and lines as pending().
import { CloudEventLineWriter, type LineFields } from '../../domain/cloudEventLineBytes.js';
import { BATCH_CHARS, OutboxQueries, tallied, type BatchTally, type PendingBatch } from '../queries/outbox.js';
import { BinaryCopyRows, int8At } from './binaryCopy.js';
import { inlined } from './inline.js';
import type { PgDatabase } from './pgDatabase.js';

/**
 * Fields: sequence, messageId, type, subject, data, occurredAt (cloudEventLine's inputs). Each
 * message is looked up by its pending row, in the pending rows' key order: the first rows go
 * out at once. (A join lets the planner, which plans COPY for its total cost and not its first
 * rows as it plans a cursor, hash both tables and sort 100,000 messages before sending any —
 * 200 ms on tables not yet analysed.) OFFSET 0 keeps the lookup from being made a join.
 */
const PENDING = `SELECT m.sequence, m."messageId", m.type, m.subject, m.data, m."occurredAt"
  FROM outbox_pending p CROSS JOIN LATERAL (
    SELECT sequence, "messageId", type, subject, data, "occurredAt" FROM outbox_messages WHERE sequence = p.sequence OFFSET 0
  ) m`;

export class PgOutboxQueries extends OutboxQueries {
  constructor(private readonly pg: PgDatabase) {
    super(pg);
  }

  override *pendingBatches(options: { type?: string; limit?: number } = {}): IterableIterator<PendingBatch> {
    const copy = copyText(options);
    if (copy === undefined) {
      yield* super.pendingBatches(options);
      return;
    }
    const rows = new BinaryCopyRows(6);
    const f = rows.fields;
    const writer = new CloudEventLineWriter();
    const at: LineFields = { sequence: 0, idStart: 0, idEnd: 0, typeStart: 0, typeEnd: 0, subjectStart: 0, subjectEnd: 0, dataStart: 0, dataEnd: 0, timeStart: 0, timeEnd: 0 };
    let batch: BatchTally | undefined;
    const line = (data: Buffer) => {
      at.sequence = int8At(data, f[0]!);
      at.idStart = f[2]!; at.idEnd = f[3]!;
      at.typeStart = f[4]!; at.typeEnd = f[5]!;
      at.subjectStart = f[6]!; at.subjectEnd = f[7]!;
      at.dataStart = f[8]!; at.dataEnd = f[9]!;
      at.timeStart = f[10]!; at.timeEnd = f[11]!;
      batch = tallied(batch, at.sequence, writer.line(data, at));
    };
    for (const chunk of this.pg.copyOut(copy)) {
      rows.push(chunk, line);
      if (batch && writer.length >= BATCH_CHARS) {
        yield { ...batch, lines: writer.take() };
        batch = undefined;
      }
    }
    if (!rows.complete) throw new Error('the outbox export read ended in the middle of a row');
    if (batch) yield { ...batch, lines: writer.take() };
  }
}

/** The COPY of pending(options), its values written in (COPY takes no parameters); undefined if they cannot be. */
function copyText(options: { type?: string; limit?: number }): string | undefined {
  const values: unknown[] = [];
  let where = '';
  if (options.type !== undefined) {
    values.push(options.type);
    where = ` WHERE p.type = $${values.length}`;
  }
  let limit = '';
  if (options.limit !== undefined && options.limit >= 0) {
    values.push(options.limit);
    limit = ` LIMIT $${values.length}`;
  }
  return inlined(`COPY (${PENDING}${where} ORDER BY p.sequence${limit}) TO STDOUT (FORMAT binary)`, values);
}
