// Ids as people see them: short (docs/references.md). JSON keeps them whole.
import { shortId } from '../../domain/references.js';

/** "order-6f1c2e0a-8d3b-…" → "order-6f1c2e0a". */
export function shortStream(streamId: string): string {
  const dash = streamId.indexOf('-');
  return dash === -1 ? streamId : `${streamId.slice(0, dash)}-${shortId(streamId.slice(dash + 1))}`;
}

/** One line per event written, for the summary of a mutation. */
export function eventLine(event: { position: number; type: string; streamId: string }): string {
  return `  event ${event.position} ${event.type} → ${shortStream(event.streamId)}`;
}

/**
 * Short ids for a list: the first 8 characters, or more where that is what it takes to tell the
 * listed ids apart (ids given with --id often share a long prefix).
 */
export function shortIdsFor(ids: readonly string[]): (id: string) => string {
  let length = 8;
  while (length < 36 && new Set(ids.map((id) => id.slice(0, length))).size < new Set(ids).size) length++;
  return (id) => id.slice(0, length);
}
