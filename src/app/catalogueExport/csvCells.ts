// CSV cells for files a merchant opens in a spreadsheet. A cell that starts like a formula
// (=, +, -, @, tab, carriage return) is neutralised with a leading apostrophe, which the
// spreadsheet reads as "this is text" (OWASP's CSV-injection advice) — except a plain number
// such as a negative price modifier, "-5.00", which no spreadsheet runs and the import must read.
const FORMULA_START = /^[=+\-@\t\r]/;
const PLAIN_NUMBER = /^[+-]?\d+(\.\d+)?$/;

export function csvCell(value: string): string {
  const safe = FORMULA_START.test(value) && !PLAIN_NUMBER.test(value) ? `'${value}` : value;
  return /[",\r\n]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function csvLine(cells: readonly string[]): string {
  return cells.map(csvCell).join(',') + '\n';
}
