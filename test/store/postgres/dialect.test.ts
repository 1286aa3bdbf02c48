// The SQLite → PostgreSQL translation of the store's statements (src/store/postgres/dialect.ts),
// as text: no server needed. What the translated text does on a real server is in pgDatabase.test.ts.
import { describe, expect, it } from 'vitest';
import { bind, multiRowInsert, translate } from '../../../src/store/postgres/dialect.js';

const sql = (text: string) => translate(text).text;

describe('parameters', () => {
  it('numbers ? in order', () => {
    const t = translate('SELECT * FROM events WHERE position > ? AND type = ? LIMIT 5');
    expect(t.text).toBe('SELECT * FROM events WHERE position > $1 AND type = $2 LIMIT 5');
    expect(bind(t, [3, 'X'])).toEqual([3, 'X']);
    expect(bind(t, [[3, 'X']])).toEqual([3, 'X']);
    expect(() => bind(t, [3])).toThrow(/Too few/);
  });

  it('maps @names to one parameter each, however often they occur, and binds them by name', () => {
    const t = translate('SELECT * FROM t WHERE a = @a OR b = @b OR c = @a');
    expect(t.text).toBe('SELECT * FROM t WHERE a = $1 OR b = $2 OR c = $1');
    expect(bind(t, [{ b: 2, a: 1, unused: 9 }])).toEqual([1, 2]);
    expect(() => bind(t, [{ a: 1 }])).toThrow(/Missing named parameter "b"/);
  });

  it('gives a parameter tested with IS NULL its own text-typed slot (no type to infer there)', () => {
    const t = translate('SELECT * FROM orders WHERE (@status IS NULL OR status = @status) AND (@low IS NOT NULL OR x <= @low)');
    expect(t.text).toBe('SELECT * FROM orders WHERE ($1::text IS NULL OR status = $2) AND ($3::text IS NOT NULL OR x <= $4)');
    expect(bind(t, [{ status: 'paid', low: null }])).toEqual(['paid', 'paid', null, null]);
    expect(sql('SELECT 1 WHERE ? IS NULL')).toBe('SELECT 1 WHERE $1::text IS NULL');
  });

  it('refuses mixing ? and @name', () => {
    expect(() => translate('SELECT ? + @a')).toThrow(/not both/);
  });

  it('LIMIT -1 (none in SQLite) becomes no limit', () => {
    expect(sql('SELECT * FROM t LIMIT ?')).toBe('SELECT * FROM t LIMIT NULLIF($1::bigint, -1)');
    expect(sql('SELECT * FROM t ORDER BY rowid DESC LIMIT @limit')).toBe('SELECT * FROM t ORDER BY rowid DESC LIMIT NULLIF($1::bigint, -1)');
    expect(sql('SELECT * FROM t LIMIT -1')).toBe('SELECT * FROM t LIMIT ALL');
  });

  it('leaves PostgreSQL $n parameters and the @> operator alone', () => {
    expect(sql(`SELECT 1 WHERE data @> $1 AND x = $2`)).toBe(`SELECT 1 WHERE data @> $1 AND x = $2`);
  });
});

describe('identifiers and literals', () => {
  it('quotes camelCase names, qualified or aliased, so PostgreSQL keeps their case', () => {
    expect(sql('SELECT MAX(streamVersion) AS streamHead, e.schemaVersion FROM events e WHERE streamId = ?')).toBe(
      'SELECT MAX("streamVersion") AS "streamHead", e."schemaVersion" FROM events e WHERE "streamId" = $1',
    );
    expect(sql('UPDATE t SET deliveredAt = excluded.deliveredAt')).toBe('UPDATE t SET "deliveredAt" = excluded."deliveredAt"');
  });

  it('never touches string literals or quoted names, nor what looks like SQL inside them', () => {
    const text = `SELECT 'streamId = ? it''s @x max(a, b) INSERT OR IGNORE', "mixedCase" FROM t WHERE a = ? -- streamId ?\n`;
    expect(sql(text)).toBe(`SELECT 'streamId = ? it''s @x max(a, b) INSERT OR IGNORE', "mixedCase" FROM t WHERE a = $1 -- streamId ?\n`);
  });

  it('leaves snake_case, lower and upper case words unquoted', () => {
    expect(sql('SELECT json_group_array(x), COUNT(*) FROM outbox_messages')).toBe('SELECT json_group_array(x), COUNT(*) FROM outbox_messages');
  });
});

describe('SQLite-isms', () => {
  it('INSERT OR IGNORE becomes ON CONFLICT DO NOTHING, before RETURNING', () => {
    expect(sql('INSERT OR IGNORE INTO t (a) VALUES (?)')).toBe('INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING');
    expect(sql('INSERT OR IGNORE INTO t (a) VALUES (?) RETURNING a;')).toBe('INSERT INTO t (a) VALUES ($1) ON CONFLICT DO NOTHING RETURNING a;');
    expect(() => translate('INSERT OR REPLACE INTO t (a) VALUES (?)')).toThrow(/OR REPLACE/);
  });

  it('two-argument max/min become GREATEST/LEAST; one argument stays the aggregate', () => {
    expect(sql('SELECT max(a, coalesce(b, 0)), MIN(x,y), max(z), MAX(count(*)) FROM t')).toBe(
      'SELECT GREATEST(a, coalesce(b, 0)), LEAST(x,y), max(z), MAX(count(*)) FROM t',
    );
  });

  it('IFNULL, ==, LIKE, SUM of a comparison, BEGIN IMMEDIATE, WITHOUT ROWID', () => {
    expect(sql("SELECT IFNULL(a, 0) FROM t WHERE b == 1 AND name NOT LIKE 'x%'")).toBe("SELECT COALESCE(a, 0) FROM t WHERE b = 1 AND name NOT ILIKE 'x%'");
    expect(sql('SELECT COALESCE(SUM(onHand = reserved), 0), SUM(onHand) FROM i')).toBe('SELECT COALESCE(SUM(("onHand" = reserved)::int), 0), SUM("onHand") FROM i');
    expect(sql('BEGIN IMMEDIATE')).toBe('BEGIN ');
    expect(sql('CREATE TABLE t (a TEXT PRIMARY KEY) WITHOUT ROWID;')).toBe('CREATE TABLE t (a TEXT PRIMARY KEY)  ;');
  });

  it('qualifies the updated columns read in ON CONFLICT DO UPDATE (ambiguous in PostgreSQL)', () => {
    expect(sql('INSERT INTO outbox_attempts (sequence, attempts, lastError) VALUES (?, 1, ?) ON CONFLICT (sequence) DO UPDATE SET attempts = attempts + 1, lastError = excluded.lastError')).toBe(
      'INSERT INTO outbox_attempts (sequence, attempts, "lastError") VALUES ($1, 1, $2) ON CONFLICT (sequence) DO UPDATE SET attempts = outbox_attempts.attempts + 1, "lastError" = excluded."lastError"',
    );
    expect(sql("INSERT INTO settings (key, value) VALUES (?, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(value AS INTEGER) + 1 RETURNING value")).toBe(
      "INSERT INTO settings (key, value) VALUES ($1, '1') ON CONFLICT (key) DO UPDATE SET value = CAST(settings.value AS INTEGER) + 1 RETURNING value",
    );
  });
});

describe('what may be merged into a multi-row INSERT', () => {
  it('a plain single-row INSERT, renumbering the parameters row by row', () => {
    const t = translate('INSERT INTO events (eventId, streamId, n) VALUES (?, ?, ?)');
    expect(t.insert).toBeDefined();
    expect(multiRowInsert(t.insert!, 3, 3)).toBe('INSERT INTO events ("eventId", "streamId", n) VALUES ($1, $2, $3), ($4, $5, $6), ($7, $8, $9)');
    const named = translate('INSERT INTO c (a, b, c) VALUES (@a, @b, @a)');
    expect(multiRowInsert(named.insert!, named.slots.length, 2)).toBe('INSERT INTO c (a, b, c) VALUES ($1, $2, $1), ($3, $4, $3)');
  });

  it('an upsert on a key, with the parameters that make the key', () => {
    const t = translate('INSERT INTO snapshots (streamId, v) VALUES (?, ?) ON CONFLICT (streamId) DO UPDATE SET v = excluded.v');
    expect(t.insert?.keySlots).toEqual([0]);
    expect(multiRowInsert(t.insert!, 2, 2)).toBe('INSERT INTO snapshots ("streamId", v) VALUES ($1, $2), ($3, $4) ON CONFLICT ("streamId") DO UPDATE SET v = excluded.v');
  });

  it('not: RETURNING, DO NOTHING, a conditional upsert, parameters outside the tuple, INSERT … SELECT', () => {
    expect(translate('INSERT INTO t (a) VALUES (?) RETURNING a').insert).toBeUndefined();
    expect(translate('INSERT OR IGNORE INTO t (a) VALUES (?)').insert).toBeUndefined();
    expect(translate('INSERT INTO t (a) VALUES (?) ON CONFLICT (a) DO UPDATE SET b = 1 WHERE t.c = 2').insert).toBeUndefined();
    expect(translate('INSERT INTO t (a, b) VALUES (?, 1) ON CONFLICT (a) DO UPDATE SET b = ?').insert).toBeUndefined();
    expect(translate('INSERT INTO t (a) SELECT ? WHERE 1').insert).toBeUndefined();
    expect(translate('UPDATE t SET a = ?').insert).toBeUndefined();
  });
});
