// Tables for people: plain columns separated by two spaces, no borders and no lines between
// rows, so piped output stays one row a line for grep and awk. On a terminal the table fits
// its width: the widest text columns are cut with "…" first; numbers are right-aligned.

export interface TableOptions {
  /** Maximum line width; undefined: never cut. */
  width?: number;
  /** Style of the header row (bold when colour is on). */
  header?: (text: string) => string;
  /** Per column: 'right' for numbers and money; default: right when every cell looks numeric. */
  align?: ('left' | 'right' | undefined)[];
}

export type Cell = string | number | null | undefined;

const GAP = '  ';
// eslint-disable-next-line no-control-regex
const ANSI = /\u001b\[[0-9;]*m/g;
const NUMERIC = /^[-+]?[\d,]+(\.\d+)?( [A-Z]{3})?$/;

/** Visible length: colour codes do not count; a character is one column. */
export function visibleLength(text: string): number {
  let n = 0;
  for (const _ of text.replace(ANSI, '')) n++;
  return n;
}

/** Cuts text to `width` columns, ending with "…" when anything was cut. */
export function cut(text: string, width: number): string {
  if (visibleLength(text) <= width) return text;
  if (width <= 0) return '';
  const plain = Array.from(text.replace(ANSI, ''));
  return plain.slice(0, width - 1).join('') + '…';
}

function pad(text: string, width: number, align: 'left' | 'right'): string {
  const fill = ' '.repeat(Math.max(0, width - visibleLength(text)));
  return align === 'right' ? fill + text : text + fill;
}

export function renderTable(head: string[], rows: Cell[][], options: TableOptions = {}): string {
  const cells = rows.map((row) => head.map((_, i) => (row[i] === null || row[i] === undefined ? '' : String(row[i])).replace(/[\r\n\t]+/g, ' ')));
  const align = head.map((_, i) => options.align?.[i] ??
    (cells.length > 0 && cells.every((row) => row[i] === '' || NUMERIC.test(row[i].replace(ANSI, ''))) ? 'right' : 'left'));
  const natural = head.map((h, i) => Math.max(visibleLength(h), ...cells.map((row) => visibleLength(row[i]))));
  const widths = fit(natural, cells, align, options.width);
  const line = (row: string[], style?: (text: string) => string) => row
    .map((text, i) => {
      const shown = cut(text, widths[i]);
      const padded = i === row.length - 1 && align[i] === 'left' ? shown : pad(shown, widths[i], align[i]);
      return style ? style(padded) : padded;
    })
    .join(GAP);
  const lines = [line(head, options.header), ...cells.map((row) => line(row))];
  // Last resort (more columns than the terminal has room for): cut the lines themselves.
  return lines.map((l) => (options.width !== undefined && visibleLength(l) > options.width ? cut(l, options.width) : l)).join('\n');
}

/**
 * Column widths that fit `width`, giving up as little as possible: long text first (down to
 * 12), then the spare width of number headers ("Available" over "5"), then text down to 6,
 * then everything alike.
 */
function fit(natural: number[], cells: string[][], align: string[], width: number | undefined): number[] {
  const widths = [...natural];
  if (width === undefined) return widths;
  const total = () => widths.reduce((a, b) => a + b, 0) + GAP.length * (widths.length - 1);
  const content = natural.map((_, i) => Math.max(1, ...cells.map((row) => visibleLength(row[i]))));
  const shrink = (floor: (i: number) => number, eligible: (i: number) => boolean) => {
    while (total() > width) {
      let widest = -1;
      for (let i = 0; i < widths.length; i++) {
        if (eligible(i) && widths[i] > floor(i) && (widest === -1 || widths[i] > widths[widest])) widest = i;
      }
      if (widest === -1) return;
      widths[widest]--;
    }
  };
  const text = (i: number) => align[i] === 'left';
  shrink((i) => Math.min(natural[i], 12), text);
  shrink((i) => Math.max(content[i], 3), (i) => !text(i));
  shrink((i) => Math.min(natural[i], 6), text);
  shrink(() => 1, () => true);
  return widths;
}
