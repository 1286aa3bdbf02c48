// PgDatabase against a real PostgreSQL server (test/setup/postgres.global.ts): better-sqlite3's
// statement API, transactions, cursors and write-behind batching, on the store's SQLite dialect.
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MAX_QUEUED, PgDatabase, PgError } from '../../../src/store/postgres/pgDatabase.js';
import { freshDatabase } from '../../helpers/postgres.js';

let db: PgDatabase;

beforeAll(async () => {
  db = new PgDatabase(await freshDatabase());
  db.exec(`
    CREATE TABLE items (id INTEGER PRIMARY KEY, streamId TEXT NOT NULL UNIQUE, onHand INTEGER NOT NULL, note TEXT);
    CREATE TABLE counters (name TEXT PRIMARY KEY, value INTEGER NOT NULL);
  `);
});

afterAll(() => db?.close());

function reset(): void {
  db.exec('DELETE FROM items; DELETE FROM counters');
}

describe('statements', () => {
  it('run, get and all with positional and named parameters; camelCase columns come back as written', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    expect(insert.run(1, 'item-1', 5).changes).toBe(1);
    db.prepare('INSERT INTO items (id, streamId, onHand, note) VALUES (@id, @streamId, @onHand, @note)').run({ id: 2, streamId: 'item-2', onHand: 7, note: null });
    expect(db.prepare('SELECT id, streamId, onHand FROM items WHERE streamId = ?').get('item-2')).toEqual({ id: 2, streamId: 'item-2', onHand: 7 });
    expect(db.prepare('SELECT id FROM items WHERE id = ?').get(99)).toBeUndefined();
    expect(db.prepare('SELECT id, onHand FROM items WHERE (@note IS NULL OR note = @note) ORDER BY id LIMIT @n').all({ note: null, n: -1 })).toEqual([
      { id: 1, onHand: 5 },
      { id: 2, onHand: 7 },
    ]);
    expect(db.prepare('UPDATE items SET onHand = onHand + 1').run().changes).toBe(2);
  });

  it('pluck() gives the first column, raw() arrays; counts and sums are numbers, as in SQLite', () => {
    reset();
    db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (1, ?, 3), (2, ?, 4)').run('a', 'b');
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(2);
    expect(db.prepare('SELECT SUM(onHand) FROM items').pluck().get()).toBe(7);
    expect(db.prepare('SELECT streamId FROM items ORDER BY id').pluck().all()).toEqual(['a', 'b']);
    expect(db.prepare('SELECT id, streamId FROM items ORDER BY id').raw().all()).toEqual([[1, 'a'], [2, 'b']]);
    expect(db.prepare('SELECT max(onHand, 10) FROM items ORDER BY id').pluck().all()).toEqual([10, 10]);
    expect(db.prepare('SELECT max(onHand) FROM items').pluck().get()).toBe(4);
    expect(db.prepare('SELECT COALESCE(SUM(onHand = 3), 0) FROM items').pluck().get()).toBe(1);
  });

  it('lastInsertRowid is the RETURNING value, else 0; an upsert reading its own column works', () => {
    reset();
    const bump = db.prepare(`INSERT INTO counters (name, value) VALUES (?, 1) ON CONFLICT (name) DO UPDATE SET value = value + 1 RETURNING value`);
    expect(bump.run('orders').lastInsertRowid).toBe(1);
    expect(bump.pluck().get('orders')).toBe(2);
    expect(db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, 0)').run(3, 'c').lastInsertRowid).toBe(0);
  });

  it('a unique violation keeps its SQLSTATE, constraint and detail', () => {
    reset();
    db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (1, ?, 0)').run('dup');
    const error = catching(() => db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (2, ?, 0)').run('dup'));
    expect(error).toBeInstanceOf(PgError);
    expect(error).toMatchObject({ code: '23505', constraint: 'items_streamId_key' });
    expect((error as PgError).detail).toContain('(dup)');
  });

  it('exec runs several statements', () => {
    reset();
    db.exec(`INSERT INTO counters VALUES ('a', 1); INSERT INTO counters VALUES ('b', 2)`);
    expect(db.prepare('SELECT SUM(value) FROM counters').pluck().get()).toBe(3);
  });
});

describe('transactions', () => {
  it('commits, or rolls back when the function throws; inTransaction says which', () => {
    reset();
    const insert = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?)');
    let inside = false;
    db.transaction(() => {
      insert.run('kept', 1);
      inside = db.inTransaction;
    })();
    expect(inside).toBe(true);
    expect(db.inTransaction).toBe(false);
    expect(() =>
      db.transaction(() => {
        insert.run('lost', 1);
        expect(db.prepare('SELECT COUNT(*) FROM counters').pluck().get()).toBe(2); // the held write went first
        throw new Error('changed my mind');
      }).immediate(),
    ).toThrow('changed my mind');
    expect(db.prepare('SELECT name FROM counters ORDER BY name').pluck().all()).toEqual(['kept']);
  });

  it('nested transactions are savepoints: an inner failure undoes only the inner work', () => {
    reset();
    const insert = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?)');
    db.transaction(() => {
      insert.run('outer', 1);
      expect(() =>
        db.transaction(() => {
          insert.run('inner', 1);
          insert.run('outer', 2).changes; // the duplicate fails here, inside the inner transaction
        })(),
      ).toThrow(/duplicate key/);
      insert.run('after', 1);
    })();
    expect(db.prepare('SELECT name FROM counters ORDER BY name').pluck().all()).toEqual(['after', 'outer']);
  });
});

describe('write-behind', () => {
  it('holds writes without a round trip; reading changes sends them, and gives the right count', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    const update = db.prepare('UPDATE items SET onHand = onHand + 1 WHERE id <= ?');
    const before = db.stats.roundTrips;
    db.transaction(() => {
      for (let id = 1; id <= 5; id++) insert.run(id, `s${id}`, 0);
      const result = update.run(3);
      expect(db.stats.roundTrips).toBe(before); // nothing sent yet, not even BEGIN
      expect(result.changes).toBe(3);
      expect(db.stats.roundTrips).toBe(before + 1);
      expect(db.prepare('SELECT SUM(onHand) FROM items').pluck().get()).toBe(3);
    })();
    expect(db.stats.roundTrips).toBe(before + 3); // … the read, and COMMIT
  });

  it('merges runs of one INSERT into multi-row statements, in order with other statements', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    const upsert = db.prepare('INSERT INTO counters (name, value) VALUES (?, ?) ON CONFLICT (name) DO UPDATE SET value = counters.value + excluded.value');
    const before = { ...db.stats };
    db.transaction(() => {
      for (let id = 1; id <= 12_000; id++) insert.run(id, `s${id}`, id % 7);
      db.prepare('DELETE FROM items WHERE id > ?').run(10_000);
      for (let i = 0; i < 100; i++) upsert.run(`k${i % 3}`, 1); // repeated keys: not in one statement
    })();
    // The queue (BEGIN held first) is sent each time MAX_QUEUED runs are held, then at COMMIT:
    // 12,000 inserts in one statement per send plus the last one's with COMMIT, 100 upserts in 34.
    const sends = 12_000 / MAX_QUEUED;
    expect(db.stats.roundTrips - before.roundTrips).toBe(sends + 1);
    expect(db.stats.statements - before.statements).toBe(1 + (sends + 1) + 1 + 34 + 1);
    expect(db.prepare('SELECT COUNT(*), SUM(onHand) FROM items').raw().get()).toEqual([10_000, sumOfMod7(10_000)]);
    expect(db.prepare('SELECT name, value FROM counters ORDER BY name').raw().all()).toEqual([['k0', 34], ['k1', 33], ['k2', 33]]);
  });

  it('holdWrites keeps more runs held: they go with the COMMIT in one round trip, and the limit comes back', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    const before = db.stats.roundTrips;
    db.transaction(() => {
      db.holdWrites(3 * MAX_QUEUED, () => {
        for (let id = 1; id <= 2 * MAX_QUEUED; id++) insert.run(id, `s${id}`, 1);
      });
      expect(db.stats.roundTrips).toBe(before); // nothing sent yet
    })();
    expect(db.stats.roundTrips).toBe(before + 1);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(2 * MAX_QUEUED);
    const after = db.stats.roundTrips;
    db.transaction(() => {
      for (let id = 1; id <= MAX_QUEUED; id++) insert.run(2 * MAX_QUEUED + id, `t${id}`, 1);
      expect(db.stats.roundTrips).toBe(after + 1); // back to MAX_QUEUED: sent when full
    })();
  });

  it('an error in a held write surfaces at the flush; the transaction then fails and is rolled back', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    let held: { changes: number } | undefined;
    let afterError: unknown;
    const error = catching(() =>
      db.transaction(() => {
        insert.run(1, 'a', 0);
        held = insert.run(2, 'a', 0); // duplicate streamId: not known yet
        insert.run(3, 'c', 0);
        try {
          db.prepare('SELECT 1').get();
        } catch (e) {
          afterError = catching(() => db.prepare('SELECT 1').get()); // failed until rolled back
          throw e;
        }
      })(),
    );
    expect(error).toMatchObject({ code: '23505' });
    expect(afterError).toMatchObject({ code: '25P02' });
    expect(() => held!.changes).toThrow(/duplicate key/);
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(0);
  });

  it('an error held until COMMIT fails the commit and rolls everything back', () => {
    reset();
    const insert = db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)');
    expect(() =>
      db.transaction(() => {
        insert.run(1, 'a', 0);
        insert.run(1, 'b', 0);
      })(),
    ).toThrow(expect.objectContaining({ code: '23505' }));
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(0);
    db.transaction(() => insert.run(1, 'a', 0))(); // the connection is fine afterwards
    expect(db.prepare('SELECT COUNT(*) FROM items').pluck().get()).toBe(1);
  });
});

describe('iterate', () => {
  const ROWS = 50_000;
  beforeAll(() => {
    reset();
    db.exec(`INSERT INTO items (id, streamId, onHand) SELECT g, 'i' || g, g % 10 FROM generate_series(1, ${ROWS}) g`);
  });

  it('reads 50,000 rows in batches inside a transaction, with writes between fetches', () => {
    const bump = db.prepare(`INSERT INTO counters (name, value) VALUES ('seen', 1) ON CONFLICT (name) DO UPDATE SET value = value + 1`);
    let count = 0;
    let sum = 0;
    let previous = 0;
    db.transaction(() => {
      for (const row of db.prepare('SELECT id, onHand FROM items ORDER BY id').iterate() as IterableIterator<{ id: number; onHand: number }>) {
        expect(row.id).toBe(previous + 1);
        previous = row.id;
        count++;
        sum += row.onHand;
        if (row.id % 1000 === 0) {
          bump.run();
          expect(db.prepare(`SELECT value FROM counters WHERE name = 'seen'`).pluck().get()).toBe(row.id / 1000);
        }
      }
    })();
    expect(count).toBe(ROWS);
    expect(sum).toBe(sumOfMod10(ROWS));
    expect(db.prepare(`SELECT value FROM counters WHERE name = 'seen'`).pluck().get()).toBe(ROWS / 1000);
  });

  it('outside a transaction runs in a read-only one; breaking out closes the cursor and ends it', () => {
    let count = 0;
    for (const id of db.prepare('SELECT id FROM items WHERE onHand = ? ORDER BY id').pluck().iterate(3)) {
      expect(db.inTransaction).toBe(false);
      expect(id).toBe(count * 10 + 3);
      if (++count === 4_500) break;
    }
    expect(count).toBe(4_500);
    const open = db.prepare(`SELECT COUNT(*) FROM pg_cursors WHERE name <> ''`).pluck().get();
    expect(open).toBe(0);
    // The read-only transaction is over: a write and a transaction work again.
    db.transaction(() => db.prepare(`INSERT INTO counters (name, value) VALUES ('after', 1)`).run())();
    expect(db.prepare(`SELECT value FROM counters WHERE name = 'after'`).pluck().get()).toBe(1);
  });
});

function catching(fn: () => unknown): unknown {
  try {
    fn();
  } catch (error) {
    return error;
  }
  throw new Error('expected an error');
}

function sumOfMod7(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += i % 7;
  return sum;
}

function sumOfMod10(n: number): number {
  let sum = 0;
  for (let i = 1; i <= n; i++) sum += i % 10;
  return sum;
}

describe('statements grouped into one query (worker.ts, groupEnd)', () => {
  it('BEGIN and parameter-free reads go as one query, each with its own answer; statements with parameters one by one', () => {
    reset();
    db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)').run(7, 's7', 70);
    const queries = db.stats.serverQueries;
    const answers = db.transaction(() => db.readTogether([
      ['SELECT COUNT(*) FROM items', []],
      ['SELECT MAX(onHand) FROM items', []],
      ["SELECT 'a;b'", []], // a ';' of its own: sent alone
      ['SELECT streamId FROM items WHERE id = ?', [7]],
    ]))();
    expect(answers).toEqual([[[1]], [[70]], [['a;b']], [['s7']]]);
    // BEGIN, the two counts, the quoted ';' and the parameter read (its value written in, inline.ts) in one; COMMIT.
    expect(db.stats.serverQueries - queries).toBe(2);
  });

  it('an error inside a group stops the batch there and fails the transaction; the connection works afterwards', () => {
    reset();
    const error = catching(() => db.transaction(() => db.readTogether([
      ['SELECT COUNT(*) FROM items', []],
      ['SELECT 1 / 0', []],
      ['SELECT 2', []],
    ]))());
    expect(error).toMatchObject({ code: '22012' });
    expect(db.inTransaction).toBe(false);
    expect(db.readTogether([['SELECT 1', []], ['SELECT 2', []]])).toEqual([[[1]], [[2]]]);
  });
});

describe('statements with parameters grouped into one query, their values written in as literals (inline.ts)', () => {
  const TRICKY = ['', "O'Brien", "''", 'back\\slash', "\\'", 'line\nbreak\ttab\r', 'café ☕ 𝄞', '$1 -- /* */ ;', '"quoted"', ' E\'x\'', 'NULL', 'true'];

  beforeAll(() => {
    db.exec(`CREATE TABLE kinds (id INTEGER PRIMARY KEY, label TEXT, flag BOOLEAN, amount NUMERIC, big BIGINT, doc JSONB, at TIMESTAMPTZ)`);
  });

  function rows(): unknown[] {
    return db.prepare('SELECT id, label, flag, amount, big, doc, at FROM kinds ORDER BY id').all();
  }

  const insertSql = 'INSERT INTO kinds (id, label, flag, amount, big, doc, at) VALUES (?, ?, ?, ?, ?, ?, ?)';
  const values = (i: number, label: string | null) =>
    [i, label, i % 2 === 0, i % 3 === 0 ? null : 8.5 * i, 9_007_199_254_740_991 - i, JSON.stringify({ label, n: i }), '2026-01-02T03:04:05.000Z'];

  it('a transaction of writes goes as one query and stores exactly what the same writes sent one by one store', () => {
    db.exec('DELETE FROM kinds');
    const labels = [...TRICKY, null];
    // One by one, outside a transaction: each statement a query of its own, with parameters.
    const insert = db.prepare(insertSql);
    for (const [i, label] of labels.entries()) insert.run(...values(i, label));
    const separate = rows();
    db.exec('DELETE FROM kinds');
    const queries = db.stats.serverQueries;
    db.transaction(() => {
      // Alternating statements, so write-behind does not merge them into one multi-row INSERT.
      for (const [i, label] of labels.entries()) {
        insert.run(...values(i, label));
        db.prepare('UPDATE kinds SET label = ? WHERE id = ?').run(label, i);
      }
    })();
    expect(db.stats.serverQueries - queries).toBe(1);
    expect(rows()).toEqual(separate);
    expect((rows() as { label: string | null }[]).map((row) => row.label)).toEqual(labels);
  });

  it('reads with parameters grouped with BEGIN answer as the same reads one by one: LIMIT, IN, COALESCE, IS NULL, casts, jsonb', () => {
    db.exec('DELETE FROM kinds');
    const insert = db.prepare(insertSql);
    for (const [i, label] of TRICKY.entries()) insert.run(...values(i, label));
    const reads: [string, unknown[]][] = [
      ['SELECT id FROM kinds ORDER BY id LIMIT ?', [3]],
      ['SELECT id FROM kinds ORDER BY id LIMIT ?', [-1]],
      ['SELECT id, label FROM kinds WHERE id IN (?, ?, ?) ORDER BY id', [1, 4, 99]],
      ['SELECT COALESCE(?, label), COALESCE(amount, ?) FROM kinds WHERE id = ?', [null, 0, 3]],
      ['SELECT id FROM kinds WHERE (@label IS NULL OR label = @label) ORDER BY id', [{ label: "O'Brien" }]],
      ['SELECT id FROM kinds WHERE (@label IS NULL OR label = @label) ORDER BY id LIMIT @n', [{ label: null, n: 2 }]],
      ["SELECT doc->>'label' FROM kinds WHERE doc = ?::jsonb", [JSON.stringify({ label: 'back\\slash', n: 3 })]],
      ['SELECT ? || label, ?::text, ? + 1, flag = ? FROM kinds WHERE id = ?', ['x', 42, 41, true, 2]],
      ['SELECT COUNT(*) FROM kinds WHERE big > ? AND amount < ?', [9_007_199_254_740_000, 20.5]],
      ['SELECT label FROM kinds WHERE label = ?', ['café ☕ 𝄞']],
    ];
    const alone = reads.map((read) => db.readTogether([read])[0]);
    const queries = db.stats.serverQueries;
    const together = db.transaction(() => db.readTogether(reads))();
    // BEGIN and the ten reads in one query; COMMIT.
    expect(db.stats.serverQueries - queries).toBe(2);
    expect(together).toEqual(alone);
    expect(alone[0]).toEqual([[0], [1], [2]]);
    expect(alone[4]).toEqual([[1]]);
    expect(alone[7]).toEqual([['x' + TRICKY[2], '42', 42, true]]);
  });

  it('reads wanting arrays and reads wanting objects go in one query, each answered in its own shape', () => {
    db.exec('DELETE FROM kinds');
    const insert = db.prepare(insertSql);
    for (const [i, label] of TRICKY.entries()) insert.run(...values(i, label));
    const reads: [string, unknown[]][] = [
      ['SELECT id, label, id AS "label" FROM kinds WHERE id < ? ORDER BY id', [3]], // a name twice: the later column wins, as in pg
      ['SELECT COUNT(*) AS n, MAX(id) AS "topId" FROM kinds', []],
    ];
    const asObjects = reads.map((read) => db.readTogether([read], 'objects')[0]);
    const asArrays = reads.map((read) => db.readTogether([read])[0]);
    const queries = db.stats.serverQueries;
    const mixed = db.transaction(() => {
      const later = db.readLater([reads[0]!]); // arrays, held: sent with the objects' read
      const objects = db.readTogether([reads[1]!], 'objects');
      return [later()[0], objects[0]];
    })();
    // BEGIN, both reads in one query; COMMIT.
    expect(db.stats.serverQueries - queries).toBe(2);
    expect(mixed).toEqual([asArrays[0], asObjects[1]]);
    expect(asObjects[0]![0]).toEqual({ id: 0, label: 0 });
    expect(asObjects[1]).toEqual([{ n: TRICKY.length, topId: TRICKY.length - 1 }]);
  });

  it('readLater holds reads until a statement needs an answer, or until its rows are asked for; an error in one fails the transaction', () => {
    reset();
    db.prepare('INSERT INTO items (id, streamId, onHand) VALUES (?, ?, ?)').run(1, 's1', 10);
    const trips = db.stats.roundTrips;
    db.transaction(() => {
      const held = db.readLater([['SELECT onHand FROM items WHERE id = ?', [1]], ['SELECT COUNT(*) FROM items', []]]);
      db.prepare('UPDATE items SET onHand = onHand + 1 WHERE id = 1').run(); // held too: a write
      expect(db.stats.roundTrips - trips).toBe(0);
      expect(held()).toEqual([[[10]], [[1]]]); // sent now, before the update
      expect(db.stats.roundTrips - trips).toBe(1);
      expect(db.prepare('SELECT onHand FROM items WHERE id = 1').pluck().get()).toBe(11);
    })();
    expect(() => db.transaction(() => {
      const bad = db.readLater([['SELECT missing FROM items', []]]);
      db.prepare('SELECT 1').get(); // takes the held read with it, which fails
      return bad();
    })()).toThrow(/missing/);
    expect(db.prepare('SELECT onHand FROM items WHERE id = 1').pluck().get()).toBe(11);
  });

  it('values without a plain literal (NaN, bigint, Buffer, a NUL) and bulk INSERTs keep their parameters, in queries of their own', () => {
    db.exec('DELETE FROM kinds');
    const queries = db.stats.serverQueries;
    const answers = db.transaction(() => db.readTogether([
      ['SELECT ?::float8', [Number.NaN]],
      ['SELECT ?::int8 + 1', [5n]],
      ['SELECT length(?::bytea)', [Buffer.from([0, 1, 2])]],
      ['SELECT ?::text', ['x']],
    ]))();
    expect(answers).toEqual([[[Number.NaN]], [[6]], [[3]], [['x']]]);
    // BEGIN (the next does not join it); NaN; bigint; Buffer; the 'x' read; COMMIT, sent later.
    expect(db.stats.serverQueries - queries).toBe(6);
    // PostgreSQL text cannot hold a NUL (22021 when sent): a key with one is sent with U+0001 in
    // its place, so it matches no stored text, as on SQLite (dialect.ts, withoutNul).
    expect(db.readTogether([['SELECT ?::text', ['a\0b']]])).toEqual([[['a\u0001b']]]);
    const before = db.stats.serverQueries;
    db.transaction(() => {
      const insert = db.prepare('INSERT INTO kinds (id, label) VALUES (?, ?)');
      for (let i = 0; i < 20; i++) insert.run(i, `bulk ${i}`); // one INSERT of 40 values
    })();
    expect(db.stats.serverQueries - before).toBe(3);
    expect(db.prepare('SELECT COUNT(*) FROM kinds').pluck().get()).toBe(20);
  });

  it('an error in the middle of a group stops it: nothing of the transaction is kept, the error keeps its SQLSTATE, the connection works', () => {
    db.exec('DELETE FROM kinds');
    db.prepare('INSERT INTO kinds (id, label) VALUES (?, ?)').run(5, 'kept');
    const error = catching(() => db.transaction(() => {
      db.prepare('INSERT INTO kinds (id, label) VALUES (?, ?)').run(1, 'first');
      db.prepare('UPDATE kinds SET label = ? WHERE id = ?').run("it's", 5);
      db.prepare('INSERT INTO kinds (id, label) VALUES (?, ?)').run(5, 'duplicate');
      db.prepare('UPDATE kinds SET label = ? WHERE id = ?').run('after', 1);
    })());
    expect(error).toMatchObject({ code: '23505', constraint: 'kinds_pkey' });
    expect(db.inTransaction).toBe(false);
    expect(db.prepare('SELECT id, label FROM kinds ORDER BY id').raw().all()).toEqual([[5, 'kept']]);
    // Reads: the failing one in the middle; the group's answers before it are not taken as done.
    const readError = catching(() => db.transaction(() => db.readTogether([
      ['SELECT label FROM kinds WHERE id = ?', [5]],
      ['SELECT 1 / ?', [0]],
      ['SELECT ?::text', ['never']],
    ]))());
    expect(readError).toMatchObject({ code: '22012' });
    expect(db.readTogether([['SELECT ?::text', ['fine']], ['SELECT ? + 1', [1]]])).toEqual([[['fine']], [[2]]]);
  });
});
