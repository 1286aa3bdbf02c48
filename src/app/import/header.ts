// The header line: column names matched case-insensitively after trimming; required columns
// checked before any row is read; unknown columns named once so the caller can warn.
import { rowProblem, type RowProblem } from './problems.js';

export interface ColumnSpec {
  /** Each entry is one requirement: any one of its names satisfies it (`sku` or `product_id`). */
  required: string[][];
  optional: string[];
}

export interface Header {
  line: number;
  /** The header cells exactly as written (for the rejects file). */
  raw: string[];
  index: Map<string, number>;
  unknown: string[];
}

export function readHeader(line: number, fields: string[], spec: ColumnSpec): { header: Header } | { problems: RowProblem[] } {
  const known = new Set([...spec.required.flat(), ...spec.optional]);
  const index = new Map<string, number>();
  const unknown: string[] = [];
  const problems: RowProblem[] = [];
  fields.forEach((cell, position) => {
    const name = cell.trim().toLowerCase();
    if (index.has(name)) {
      problems.push(rowProblem(line, name, 'DUPLICATE_COLUMN', `column "${name}" appears twice in the header (columns ${index.get(name)! + 1} and ${position + 1})`));
      return;
    }
    index.set(name, position);
    if (!known.has(name)) unknown.push(cell.trim());
  });
  for (const names of spec.required) {
    if (names.some((name) => index.has(name))) continue;
    const wanted = names.map((n) => `"${n}"`).join(' or ');
    const found = fields.map((f) => f.trim()).filter(Boolean).join(', ') || 'none';
    problems.push(rowProblem(line, names[0], 'MISSING_COLUMN', `required column ${wanted} is missing (columns found: ${found})`));
  }
  if (problems.length > 0) return { problems };
  return { header: { line, raw: fields, index, unknown } };
}
