// A statement's parameters written into its text as SQL literals, so that the worker can send
// it in one simple-protocol query with its neighbours (worker.ts groupEnd): one round trip to
// the server for a command's writes and COMMIT instead of one each.
//
// The literal must mean exactly what `pg` would have sent as the parameter. `pg` sends each
// value as text (prepareValue, pg/lib/utils.js: String(value); null and undefined as NULL)
// with no type (oid 0): the server infers it from the context, as it infers the type of a
// quoted literal ('…' is of type unknown too). So a value is written as the same text, quoted:
// 42 → '42', true → 'true'. Only kinds whose text is plain are written; anything else (Buffer,
// Date, arrays, objects, bigint) and numbers whose text is not plain digits (NaN, Infinity,
// -0, 1e-7, past 2^53) keep the extended protocol: undefined is returned and the statement goes alone.
//
// A parameter used twice in one statement has one type, inferred from its first use; two
// literals are inferred apart. The same values give the same answers unless the two uses need
// different types — which the parameter refuses with an error: so a statement that repeats a
// placeholder is not inlined either.

/** Beyond this many values, a statement keeps its parameters (bulk multi-row INSERTs). */
export const MAX_INLINED_VALUES = 32;

/** Plain decimal text: what String(number) gives for the numbers written as literals. */
const PLAIN_NUMBER = /^-?\d+(\.\d+)?$/;

/**
 * The SQL literal for `value`, meaning what `pg` sends for it as an untyped parameter; undefined
 * when the value is of another kind (or a string holding NUL, which PostgreSQL's text cannot
 * hold: the parameter is refused with an error, and a NUL in a query's text would end it).
 */
export function literal(value: unknown): string | undefined {
  if (value === null || value === undefined) return 'NULL';
  switch (typeof value) {
    case 'string':
      return value.includes('\0') ? undefined : quoted(value);
    case 'boolean':
      return value ? "'true'" : "'false'";
    case 'number': {
      // Text of big ones is plain too, but a value past 2^53 is not the number the caller wrote.
      if (Object.is(value, -0) || Math.abs(value) > Number.MAX_SAFE_INTEGER) return undefined;
      const text = String(value);
      return PLAIN_NUMBER.test(text) ? `'${text}'` : undefined;
    }
    default:
      return undefined;
  }
}

/**
 * pg's escapeLiteral: quotes doubled; with a backslash, every backslash doubled in an E'' literal
 * (read the same whatever standard_conforming_strings says). The leading space keeps E from
 * joining a word before it.
 */
function quoted(value: string): string {
  const text = value.replaceAll("'", "''");
  return value.includes('\\') ? ` E'${text.replaceAll('\\', '\\\\')}'` : `'${text}'`;
}

const WORD_START = /[A-Za-z_\u0080-\uffff]/;
const WORD_PART = /[A-Za-z0-9_$\u0080-\uffff]/;

/**
 * `text` with each placeholder $1…$n replaced by the literal of values[n-1]; undefined when it
 * cannot be done safely: a value without a literal, more than MAX_INLINED_VALUES values, a
 * placeholder used twice or never, one out of range, or text this scanner does not read
 * (dollar quoting, E'' or U&'' strings, any backslash, a ';'). Placeholders inside '…', "…",
 * -- and /* *\/ comments are left alone.
 */
export function inlined(text: string, values: readonly unknown[]): string | undefined {
  if (values.length > MAX_INLINED_VALUES || text.includes('\\')) return undefined;
  const literals: string[] = [];
  for (const value of values) {
    const written = literal(value);
    if (written === undefined) return undefined;
    literals.push(written);
  }
  const used = new Array<boolean>(values.length).fill(false);
  let out = '';
  let from = 0; // text[from, i) is still to be copied to `out`
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    const next = text[i + 1];
    if (c === "'" || c === '"') {
      // A prefix joined to a quote (E'…', U&'…', B'…') is a form this scanner does not read.
      if (i > 0 && /[A-Za-z0-9_$&]/.test(text[i - 1]!)) return undefined;
      let j = i + 1;
      for (;;) {
        if (j >= text.length) return undefined; // unterminated
        if (text[j] === c) {
          if (text[j + 1] === c) j += 2;
          else break;
        } else j++;
      }
      i = j + 1;
    } else if (c === '-' && next === '-') {
      const j = text.indexOf('\n', i);
      i = j < 0 ? text.length : j + 1;
    } else if (c === '/' && next === '*') {
      // PostgreSQL's block comments nest.
      let depth = 1;
      let j = i + 2;
      while (depth > 0) {
        if (j >= text.length) return undefined;
        if (text[j] === '/' && text[j + 1] === '*') (depth++, (j += 2));
        else if (text[j] === '*' && text[j + 1] === '/') (depth--, (j += 2));
        else j++;
      }
      i = j;
    } else if (WORD_START.test(c)) {
      // A word may hold '$' (a$1 is a name): read it whole.
      let j = i + 1;
      while (j < text.length && WORD_PART.test(text[j]!)) j++;
      i = j;
    } else if (/[0-9]/.test(c)) {
      let j = i + 1;
      while (j < text.length && /[0-9A-Za-z_.]/.test(text[j]!)) j++;
      if (text[j] === '$') return undefined;
      i = j;
    } else if (c === '$') {
      if (next === undefined || !/[0-9]/.test(next)) return undefined; // $$ or $tag$: dollar quoting
      let j = i + 1;
      while (j < text.length && /[0-9]/.test(text[j]!)) j++;
      const n = Number(text.slice(i + 1, j));
      // $1.field and $1[1] would not read the same with a literal in place.
      if (n < 1 || n > values.length || used[n - 1] || text[j] === '.' || text[j] === '[') return undefined;
      used[n - 1] = true;
      out += text.slice(from, i) + literals[n - 1]!;
      from = i = j;
    } else if (c === ';') {
      return undefined;
    } else i++;
  }
  if (used.includes(false)) return undefined;
  return out + text.slice(from);
}
