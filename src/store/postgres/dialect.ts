// The store's statements are written once, in SQLite's dialect; this translates them to
// PostgreSQL's, once per prepare() (PgDatabase caches the result). A token-level rewrite, not a
// parser: it only does what is mechanical and safe, and never touches text inside '…'.
//
//   ? and @name            → $1…$n (one style per statement; a repeated @name is one parameter)
//   camelCase identifiers  → "camelCase" (PostgreSQL folds unquoted names to lower case; quoted,
//                            the columns keep their case and rows come back with camelCase keys)
//   INSERT OR IGNORE INTO  → INSERT INTO … ON CONFLICT DO NOTHING
//   max(a, b) / min(a, b)  → GREATEST / LEAST (one argument: still the aggregate). Unlike
//                            SQLite, they skip NULL arguments instead of returning NULL.
//   IFNULL → COALESCE, == → =, LIKE → ILIKE (SQLite's LIKE ignores ASCII case)
//   LIMIT ? / @n           → LIMIT NULLIF($k::bigint, -1) and LIMIT -1 → LIMIT ALL (SQLite: -1 = none)
//   SUM(a = b)             → SUM((a = b)::int) (a comparison is 0/1 in SQLite, boolean here)
//   @x IS [NOT] NULL       → $k::text IS NULL, with $k a parameter of its own bound to x: a
//                            parameter whose first use is IS NULL has no type PostgreSQL can infer
//   ON CONFLICT … DO UPDATE SET n = n + 1 → … SET n = <table>.n + 1 (bare names are ambiguous
//                            there in PostgreSQL: the row or EXCLUDED)
//   BEGIN IMMEDIATE|DEFERRED|EXCLUSIVE → BEGIN; WITHOUT ROWID is dropped
// Not translated (PostgreSQL variants are written by hand): json_* functions, PRAGMA, rowid,
// sqlite_master, INSERT OR REPLACE (refused here: it needs a conflict target).

/** Where the value of parameter $i comes from. */
export type Slot = { index: number } | { name: string };

/** The shape of a plain `INSERT … VALUES (…)`, for merging consecutive runs into one statement. */
export interface InsertShape {
  /** Text before the tuple, up to and including `VALUES `. */
  head: string;
  /** The one tuple, `(…)`, holding every parameter of the statement. */
  tuple: string;
  /** Text after it: empty, or the ON CONFLICT … DO UPDATE clause. */
  tail: string;
  /** For ON CONFLICT (cols) DO UPDATE: the parameter (0-based) giving each conflict column. */
  keySlots?: number[];
}

export interface Translation {
  text: string;
  slots: Slot[];
  named: boolean;
  /** The first keyword: insert, update, delete, select, with… (lower case). */
  verb: string;
  returning: boolean;
  /** Set when runs of this statement can be merged into one multi-row INSERT. */
  insert?: InsertShape;
}

type Kind = 'ws' | 'comment' | 'word' | 'str' | 'qid' | 'num' | 'param' | 'pgparam' | 'op';
interface Token {
  kind: Kind;
  text: string;
}

const CAMEL = /^[a-z][a-z0-9_]*[A-Z][A-Za-z0-9_]*$/;
const COMPARISONS = new Set(['=', '==', '<', '>', '<=', '>=', '<>', '!=']);

export function tokenize(sql: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  const push = (kind: Kind, end: number) => {
    tokens.push({ kind, text: sql.slice(i, end) });
    i = end;
  };
  while (i < sql.length) {
    const c = sql[i]!;
    const next = sql[i + 1];
    if (/\s/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /\s/.test(sql[j]!)) j++;
      push('ws', j);
    } else if (c === '-' && next === '-') {
      const j = sql.indexOf('\n', i);
      push('comment', j < 0 ? sql.length : j);
    } else if (c === '/' && next === '*') {
      const j = sql.indexOf('*/', i + 2);
      push('comment', j < 0 ? sql.length : j + 2);
    } else if (c === "'" || c === '"') {
      let j = i + 1;
      for (;;) {
        if (j >= sql.length) break;
        if (sql[j] === c) {
          if (sql[j + 1] === c) j += 2; // '' inside a literal, "" inside a name
          else break;
        } else j++;
      }
      push(c === "'" ? 'str' : 'qid', Math.min(j + 1, sql.length));
    } else if (/[A-Za-z_]/.test(c)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_$]/.test(sql[j]!)) j++;
      push('word', j);
    } else if (/[0-9]/.test(c) || (c === '.' && next !== undefined && /[0-9]/.test(next))) {
      let j = i + 1;
      while (j < sql.length && /[0-9.eE]/.test(sql[j]!)) j++;
      push('num', j);
    } else if (c === '?') {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      if (j > i + 1) throw new Error(`numbered parameters (${sql.slice(i, j)}) are not supported: ${sql}`);
      push('param', j);
    } else if (c === '@' && next !== undefined && /[A-Za-z_]/.test(next)) {
      let j = i + 1;
      while (j < sql.length && /[A-Za-z0-9_]/.test(sql[j]!)) j++;
      push('param', j);
    } else if (c === '$' && next !== undefined && /[0-9]/.test(next)) {
      let j = i + 1;
      while (j < sql.length && /[0-9]/.test(sql[j]!)) j++;
      push('pgparam', j);
    } else {
      const two = sql.slice(i, i + 2);
      push('op', ['::', '<=', '>=', '<>', '!=', '==', '||'].includes(two) ? i + 2 : i + 1);
    }
  }
  return tokens;
}

const upper = (token: Token | undefined) => (token?.kind === 'word' ? token.text.toUpperCase() : undefined);

/** Index of the next token that is not whitespace or a comment, from `i` on (tokens.length if none). */
function skip(tokens: Token[], i: number): number {
  while (i < tokens.length && (tokens[i]!.kind === 'ws' || tokens[i]!.kind === 'comment')) i++;
  return i;
}

/** Index of the `)` closing the `(` at `open`. */
function closing(tokens: Token[], open: number): number {
  let depth = 0;
  for (let i = open; i < tokens.length; i++) {
    if (tokens[i]!.text === '(' && tokens[i]!.kind === 'op') depth++;
    else if (tokens[i]!.text === ')' && tokens[i]!.kind === 'op' && --depth === 0) return i;
  }
  return tokens.length - 1;
}

/** Top-level comma positions between `open` and its closing parenthesis. */
function topLevelCommas(tokens: Token[], open: number, close: number): number[] {
  const commas: number[] = [];
  let depth = 0;
  for (let i = open + 1; i < close; i++) {
    const t = tokens[i]!;
    if (t.kind !== 'op') continue;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (t.text === ',' && depth === 0) commas.push(i);
  }
  return commas;
}

export function translate(sql: string): Translation {
  const tokens = tokenize(sql);
  const slots: Slot[] = [];
  const byName = new Map<string, number>();
  let positional = 0;
  let named = false;
  let doNothing = false;

  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!;
    const word = upper(t);
    const n1 = skip(tokens, i + 1);
    if (t.kind === 'word') {
      const prev = tokens[i - 1];
      if (CAMEL.test(t.text)) t.text = `"${t.text}"`;
      else if (word === 'INSERT' && upper(tokens[n1]) === 'OR') {
        const n2 = skip(tokens, n1 + 1);
        const how = upper(tokens[n2]);
        if (how !== 'IGNORE') throw new Error(`INSERT OR ${how} has no PostgreSQL translation: ${sql}`);
        for (let k = i + 1; k <= n2; k++) tokens[k]!.text = '';
        doNothing = true;
      } else if ((word === 'MAX' || word === 'MIN') && tokens[n1]?.text === '(' && prev?.text !== '.') {
        if (topLevelCommas(tokens, n1, closing(tokens, n1)).length > 0) t.text = word === 'MAX' ? 'GREATEST' : 'LEAST';
      } else if (word === 'SUM' && tokens[n1]?.text === '(') {
        const close = closing(tokens, n1);
        const inner = tokens.slice(n1 + 1, close);
        if (inner.some((x) => x.kind === 'op' && COMPARISONS.has(x.text)) && !inner.some((x) => x.text === '(')) {
          tokens[n1]!.text = '((';
          tokens[close]!.text = ')::int)';
        }
      } else if (word === 'IFNULL') t.text = 'COALESCE';
      else if (word === 'LIKE') t.text = 'ILIKE';
      else if (word === 'BEGIN' && ['IMMEDIATE', 'DEFERRED', 'EXCLUSIVE'].includes(upper(tokens[n1]) ?? '')) tokens[n1]!.text = '';
      else if (word === 'WITHOUT' && upper(tokens[n1]) === 'ROWID') t.text = tokens[n1]!.text = '';
      else if (word === 'LIMIT' && tokens[n1]?.text === '-' && tokens[skip(tokens, n1 + 1)]?.text === '1') {
        tokens[n1]!.text = 'ALL';
        tokens[skip(tokens, n1 + 1)]!.text = '';
      }
    } else if (t.kind === 'op' && t.text === '==') t.text = '=';
    else if (t.kind === 'param') {
      const isNamed = t.text.startsWith('@');
      if (slots.length > 0 && isNamed !== named) throw new Error(`a statement uses ? or @name parameters, not both: ${sql}`);
      named = isNamed;
      const nullTest = upper(tokens[n1]) === 'IS' && ['NULL', 'NOT'].includes(upper(tokens[skip(tokens, n1 + 1)]) ?? '');
      let slot: number;
      if (!isNamed) {
        slots.push({ index: positional++ });
        slot = slots.length;
      } else if (nullTest) {
        slots.push({ name: t.text.slice(1) }); // its own parameter: see the header
        slot = slots.length;
      } else {
        const name = t.text.slice(1);
        slot = byName.get(name) ?? (slots.push({ name }), slots.length);
        byName.set(name, slot);
      }
      const prevWord = upper(tokens[previous(tokens, i)]);
      // LIMIT's parameter as bigint: NULLIF would take -1's type (integer), and a --limit
      // above 2,147,483,647 was an out-of-range error where SQLite simply lists everything.
      t.text = nullTest ? `$${slot}::text` : prevWord === 'LIMIT' ? `NULLIF($${slot}::bigint, -1)` : `$${slot}`;
    }
  }
  qualifyConflictUpdate(tokens);
  if (doNothing) addDoNothing(tokens);
  const text = tokens.map((t) => t.text).join('');
  const out = tokenize(text);
  const first = out[skip(out, 0)];
  const verb = first?.kind === 'word' ? first.text.toLowerCase() : '';
  const returning = out.some((t) => upper(t) === 'RETURNING');
  const translation: Translation = { text, slots, named, verb, returning };
  if (verb === 'insert' && !returning) {
    const insert = insertShape(out, slots.length);
    if (insert) translation.insert = insert;
  }
  return translation;
}

function previous(tokens: Token[], i: number): number {
  let j = i - 1;
  while (j >= 0 && (tokens[j]!.kind === 'ws' || tokens[j]!.kind === 'comment')) j--;
  return j;
}

/** `INSERT INTO t … ON CONFLICT … DO UPDATE SET c = c + 1 [WHERE …]`: bare c → t.c on the right. */
function qualifyConflictUpdate(tokens: Token[]): void {
  const into = tokens.findIndex((t) => upper(t) === 'INTO');
  const doAt = tokens.findIndex((t, i) => upper(t) === 'DO' && upper(tokens[skip(tokens, i + 1)]) === 'UPDATE');
  if (into < 0 || doAt < 0 || upper(tokens[skip(tokens, 0)]) !== 'INSERT') return;
  const nameAt = skip(tokens, into + 1);
  let target = tokens[nameAt]!.text;
  const asAt = skip(tokens, nameAt + 1);
  if (upper(tokens[asAt]) === 'AS') target = tokens[skip(tokens, asAt + 1)]!.text;
  const setAt = skip(tokens, skip(tokens, doAt + 1) + 1);
  // The assigned columns: the names before each top-level `=` of the SET list.
  const assigned = new Set<string>();
  let depth = 0;
  let expectColumn = true;
  const rights: number[] = [];
  for (let i = setAt + 1; i < tokens.length; i++) {
    const t = tokens[i]!;
    if (upper(t) === 'RETURNING' && depth === 0) break;
    if (t.text === '(') depth++;
    else if (t.text === ')') depth--;
    else if (depth === 0 && t.text === ',') expectColumn = true;
    else if (depth === 0 && upper(t) === 'WHERE') expectColumn = false;
    else if ((t.kind === 'word' || t.kind === 'qid') && expectColumn) {
      assigned.add(t.text);
      expectColumn = false;
    } else if (t.kind === 'word' || t.kind === 'qid') rights.push(i);
  }
  for (const i of rights) {
    const t = tokens[i]!;
    const before = tokens[i - 1]?.text;
    const after = tokens[i + 1]?.text;
    if (assigned.has(t.text) && before !== '.' && after !== '.' && after !== '(') t.text = `${target}.${t.text}`;
  }
}

/** INSERT OR IGNORE: ON CONFLICT DO NOTHING before RETURNING, or at the end. */
function addDoNothing(tokens: Token[]): void {
  let at = tokens.findIndex((t) => upper(t) === 'RETURNING');
  if (at < 0) {
    at = tokens.length;
    while (at > 0 && (tokens[at - 1]!.kind === 'ws' || tokens[at - 1]!.text === ';')) at--;
    tokens.splice(at, 0, { kind: 'word', text: ' ON CONFLICT DO NOTHING' });
  } else tokens.splice(at, 0, { kind: 'word', text: 'ON CONFLICT DO NOTHING ' });
}

/**
 * `INSERT INTO t (cols) VALUES (tuple)` with every parameter inside the tuple, and after it
 * nothing or `ON CONFLICT (keys) DO UPDATE SET …` without WHERE (each run then changes exactly
 * one row). ON CONFLICT DO NOTHING is not merged: how many rows a run changed would be lost.
 */
function insertShape(tokens: Token[], paramCount: number): InsertShape | undefined {
  const valuesAt = tokens.findIndex((t) => upper(t) === 'VALUES');
  if (valuesAt < 0) return undefined;
  const open = skip(tokens, valuesAt + 1);
  if (tokens[open]?.text !== '(') return undefined;
  const close = closing(tokens, open);
  const text = (from: number, to: number) => tokens.slice(from, to).map((t) => t.text).join('');
  const inTuple = tokens.slice(open, close + 1).filter((t) => t.kind === 'pgparam').length;
  const all = tokens.filter((t) => t.kind === 'pgparam').length;
  if (inTuple !== all || paramCount === 0 || all < paramCount) return undefined;
  const shape: InsertShape = { head: text(0, open), tuple: text(open, close + 1), tail: text(close + 1, tokens.length).replace(/[\s;]+$/, '') };
  const after = skip(tokens, close + 1);
  if (after >= tokens.length || tokens[after]!.text === ';') return shape;
  if (upper(tokens[after]) !== 'ON') return undefined;
  if (tokens.slice(after).some((t) => upper(t) === 'WHERE' || upper(t) === 'NOTHING')) return undefined;
  // The conflict columns, and the tuple's parameter for each.
  const keyOpen = skip(tokens, skip(tokens, after + 1) + 1);
  if (tokens[keyOpen]?.text !== '(') return undefined;
  const keys = tokens.slice(keyOpen + 1, closing(tokens, keyOpen)).filter((t) => t.kind === 'word' || t.kind === 'qid').map((t) => t.text);
  const colOpen = tokens.findIndex((t, i) => i < valuesAt && t.text === '(');
  if (colOpen < 0) return undefined;
  const columns = tokens.slice(colOpen + 1, closing(tokens, colOpen)).filter((t) => t.kind === 'word' || t.kind === 'qid').map((t) => t.text);
  const items = splitTuple(tokens, open, close);
  const keySlots: number[] = [];
  for (const key of keys) {
    const item = items[columns.indexOf(key)];
    if (!item || item.length !== 1 || item[0]!.kind !== 'pgparam') return undefined;
    keySlots.push(Number(item[0]!.text.slice(1)) - 1);
  }
  return { ...shape, keySlots };
}

function splitTuple(tokens: Token[], open: number, close: number): Token[][] {
  const bounds = [open, ...topLevelCommas(tokens, open, close), close];
  return bounds.slice(1).map((end, k) => tokens.slice(bounds[k]! + 1, end).filter((t) => t.kind !== 'ws' && t.kind !== 'comment'));
}

/** The multi-row form of an insert: `rows` tuples, parameters numbered on from row to row. */
export function multiRowInsert(shape: InsertShape, paramsPerRow: number, rows: number): string {
  const tuples: string[] = [];
  for (let r = 0; r < rows; r++) {
    const offset = r * paramsPerRow;
    tuples.push(offset === 0 ? shape.tuple : shape.tuple.replace(/\$(\d+)/g, (_, n: string) => `$${Number(n) + offset}`));
  }
  return shape.head + tuples.join(', ') + shape.tail;
}

/** The values of $1…$n for one call: positional arguments, or one object of named ones. */
export function bind(translation: Translation, params: unknown[]): unknown[] {
  const { slots, named } = translation;
  if (named) {
    const object = params[0];
    if (params.length !== 1 || typeof object !== 'object' || object === null) {
      throw new TypeError('a statement with @name parameters takes one object of named values');
    }
    return withoutNul(slots.map((slot) => {
      const name = (slot as { name: string }).name;
      if (!(name in object)) throw new RangeError(`Missing named parameter "${name}"`);
      return (object as Record<string, unknown>)[name];
    }));
  }
  const values = params.length === 1 && Array.isArray(params[0]) ? (params[0] as unknown[]) : params;
  if (values.length !== slots.length) {
    throw new RangeError(`Too ${values.length < slots.length ? 'few' : 'many'} parameter values were provided`);
  }
  return withoutNul(values);
}

/**
 * PostgreSQL text cannot hold U+0000 (the server refuses the value: SQLSTATE 22021), SQLite's
 * can. No stored text holds it (the domain refuses every C0 control in what it stores,
 * src/domain/text.ts), so a value with one is a lookup key that must match nothing — a SKU
 * typed with a NUL, a CSV field holding one: not found, as on SQLite. It is sent with U+0001
 * in its place, a control character that no stored text holds either, so it still matches
 * nothing. Values without one (all but such keys) are passed on as they are, not copied.
 */
function withoutNul(values: unknown[]): unknown[] {
  if (!values.some((value) => typeof value === 'string' && value.includes('\u0000'))) return values;
  return values.map((value) => (typeof value === 'string' ? value.replaceAll('\u0000', '\u0001') : value));
}
