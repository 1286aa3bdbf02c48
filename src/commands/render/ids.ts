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
