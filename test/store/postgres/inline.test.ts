// Parameters written into a statement's text as literals (src/store/postgres/inline.ts), as
// text: no server needed. That the server reads them as it reads the parameters is in
// pgDatabase.test.ts ("statements grouped into one query").
import { describe, expect, it } from 'vitest';
import { inlined, literal, MAX_INLINED_VALUES } from '../../../src/store/postgres/inline.js';

describe('literal', () => {
  it('writes null and undefined as NULL, booleans and numbers as their text quoted (untyped, as pg sends them)', () => {
    expect(literal(null)).toBe('NULL');
    expect(literal(undefined)).toBe('NULL');
    expect(literal(true)).toBe("'true'");
    expect(literal(false)).toBe("'false'");
    expect(literal(42)).toBe("'42'");
    expect(literal(-7)).toBe("'-7'");
    expect(literal(0)).toBe("'0'");
    expect(literal(8.5)).toBe("'8.5'");
    expect(literal(Number.MAX_SAFE_INTEGER)).toBe("'9007199254740991'");
  });

  it('refuses numbers whose text is not plain digits, or not the number written', () => {
    for (const n of [NaN, Infinity, -Infinity, -0, 1e21, 1e-7, Number.MAX_SAFE_INTEGER + 2, -1e300]) expect(literal(n)).toBeUndefined();
  });

  it('quotes strings as pg.escapeLiteral does: quotes doubled, a backslash makes an E literal', () => {
    expect(literal('')).toBe("''");
    expect(literal('plain')).toBe("'plain'");
    expect(literal("O'Brien")).toBe("'O''Brien'");
    expect(literal("''")).toBe("''''''");
    expect(literal('a\\b')).toBe(" E'a\\\\b'");
    expect(literal("\\'")).toBe(" E'\\\\'''");
    expect(literal('line\nbreak\ttab\r')).toBe("'line\nbreak\ttab\r'");
    expect(literal('café ☕ 𝄞 "q" $1 -- /*')).toBe("'café ☕ 𝄞 \"q\" $1 -- /*'");
  });

  it('refuses a string holding NUL (it would end the query text) and values of other kinds', () => {
    expect(literal('a\0b')).toBeUndefined();
    for (const v of [Buffer.from('x'), new Date(0), [1, 2], { a: 1 }, 5n, Symbol('s'), () => 1]) expect(literal(v)).toBeUndefined();
  });
});

describe('inlined', () => {
  it('replaces each placeholder by its value, $10 as the tenth (not $1 then 0)', () => {
    expect(inlined('SELECT * FROM t WHERE a = $1 AND b = $2', [5, "it's"])).toBe("SELECT * FROM t WHERE a = '5' AND b = 'it''s'");
    const values = Array.from({ length: 11 }, (_, i) => `v${i + 1}`);
    const text = `INSERT INTO t VALUES (${values.map((_, i) => `$${i + 1}`).join(',')})`;
    expect(inlined(text, values)).toBe(`INSERT INTO t VALUES (${values.map((v) => `'${v}'`).join(',')})`);
    expect(inlined('SELECT $2, $1', ['a', null])).toBe("SELECT NULL, 'a'");
  });

  it('keeps the forms the store uses: casts, LIMIT NULLIF, IN lists, COALESCE, ON CONFLICT', () => {
    expect(inlined('SELECT x FROM t WHERE ($1::text IS NULL OR n = $2) LIMIT NULLIF($3, -1)', [null, 'a', 5])).toBe(
      "SELECT x FROM t WHERE (NULL::text IS NULL OR n = 'a') LIMIT NULLIF('5', -1)",
    );
    expect(inlined('SELECT 1 WHERE id IN ($1,$2) AND COALESCE($3, x) > 0', [1, 2, 3])).toBe("SELECT 1 WHERE id IN ('1','2') AND COALESCE('3', x) > 0");
    expect(inlined('INSERT INTO "t" ("a", "b") VALUES ($1, $2) ON CONFLICT ("a") DO UPDATE SET "b" = excluded."b"', ['k', true])).toBe(
      `INSERT INTO "t" ("a", "b") VALUES ('k', 'true') ON CONFLICT ("a") DO UPDATE SET "b" = excluded."b"`,
    );
  });

  it('leaves $n alone inside string literals, quoted names, comments and words', () => {
    expect(inlined(`SELECT '$1', "col$1", a$1 FROM t -- $1\nWHERE x = $1 /* $1 /* $1 */ $1 */`, ['v'])).toBe(
      `SELECT '$1', "col$1", a$1 FROM t -- $1\nWHERE x = 'v' /* $1 /* $1 */ $1 */`,
    );
    expect(inlined(`SELECT 'it''s $1' || $1`, ['v'])).toBe(`SELECT 'it''s $1' || 'v'`);
    expect(inlined(`SELECT "a""$1" FROM t WHERE b = $1`, ['v'])).toBe(`SELECT "a""$1" FROM t WHERE b = 'v'`);
  });

  it('refuses texts it does not read: dollar quoting, E and U& strings, backslashes, a ;, unterminated quotes or comments', () => {
    for (const text of [
      'SELECT $$x$$ || $1',
      'SELECT $tag$ $1 $tag$, $1',
      "SELECT E'\\'' || $1",
      "SELECT U&'d\\0061t' || $1",
      "SELECT 'a\\' || $1",
      'SELECT $1; SELECT 2',
      "SELECT 'open $1",
      'SELECT "open $1',
      'SELECT $1 /* open',
      'SELECT 5$1',
    ]) expect(inlined(text, ['v']), text).toBeUndefined();
  });

  it('refuses a placeholder out of range, repeated or unused, or followed by . or [', () => {
    expect(inlined('SELECT $2', ['a'])).toBeUndefined();
    expect(inlined('SELECT $0', ['a'])).toBeUndefined();
    expect(inlined('SELECT $1 WHERE a = $1', ['a'])).toBeUndefined();
    expect(inlined('SELECT $1', ['a', 'b'])).toBeUndefined();
    expect(inlined('SELECT ($1).f', ['a'])).toBe("SELECT ('a').f");
    expect(inlined('SELECT $1.f', ['a'])).toBeUndefined();
    expect(inlined('SELECT $1[1]', ['a'])).toBeUndefined();
  });

  it('refuses values without a literal and more than MAX_INLINED_VALUES values', () => {
    expect(inlined('SELECT $1', [Buffer.from('x')])).toBeUndefined();
    expect(inlined('SELECT $1', [NaN])).toBeUndefined();
    expect(inlined('SELECT $1', ['a\0'])).toBeUndefined();
    const many = (n: number) => Array.from({ length: n }, (_, i) => i);
    const text = (n: number) => `VALUES (${many(n).map((i) => `$${i + 1}`).join(', ')})`;
    expect(inlined(text(MAX_INLINED_VALUES), many(MAX_INLINED_VALUES))).toBeDefined();
    expect(inlined(text(MAX_INLINED_VALUES + 1), many(MAX_INLINED_VALUES + 1))).toBeUndefined();
  });

  it('leaves a text without placeholders as it is', () => {
    expect(inlined(`SELECT 'x' FROM "T" -- c`, [])).toBe(`SELECT 'x' FROM "T" -- c`);
  });
});
