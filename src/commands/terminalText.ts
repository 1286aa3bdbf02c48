// The one place text is made safe for a terminal (docs/reliability.md, "Text"). Whatever a
// merchant typed or a CSV held may reach stdout/stderr: control characters (ESC sequences that
// set the clipboard or hide text, CR that overwrites a line), C1 controls, line separators,
// bidi overrides and invisible characters are shown as visible escapes (\x1b, \u{202e}).
// Only the colour codes shopctl itself emits (plain SGR colours and bold/dim) survive, and only
// when colour is on.

// eslint-disable-next-line no-control-regex
const UNSAFE = /\x1b\[(?:0|1|2|3|4|22|23|24|3[0-7]|39|4[0-7]|49|9[0-7]|10[0-7])m|[\u0000-\u0008\u000b-\u001f\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]|[\ud800-\udfff]/gu;
// eslint-disable-next-line no-control-regex
const UNSAFE_IN_JSON = /[\u007f-\u009f\u00ad\u061c\u180e\u200b\u200e\u200f\u2028\u2029\u202a-\u202e\u2060-\u2069\ufeff]/g;

function escapeCharacter(c: string): string {
  const code = c.codePointAt(0)!;
  return code < 0x80 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u{${code.toString(16)}}`;
}

/** Text for a terminal: line breaks and tabs kept, everything that could steer it escaped. */
export function forTerminal(text: string, keepColour = false): string {
  return text.replace(UNSAFE, (match) => (match.length > 1 && match.charCodeAt(0) === 0x1b
    ? (keepColour ? match : escapeCharacter('\x1b') + match.slice(1))
    : escapeCharacter(match)));
}

/** One line whatever the text holds (error messages): line breaks and tabs escaped too. */
export function oneLine(text: string): string {
  return forTerminal(text).replace(/[\n\t]/g, (c) => (c === '\n' ? '\\n' : '\\t'));
}

/**
 * JSON for stdout/stderr: the same document, with C1 controls, separators, bidi and invisible
 * characters written as \u escapes (JSON.stringify already escapes C0), so a terminal showing
 * it is not steered either.
 */
export function safeJson(value: unknown): string {
  return JSON.stringify(value).replace(UNSAFE_IN_JSON, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);
}
