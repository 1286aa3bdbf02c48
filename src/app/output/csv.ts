// CSV that shopctl writes for people (rejects files, catalogue exports): RFC 4180 quoting, and
// cells a spreadsheet would run as a formula neutralised (OWASP "CSV injection"): a cell
// starting with =, +, -, @, tab or carriage return gets a leading apostrophe, unless it is a
// plain number (-3 stays -3). See docs/reliability.md.

const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)$/;

/** The cell as a spreadsheet should show it: text, never a formula. */
export function neutraliseFormula(value: string): string {
  return FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
}

/** One cell, quoted when it holds a separator, a quote or a line break. */
export function csvCell(value: string): string {
  const safe = neutraliseFormula(value);
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

/** One line of CSV, ending in a newline. */
export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
