// Which characters text may hold, and how names are compared (docs/reliability.md, "Text").
// Characters that steer a terminal or hide what is shown have no business in names, SKUs,
// emails or address fields: C0 and C1 controls, DEL, line/paragraph separators, bidi
// overrides and isolates, zero-width characters, and lone surrogates (unreadable bytes).
// Descriptions may also hold tabs and line breaks. Whatever else reaches a terminal is escaped
// on the way out (src/commands/terminalText.ts).

/** C0 (but tab, LF, CR), DEL, C1, U+2028/2029, bidi controls and isolates. */
// eslint-disable-next-line no-control-regex
const CONTROLS_BUT_LINE_BREAKS = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Every C0 control, DEL, C1, separators and bidi controls: not in one-line text. */
// eslint-disable-next-line no-control-regex
const CONTROLS = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/u;
/** Invisible characters that make two names look alike: zero-width space/joiners, word joiner, BOM… */
const INVISIBLE = /[\u00ad\u180e\u200b-\u200d\u2060-\u2064\ufeff]/u;

/** In `u` mode a paired surrogate is one code point: only a lone half matches. */
const LONE_SURROGATE = /[\ud800-\udfff]/u;

export type TextProblem = 'control' | 'invisible' | 'surrogate' | null;

/** What is wrong with one-line text (a name, SKU, email, address field), if anything. */
export function lineTextProblem(text: string): TextProblem {
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (CONTROLS.test(text)) return 'control';
  if (INVISIBLE.test(text)) return 'invisible';
  return null;
}

/** What is wrong with free text (a description): tabs and line breaks (LF, CRLF) are fine. */
export function freeTextProblem(text: string): TextProblem {
  if (LONE_SURROGATE.test(text)) return 'surrogate';
  if (CONTROLS_BUT_LINE_BREAKS.test(text) || /\r(?!\n)/.test(text)) return 'control';
  return null;
}

/** A human phrase for a problem, e.g. "must not contain control characters". */
export function describeTextProblem(problem: Exclude<TextProblem, null>): string {
  switch (problem) {
    case 'control': return 'must not contain control, line-separator or bidirectional-override characters';
    case 'invisible': return 'must not contain invisible characters (zero-width spaces or joiners)';
    case 'surrogate': return 'is not valid text (it holds a broken UTF-16 surrogate)';
  }
}

/**
 * The key two names are compared by: Unicode compatibility normalisation (NFKC: "Ａ" = "A",
 * "é" composed or not), then full case folding ("Straße" = "STRASSE"). Dotted and dotless i
 * ("İstanbul", "ıstanbul") fold to a plain i, so Turkish spellings do not coexist either.
 */
export function nameKey(name: string): string {
  return name.trim().normalize('NFKC')
    .replace(/[\u0130\u0131]/g, 'i')
    .toUpperCase().toLowerCase()
    .normalize('NFKC')
    .replace(/i\u0307/g, 'i');
}
