// PgDatabase.copyOut (COPY … TO STDOUT read ahead by the worker) and the binary COPY reader:
// rows come out whole however the data is cut; a copy left early, or failing on the server,
// leaves the connection usable; nothing else runs on the connection while a copy is open.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BinaryCopyRows, int8At } from '../../../src/store/postgres/binaryCopy.js';
import { PgDatabase, PgError } from '../../../src/store/postgres/pgDatabase.js';
import { freshDatabase } from '../../helpers/postgres.js';

let db: PgDatabase;
beforeAll(async () => {
  db = new PgDatabase(await freshDatabase());
});
afterAll(() => db?.close());

/** 20,000 rows of ~1 kB: about 80 chunks of the worker's, more than it reads ahead. */
const LARGE = `COPY (SELECT g::bigint, repeat(chr(65 + g % 26), 1000), CASE WHEN g % 3 = 0 THEN NULL ELSE 'é' || g END FROM generate_series(1, 20000) g) TO STDOUT (FORMAT binary)`;

function rowsOf(chunks: Iterable<Uint8Array>): [number, string, string | null][] {
  const reader = new BinaryCopyRows(3);
  const rows: [number, string, string | null][] = [];
  const f = reader.fields;
  for (const chunk of chunks) {
    reader.push(chunk, (data) => rows.push([int8At(data, f[0]!), data.toString('utf8', f[2], f[3]), f[4] === -1 ? null : data.toString('utf8', f[4], f[5])]));
  }
  expect(reader.complete).toBe(true);
  return rows;
}

describe('copyOut', () => {
  it('gives every row of a large COPY, in order, NULLs and UTF-8 included', () => {
    const rows = rowsOf(db.copyOut(LARGE));
    expect(rows).toHaveLength(20_000);
    expect(rows[0]).toEqual([1, 'B'.repeat(1000), 'é1']);
    expect(rows[2]).toEqual([3, 'D'.repeat(1000), null]);
    expect(rows.at(-1)).toEqual([20_000, String.fromCharCode(65 + (20_000 % 26)).repeat(1000), 'é20000']);
    expect(rows.every(([n], i) => n === i + 1)).toBe(true);
  });

  it('reads the same rows however the data is cut into chunks', () => {
    // Each chunk copied as it comes: its buffer goes back to the worker at the next call (copyOut's rule).
    const parts: Buffer[] = [];
    for (const chunk of db.copyOut(`COPY (SELECT g::bigint, 'row ' || g, NULL::text FROM generate_series(1, 5) g) TO STDOUT (FORMAT binary)`)) parts.push(Buffer.from(chunk));
    const data = Buffer.concat(parts);
    const whole = rowsOf([data]);
    expect(whole.map(([n]) => n)).toEqual([1, 2, 3, 4, 5]);
    for (let cut = 0; cut <= data.length; cut++) {
      expect(rowsOf([data.subarray(0, cut), data.subarray(cut)])).toEqual(whole);
    }
    expect(rowsOf([...data].map((byte) => Uint8Array.of(byte)))).toEqual(whole);
    expect(() => rowsOf([data.subarray(0, data.length - 1)])).toThrow(); // no trailer: not complete
  });

  it('refuses other statements while a copy is open; one left early frees the connection', () => {
    const copy = db.copyOut(LARGE);
    expect(copy.next().done).toBe(false);
    expect(() => db.prepare('SELECT 1').get()).toThrow(/busy/);
    copy.return!();
    expect(db.prepare('SELECT 41 + 1 AS n').get()).toEqual({ n: 42 });
    // and a new copy reads from its own start
    expect(rowsOf(db.copyOut(LARGE))).toHaveLength(20_000);
  });

  it('a COPY failing on the server part-way throws its error; the connection goes on', () => {
    let error: unknown;
    try {
      for (const chunk of db.copyOut(`COPY (SELECT 1 / (15000 - g), repeat('x', 500) FROM generate_series(1, 20000) g) TO STDOUT (FORMAT binary)`)) void chunk;
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(PgError);
    expect((error as PgError).code).toBe('22012'); // division by zero
    expect(db.prepare('SELECT 2 AS n').get()).toEqual({ n: 2 });
  });
});
