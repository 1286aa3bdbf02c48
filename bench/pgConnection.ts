// The PostgreSQL connection's own figures, beside bare `pg` from the same run:
//   node dist/bench/pgConnection.js postgres://…   (after npm run build; any empty database)
// - a trivial query's round trip through the synchronous bridge vs an awaited pg query;
// - 200,000 rows of 9 columns appended with run() in one transaction (write-behind merges
//   them into multi-row INSERTs) vs a bare multi-row INSERT of the same rows through pg.
// Not a bench/*.bench.ts module: it needs a server (npm run bench's PostgreSQL figures do it).
import pg from 'pg';
import { PgDatabase } from '../src/store/postgres/pgDatabase.js';

const url = process.argv[2];
if (!url) throw new Error('usage: node dist/bench/pgConnection.js postgres://…');
const ROWS = 200_000;
const COLUMNS = 'eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt, position';
const TABLE = `(eventId TEXT PRIMARY KEY, streamId TEXT NOT NULL, streamVersion INTEGER NOT NULL, type TEXT NOT NULL,
  schemaVersion INTEGER NOT NULL, data TEXT NOT NULL, metadata TEXT NOT NULL, recordedAt TEXT NOT NULL, position BIGINT NOT NULL)`;

function row(i: number): unknown[] {
  return [`evt-${i}`, `inventory-${i % 500}`, Math.floor(i / 500) + 1, 'StockReceived', 1,
    `{"sku":"SKU-${i % 500}","quantity":${i % 17}}`, '{"command":"inventory restock"}', '2026-01-01T00:00:00.000Z', i + 1];
}

async function bare(): Promise<{ latencyUs: number; insertMs: number }> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const n = 5_000;
  let start = performance.now();
  for (let i = 0; i < n; i++) await client.query({ text: 'SELECT 1', name: 'one' });
  const latencyUs = ((performance.now() - start) * 1000) / n;
  await client.query(`DROP TABLE IF EXISTS bare_events; CREATE TABLE bare_events ${TABLE}`);
  start = performance.now();
  await client.query('BEGIN');
  const perChunk = 5_000; // the same chunking as write-behind
  for (let first = 0; first < ROWS; first += perChunk) {
    const values: unknown[] = [];
    const tuples: string[] = [];
    for (let i = first; i < Math.min(ROWS, first + perChunk); i++) {
      const base = values.length;
      values.push(...row(i));
      tuples.push(`(${Array.from({ length: 9 }, (_, k) => `$${base + k + 1}`).join(', ')})`);
    }
    await client.query(`INSERT INTO bare_events (${COLUMNS}) VALUES ${tuples.join(', ')}`, values);
  }
  await client.query('COMMIT');
  const insertMs = performance.now() - start;
  await client.query('DROP TABLE bare_events');
  await client.end();
  return { latencyUs, insertMs };
}

function bridged(): { latencyUs: number; insertMs: number; roundTrips: number; statements: number } {
  const db = new PgDatabase(url!);
  const one = db.prepare('SELECT 1').pluck();
  const n = 5_000;
  let start = performance.now();
  for (let i = 0; i < n; i++) one.get();
  const latencyUs = ((performance.now() - start) * 1000) / n;
  db.exec(`DROP TABLE IF EXISTS events; CREATE TABLE events ${TABLE}`);
  const insert = db.prepare(`INSERT INTO events (${COLUMNS}) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`);
  const before = { ...db.stats };
  start = performance.now();
  db.transaction(() => {
    for (let i = 0; i < ROWS; i++) insert.run(...row(i));
  }).immediate();
  const insertMs = performance.now() - start;
  const roundTrips = db.stats.roundTrips - before.roundTrips;
  const statements = db.stats.statements - before.statements;
  if (db.prepare('SELECT COUNT(*) FROM events').pluck().get() !== ROWS) throw new Error('rows missing');
  db.exec('DROP TABLE events');
  db.close();
  return { latencyUs, insertMs, roundTrips, statements };
}

// Alternate, twice each, and keep the better of each: the machine is shared.
const runs = { bare: [] as Awaited<ReturnType<typeof bare>>[], bridged: [] as ReturnType<typeof bridged>[] };
for (let k = 0; k < 2; k++) {
  runs.bare.push(await bare());
  runs.bridged.push(bridged());
}
const best = <T>(list: T[], key: keyof T) => list.reduce((a, b) => ((a[key] as number) <= (b[key] as number) ? a : b));
const b = best(runs.bare, 'insertMs');
const s = best(runs.bridged, 'insertMs');
const latency = { bare: Math.min(...runs.bare.map((r) => r.latencyUs)), bridged: Math.min(...runs.bridged.map((r) => r.latencyUs)) };
console.log(`round trip, SELECT 1:   bridge ${latency.bridged.toFixed(0)} µs   bare pg (awaited) ${latency.bare.toFixed(0)} µs`);
console.log(`${ROWS} rows × 9 columns: run() in one transaction ${s.insertMs.toFixed(0)} ms (${(ROWS / s.insertMs * 1000).toFixed(0)} rows/s, ` +
  `${s.roundTrips} round trips, ${s.statements} statements)   bare multi-row INSERT ${b.insertMs.toFixed(0)} ms (${(ROWS / b.insertMs * 1000).toFixed(0)} rows/s)   ` +
  `ratio ${(b.insertMs / s.insertMs).toFixed(2)}× of bare`);
