// What went wrong with which line: every problem names the file's line, the column and the
// reason. Memory stays bounded however many rows are bad: problems are grouped by (code,
// column) and only the first few of each group are kept.
import { DomainError } from '../../domain/errors.js';
import type { ImportProblemCode } from '../../domain/importRows.js';

export interface RowProblem {
  line: number;
  /** The column (as the spec names it, lower case), or null for a whole-row problem. */
  column: string | null;
  code: ImportProblemCode;
  /** `line 7, quantity: "-3" is not a positive integer` */
  message: string;
}

export interface ProblemGroup {
  code: ImportProblemCode;
  column: string | null;
  count: number;
  /** The first few line numbers with this problem. */
  lines: number[];
}

export interface ProblemSummary {
  count: number;
  /** The first few problems of every group, in line order. */
  errors: RowProblem[];
  groups: ProblemGroup[];
}

/** How many problems of one group are kept (and shown) in full. */
export const KEPT_PER_GROUP = 5;

export function rowProblem(line: number, column: string | null, code: ImportProblemCode, reason: string): RowProblem {
  return { line, column, code, message: column ? `line ${line}, ${column}: ${reason}` : `line ${line}: ${reason}` };
}

export class ProblemLog {
  count = 0;
  private readonly groups = new Map<string, { code: ImportProblemCode; column: string | null; count: number; first: RowProblem[] }>();

  add(problem: RowProblem): void {
    this.count++;
    const key = `${problem.code}|${problem.column ?? ''}`;
    let group = this.groups.get(key);
    if (!group) {
      group = { code: problem.code, column: problem.column, count: 0, first: [] };
      this.groups.set(key, group);
    }
    group.count++;
    if (group.first.length < KEPT_PER_GROUP) group.first.push(problem);
  }

  summary(): ProblemSummary {
    const groups = [...this.groups.values()];
    return {
      count: this.count,
      errors: groups.flatMap((g) => g.first).sort((a, b) => a.line - b.line),
      groups: groups
        .map((g) => ({ code: g.code, column: g.column, count: g.count, lines: g.first.map((p) => p.line) }))
        .sort((a, b) => a.lines[0] - b.lines[0]),
    };
  }
}

/**
 * Human lines for a summary: a group of up to 3 rows is listed row by row; a bigger group is
 * one line with its count and first line numbers.
 */
export function describeProblems(summary: ProblemSummary): string[] {
  const out: string[] = [];
  for (const group of summary.groups) {
    const members = summary.errors.filter((e) => e.code === group.code && e.column === group.column);
    if (group.count <= 3) {
      for (const problem of members) out.push(`${problem.message} [${problem.code}]`);
      continue;
    }
    const more = group.count > group.lines.length ? ', …' : '';
    out.push(
      `${group.count.toLocaleString('en-US')} rows with ${group.code}${group.column ? ` in ${group.column}` : ''} ` +
        `(lines ${group.lines.join(', ')}${more}), e.g. ${members[0].message}`,
    );
  }
  return out;
}

/** The whole import was refused: nothing was written. Exit 3 (see docs/import.md). */
export class ImportRejectedError extends DomainError {
  constructor(message: string, readonly problems: ProblemSummary, details: Record<string, unknown> = {}) {
    super('IMPORT_REJECTED', message, { ...details, problemCount: problems.count, groups: problems.groups, errors: problems.errors });
    this.name = 'ImportRejectedError';
  }
}
