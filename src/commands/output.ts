// Printing results: tables for people, one JSON document for programs.
import type { CommandOutcome } from '../app/outcome.js';
import type { CliContext } from './context.js';
import { forTerminal } from './terminalText.js';

export async function renderTable(head: string[], rows: (string | number | null)[][]): Promise<string> {
  const { default: Table } = await import('cli-table3');
  const table = new Table({ head, style: { head: [], border: [] } });
  // Escaped before the table measures them, so the columns line up (see terminalText.ts).
  for (const row of rows) table.push(row.map((cell) => (cell === null ? '' : forTerminal(String(cell)))));
  return table.toString();
}

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
  for (const event of outcome.events) ctx.out(c.dim(`  #${event.position} ${event.type} → ${event.streamId}`));
  if (next) ctx.out(`Next: ${c.cyan(next)}`);
}
