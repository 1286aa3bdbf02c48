// The event log read whole, in position order, as binary COPY data (replay and its --verify):
// the worker thread hands the server's bytes over untouched and each row's few fields are
// decoded here. Read with a cursor, the driver made a string of every field in the worker, which
// then copied them across — the worker, not this thread, set the pace of a replay of 1,000,000
// events (README "Performance").
import { BinaryCopyRows, int8At } from './binaryCopy.js';
import type { PgDatabase } from './pgDatabase.js';

/** position, type, schemaVersion, data, and with streams streamId, streamVersion. */
export type EventRow = [number, string, number, string, string?, number?];

/**
 * Every event, oldest first, as one row array refilled per event (read it before the next).
 * Runs inside the caller's transaction, whose snapshot it reads.
 */
export function* eventRowsByCopy(db: PgDatabase, withStreams: boolean): IterableIterator<EventRow> {
  if (!db.inTransaction) throw new TypeError('eventRowsByCopy() reads inside a transaction');
  // COPY is planned for its total cost, not its first rows as a cursor is: on a log not yet
  // analysed that is a sort of the whole log before the first row. The key's index gives the
  // order without one (this transaction only).
  db.exec('SET LOCAL enable_sort = off');
  const columns = `position, type, "schemaVersion", data${withStreams ? ', "streamId", "streamVersion"' : ''}`;
  const rows = new BinaryCopyRows(withStreams ? 6 : 4);
  const f = rows.fields;
  const ready: EventRow[] = [];
  let queued = 0;
  // Rows of one chunk are decoded into a pool of arrays, then handed out one by one.
  const decode = (data: Buffer) => {
    const target = ready[queued] ?? (ready[queued] = [0, '', 0, '']);
    queued++;
    target[0] = int8At(data, f[0]!);
    target[1] = data.toString('utf8', f[2], f[3]);
    target[2] = data.readInt32BE(f[4]!);
    target[3] = data.toString('utf8', f[6], f[7]);
    if (withStreams) {
      target[4] = data.toString('utf8', f[8], f[9]);
      target[5] = data.readInt32BE(f[10]!);
    }
  };
  for (const chunk of db.copyOut(`COPY (SELECT ${columns} FROM events ORDER BY position) TO STDOUT (FORMAT binary)`)) {
    queued = 0;
    rows.push(chunk, decode);
    for (let i = 0; i < queued; i++) yield ready[i]!;
  }
  if (!rows.complete) throw new Error('the event log read ended in the middle of a row');
}
