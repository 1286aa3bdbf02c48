// Printing results: summaries for people, one JSON document for programs (tables: ctx.table).
import type { CommandOutcome } from '../app/outcome.js';
import type { CliContext } from './context.js';
import { eventLine } from './render/ids.js';

/** The JSON shape of a mutating command: the entity id, extra fields, and the events written. */
export function outcomeJson(outcome: CommandOutcome, extra: Record<string, unknown> = {}) {
  return {
    id: outcome.id,
    unchanged: outcome.unchanged,
    ...extra,
    events: outcome.events.map((e) => ({ position: e.position, type: e.type, streamId: e.streamId, data: e.data })),
  };
}

/**
 * Prints a mutation: JSON for programs, or a summary line, the events written and the next step.
 */
export function printOutcome(
  ctx: CliContext, outcome: CommandOutcome, summary: string, next?: string, extra: Record<string, unknown> = {},
): void {
  if (ctx.json) {
    ctx.printJson(outcomeJson(outcome, extra));
    return;
  }
  const c = ctx.color;
  if (outcome.unchanged) {
    ctx.out(`${c.yellow('unchanged:')} ${summary} (already recorded, nothing written)`);
    return;
  }
  ctx.out(`${c.green('✔')} ${summary}`);
  for (const event of outcome.events) ctx.out(c.dim(eventLine(event)));
  if (next) ctx.out(`Next: ${c.cyan(next)}`);
}
