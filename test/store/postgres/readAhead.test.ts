// A cursor's read-ahead (postgres/worker.ts, bridge.ts takeAhead): the worker goes on fetching
// a cursor's batches unasked and the main thread takes them without a round trip. Every row
// must come once and in order, also when other statements (and other cursors) are sent between
// fetches, and no read-ahead FETCH may reach a cursor that was closed or rolled back.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDatabase } from '../../../src/store/postgres/pgDatabase.js';
import { FETCH_ROWS } from '../../../src/store/postgres/statement.js';
import { freshDatabase } from '../../helpers/postgres.js';

const ROWS = 30_000;
let db: PgDatabase;

beforeAll(async () => {
  db = new PgDatabase(await freshDatabase());
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, note TEXT NOT NULL);
    CREATE TABLE seen (id INTEGER PRIMARY KEY);
    INSERT INTO items (id, note) SELECT g, 'note ' || g FROM generate_series(1, ${ROWS}) g;
  `);
});

afterAll(() => db?.close());

function openCursors(): number {
  return db.prepare(`SELECT COUNT(*) FROM pg_cursors WHERE name <> ''`).pluck().get() as number;
}

describe('read-ahead', () => {
  it('returns every row once, in order, with no round trip per batch', () => {
    const before = db.stats.roundTrips;
    let expected = 1;
    for (const row of db.prepare('SELECT id, note FROM items ORDER BY id').raw().iterate() as IterableIterator<[number, string]>) {
      expect(row).toEqual([expected, `note ${expected}`]);
      expected++;
    }
    expect(expected - 1).toBe(ROWS);
    // BEGIN + DECLARE + first FETCH, then the ROLLBACK ending the read: the other
    // ROWS / FETCH_ROWS batches came read ahead (one request each without it).
    expect(ROWS / FETCH_ROWS).toBeGreaterThan(10);
    expect(db.stats.roundTrips - before).toBe(2);
    expect(openCursors()).toBe(0);
  });

  it('raw rows of every kind come through the read-ahead as a direct read gives them (packed batches)', () => {
    // Strings (empty, Latin-1, beyond it, surrogate pairs), nulls, integers, bigints, fractions,
    // booleans: the worker packs such batches into a string array and typed arrays (protocol.ts,
    // PackedRows); an int[] column cannot be packed and comes as it is.
    const sql = `SELECT id, CASE WHEN id % 5 = 0 THEN NULL ELSE note END,
        CASE id % 4 WHEN 0 THEN '' WHEN 1 THEN 'café ' || id WHEN 2 THEN 'Grüße 🎉 ' || id ELSE '{"a":[1,2]}' END,
        id::bigint * 1000000007, id / 7.0, id % 3 = 0, CASE WHEN id % 7 = 0 THEN NULL ELSE -id END
      FROM items ORDER BY id`;
    const before = db.stats.roundTrips;
    const streamed = [...db.prepare(sql).raw().iterate()] as unknown[][];
    expect(db.stats.roundTrips - before).toBe(2); // read ahead, so packed
    const direct = db.prepare(sql).raw().all();
    expect(streamed).toHaveLength(ROWS);
    expect(streamed).toEqual(direct);
    expect(streamed[3]).toEqual([4, 'note 4', '', 4_000_000_028, 4 / 7, false, -4]);
    expect(streamed[5]).toEqual([6, 'note 6', 'Grüße 🎉 6', 6_000_000_042, 6 / 7, true, -6]);
    expect(streamed[6]![6]).toBeNull();
    const unpackable = [...db.prepare(`SELECT id, ARRAY[id, id + 1] FROM items ORDER BY id`).raw().iterate()];
    expect(unpackable).toHaveLength(ROWS);
    expect(unpackable[ROWS - 1]).toEqual([ROWS, [ROWS, ROWS + 1]]);
  });

  it('interleaved with other statements and another cursor, each cursor still returns its rows once in order', () => {
    const count = db.prepare('SELECT COUNT(*) FROM items WHERE id <= ?').pluck();
    const up = db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate() as IterableIterator<number>;
    const down = db.prepare('SELECT id FROM items ORDER BY id DESC').pluck().iterate() as IterableIterator<number>;
    const ups: number[] = [];
    const downs: number[] = [];
    for (let i = 0; ; i++) {
      const a = up.next();
      const b = down.next();
      if (a.done && b.done) break;
      if (!a.done) ups.push(a.value);
      if (!b.done) downs.push(b.value);
      // A statement between fetches pauses the read-ahead; the next FETCH resumes it.
      if (i % 4_999 === 0) expect(count.get(i)).toBe(i);
    }
    expect(ups).toEqual(Array.from({ length: ROWS }, (_, k) => k + 1));
    expect(downs).toEqual(Array.from({ length: ROWS }, (_, k) => ROWS - k));
    expect(openCursors()).toBe(0);
  });

  it('inside a transaction, with writes held between fetches: every row once, and the writes commit', () => {
    const record = db.prepare('INSERT INTO seen (id) VALUES (?)');
    let last = 0;
    db.transaction(() => {
      for (const id of db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate() as IterableIterator<number>) {
        expect(id).toBe(last + 1);
        last = id;
        if (id % 7 === 0) record.run(id);
        if (id % 5_000 === 0) expect(db.prepare('SELECT COUNT(*) FROM seen').pluck().get()).toBe(Math.floor(id / 7));
      }
    })();
    expect(last).toBe(ROWS);
    expect(db.prepare('SELECT COUNT(*) FROM seen').pluck().get()).toBe(Math.floor(ROWS / 7));
    db.exec('DELETE FROM seen');
  });

  it('closing early, while batches are read ahead, drops them: the connection and later transactions work', () => {
    let count = 0;
    for (const id of db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate() as IterableIterator<number>) {
      expect(id).toBe(++count);
      if (count === FETCH_ROWS + 10) break;
    }
    expect(openCursors()).toBe(0);
    // A transaction right after: no read-ahead FETCH of the closed cursor may fail it.
    db.transaction(() => db.prepare('INSERT INTO seen (id) VALUES (1)').run())();
    expect(db.prepare('SELECT COUNT(*) FROM seen').pluck().get()).toBe(1);

    // Inside a transaction: a second cursor closed early, then more work in the same transaction.
    db.transaction(() => {
      let n = 0;
      for (const id of db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate() as IterableIterator<number>) {
        expect(id).toBe(++n);
        if (n === 3 * FETCH_ROWS + 1) break;
      }
      db.prepare('INSERT INTO seen (id) VALUES (2)').run();
      expect(db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate().next().value).toBe(1);
    })();
    expect(db.prepare('SELECT COUNT(*) FROM seen').pluck().get()).toBe(2);
    db.exec('DELETE FROM seen');
  });

  it('a cursor of a savepoint rolled back while read ahead leaves the outer transaction usable', () => {
    db.transaction(() => {
      db.prepare('INSERT INTO seen (id) VALUES (1)').run();
      expect(() =>
        db.transaction(() => {
          const rows = db.prepare('SELECT id FROM items ORDER BY id').pluck().iterate() as IterableIterator<number>;
          for (let i = 1; i <= FETCH_ROWS + 1; i++) expect(rows.next().value).toBe(i); // left open
          throw new Error('undo the savepoint');
        })(),
      ).toThrow('undo the savepoint');
      db.prepare('INSERT INTO seen (id) VALUES (2)').run();
      expect(db.prepare('SELECT COUNT(*) FROM seen').pluck().get()).toBe(2);
    })();
    expect(db.prepare('SELECT id FROM seen ORDER BY id').pluck().all()).toEqual([1, 2]);
    db.exec('DELETE FROM seen');
  });
});
