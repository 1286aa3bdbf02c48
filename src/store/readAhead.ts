// Set-based reads for many keys at once (`WHERE key IN (…)`, bound parameters, both dialects):
// what a bulk import prefetches for a chunk of rows instead of one round trip per key and table.
import type { SqlDatabase, SqlStatement } from './sql.js';

/**
 * Keys per statement. The list is padded to this length (repeating a key changes nothing in an
 * IN list) so that each query is prepared once, whatever the number of keys.
 */
export const KEYS_PER_READ = 500;

/** One `SELECT … WHERE column IN (…)` over any number of keys, in batches of KEYS_PER_READ. */
export class KeyedRead {
  private statement: SqlStatement | undefined;

  /** `select` and `column` are this store's own constants, never input. */
  constructor(private readonly db: SqlDatabase, private readonly select: string, private readonly column: string, private readonly tail = '') {}

  all(keys: Iterable<string>): unknown[] {
    const distinct = [...new Set(keys)];
    if (distinct.length === 0) return [];
    this.statement ??= this.db.prepare(`${this.select} WHERE ${this.column} IN (${new Array(KEYS_PER_READ).fill('?').join(', ')})${this.tail}`);
    const rows: unknown[] = [];
    for (let start = 0; start < distinct.length; start += KEYS_PER_READ) {
      const batch = distinct.slice(start, start + KEYS_PER_READ);
      while (batch.length < KEYS_PER_READ) batch.push(batch[0]!);
      for (const row of this.statement.all(...batch)) rows.push(row);
    }
    return rows;
  }
}
