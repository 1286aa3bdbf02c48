// shopctl replay [--verify]: rebuild the read models from the log, or compare them with a rebuild.
import type { Command } from 'commander';
import { replayReadModels, verifyProjections, type ProjectionDifference } from '../app/replay.js';
import { action, examples, flagSet } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import type { CliIO } from './io.js';

export function registerReplayCommand(program: Command, io: CliIO): void {
  examples(
    program.command('replay').description('rebuild every read model from the event log (no outbox, no payments)')
      .option('--verify', 'rebuild into a scratch copy and compare with the live read models; exit 3 on any difference'),
    ['shopctl replay', 'shopctl replay --verify', 'shopctl --json replay --verify'],
  ).action(action(io, (_args, flags) => ({ verify: flagSet(flags, 'verify') }), replay));
}

export interface ReplayOptions {
  /** Compare with a rebuild instead of rebuilding. */
  verify: boolean;
}

export async function replay(ctx: CliContext, options: ReplayOptions): Promise<void> {
  return options.verify ? runVerify(ctx) : runReplay(ctx);
}

async function runReplay(ctx: CliContext): Promise<void> {
  const result = await replayReadModels(ctx.shop());
  if (ctx.json) return ctx.printJson(result);
  ctx.out(`${ctx.color.green('✔')} replayed ${result.events} events in ${result.seconds.toFixed(3)} s (${result.eventsPerSecond} events/s); ${result.rows} read-model rows and ${result.snapshots} snapshots rebuilt`);
  ctx.out(`Next: ${ctx.color.cyan('shopctl replay --verify')}`);
}

function runVerify(ctx: CliContext): void {
  const result = verifyProjections(ctx.shop());
  const { differences } = result;
  if (ctx.json) {
    ctx.printJson({ ok: differences.length === 0, events: result.events, rowsCompared: result.rowsCompared, seconds: result.seconds, differences });
  } else if (differences.length === 0) {
    ctx.out(`${ctx.color.green('✔')} read models match the log (${result.events} events, ${result.rowsCompared} rows compared)`);
  } else {
    for (const d of differences) ctx.out(describe(d));
    ctx.out(`${differences.length} difference(s) between the live read models and a rebuild from ${result.events} events`);
  }
  if (differences.length > 0) {
    throw new ExitWithCode(
      EXIT.rule,
      `${differences.length} read-model difference(s) found; \`shopctl replay\` rebuilds the read models from the log`,
      'PROJECTION_MISMATCH',
      { differences: differences.length },
    );
  }
}

function describe(d: ProjectionDifference): string {
  const where = `${d.table} ${d.key}`;
  if (d.kind === 'missing') return `${where}: missing from the live table; rebuilt row ${JSON.stringify(d.rebuilt)}`;
  if (d.kind === 'extra') return `${where}: only in the live table; live row ${JSON.stringify(d.live)}`;
  return `${where} ${d.column}: live ${JSON.stringify(d.live)}, rebuilt ${JSON.stringify(d.rebuilt)}`;
}
