// Finding a row by a unique prefix of its id (docs/references.md). A range scan on the key,
// so it costs one index seek however many rows the table holds.
import type { SqlDatabase } from '../sql.js';
import { isIdPrefix } from '../../domain/references.js';
import { ambiguousReference } from '../errors.js';

export type PrefixLookup = (ref: string) => string | undefined;

/**
 * Returns a lookup for `table`: the one id starting with the reference, undefined when none
 * does (or the reference cannot be an id prefix), AMBIGUOUS_REFERENCE when several do.
 */
export function prefixLookup(db: SqlDatabase, table: 'categories' | 'products' | 'customers' | 'orders', what: string): PrefixLookup {
  // Ids are lower-case hex and dashes; '~' sorts after all of them.
  const statement = db.prepare(`SELECT id FROM ${table} WHERE id >= ? AND id < ? ORDER BY id LIMIT 11`).pluck();
  return (ref) => {
    if (!isIdPrefix(ref)) return undefined;
    const key = ref.trim().toLowerCase();
    const ids = statement.all(key, `${key}~`) as string[];
    if (ids.length > 1) throw ambiguousReference(what, ref, ids);
    return ids[0];
  };
}
