// shopctl outbox export|ack|status: hand integration events to downstream systems.
import type { Command } from 'commander';
import { invalidArgument } from '../app/errors.js';
import {
  acknowledgeOutbox, ExportFailedError, exportOutbox, listPendingMessages, outboxStatus, type ExportSink, type ExportSummary,
} from '../app/outbox.js';
import { fileSink, OutputError, refuseProtectedTarget, shopFiles, streamSink, type WritableLike } from '../app/output/index.js';
import { CLOUD_EVENT_TYPES, integrationTypeNamed } from '../domain/cloudEvents.js';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from '../domain/integration.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import { EXIT, ExitWithCode } from './errors.js';
import { shortId } from '../domain/references.js';
import { onInterrupt } from './interrupt.js';
import { localMinute } from './render/time.js';
import type { CliIO } from './io.js';
import { registerDeliverCommand } from './outboxDeliver.js';
import { parseCountArg } from './parse.js';

export function registerOutboxCommands(program: Command, io: CliIO): void {
  const outbox = program.command('outbox').description('integration events for downstream systems: export, ack, status');

  examples(
    outbox.command('export').description('write pending messages, oldest first, as CloudEvents NDJSON; then mark them delivered')
      .option('--out <file>', 'write to this file (atomically: temp file, fsync, rename) instead of stdout')
      .option('--limit <n>', 'at most n messages')
      .option('--type <type>', 'only this type, e.g. OrderPlacedNotification or com.shopctl.order.placed.v1')
      .option('--no-ack', 'leave the messages pending; print the last sequence on stderr (then `outbox ack`)'),
    [
      'shopctl outbox export --out batch.ndjson',
      'shopctl outbox export --limit 500 --no-ack --out batch.ndjson   # then, once delivered: shopctl outbox ack --through <last sequence>',
      'shopctl --json outbox export --type com.shopctl.inventory.out-of-stock.v1 --out alerts.ndjson',
    ],
  ).action(action(io, (_args, flags) => ({
    out: flagString(flags, 'out'), limit: flagString(flags, 'limit'), type: flagString(flags, 'type'), ack: flags.ack !== false,
  }), outboxExport));

  registerDeliverCommand(outbox, io, optionalType);

  examples(
    outbox.command('list').description('show pending messages (marks nothing)')
      .option('--limit <n>', 'at most n messages (default 50 on a terminal)')
      .option('--type <type>', 'only this type'),
    ['shopctl outbox list', 'shopctl --json outbox list --type OrderPlacedNotification'],
  ).action(action(io, (_args, flags) => ({ limit: flagString(flags, 'limit'), type: flagString(flags, 'type') }), outboxList));

  examples(
    outbox.command('ack').description('mark pending messages up to a sequence delivered (after `export --no-ack`)')
      .requiredOption('--through <sequence>', 'the last sequence delivered, as printed (zero-padded or not)')
      .option('--type <type>', 'only messages of this type (as exported with --type)'),
    ['shopctl outbox ack --through 000000000042', 'shopctl outbox ack --through 42 --type OutOfStockAlert'],
  ).action(action(io, (_args, flags) => ({ through: flagString(flags, 'through'), type: flagString(flags, 'type') }), outboxAck));

  examples(
    outbox.command('status').description('pending and delivered messages by type, and the age of the oldest pending one'),
    ['shopctl outbox status', 'shopctl --json outbox status'],
  ).action(action(io, () => ({}), outboxStatusCommand));
}

/** Values as typed. */
export interface OutboxExportOptions {
  /** A file (written atomically); stdout when absent. */
  out?: string;
  limit?: string;
  /** A type by name or CloudEvents type. */
  type?: string;
  /** Mark the exported messages delivered (false with --no-ack). */
  ack: boolean;
}

export async function outboxExport(ctx: CliContext, options: OutboxExportOptions): Promise<void> {
  await runExport(ctx, {
    out: options.out, limit: optionalLimit(options.limit), type: optionalType(options.type), ack: options.ack,
  });
}

export interface OutboxAckOptions {
  /** The last sequence delivered, as printed (zero-padded or not). */
  through?: string;
  type?: string;
}

export function outboxAck(ctx: CliContext, options: OutboxAckOptions): void {
  const through = parseCountArg(options.through ?? '', '--through', 1);
  const result = acknowledgeOutbox(ctx.shop(), through, optionalType(options.type));
  if (ctx.json) return ctx.printJson(result);
  ctx.out(`${ctx.color.green('✔')} marked ${result.acknowledged} message${result.acknowledged === 1 ? '' : 's'} delivered through sequence ${result.through}`);
  ctx.out(`Next: ${ctx.color.cyan('shopctl outbox status')}`);
}

export type OutboxStatusOptions = Record<string, never>;

export async function outboxStatusCommand(ctx: CliContext, _options: OutboxStatusOptions = {}): Promise<void> {
  const status = outboxStatus(ctx.shop());
  if (ctx.json) return ctx.printJson(status);
  ctx.out(ctx.table(['Type', 'CloudEvents type', 'Pending', 'Delivered'], [
    ...status.types.map((t) => [t.type, t.cloudEventType, t.pending, t.delivered]),
    ['Total', '', status.pending, status.delivered],
  ]));
  const oldest = status.oldestPending;
  ctx.out(oldest
    ? `Oldest pending: ${formatAge(oldest.ageSeconds)} old (sequence ${oldest.sequence}, ${oldest.type}, ${oldest.occurredAt})`
    : 'Nothing pending.');
  const stuck = status.stuck;
  if (stuck) {
    ctx.out(ctx.color.yellow(
      `Stuck: ${stuck.messages} pending message${stuck.messages === 1 ? '' : 's'} failed delivery; sequence ${stuck.sequence}: ` +
      `${stuck.attempts} attempt${stuck.attempts === 1 ? '' : 's'} since ${stuck.since}, last at ${stuck.lastAttemptAt}: ${stuck.lastError}`,
    ));
  }
  const lease = status.lease;
  if (lease) ctx.out(`Being ${lease.purpose === 'deliver' ? 'delivered' : 'exported'} by pid ${lease.pid} on ${lease.host} since ${lease.since}.`);
}

export interface OutboxListOptions { limit?: string; type?: string }

/** Pending messages, marking nothing (a terminal shows the oldest 50 unless --limit says otherwise). */
export function outboxList(ctx: CliContext, options: OutboxListOptions): void {
  const limit = options.limit === undefined ? (ctx.json || !ctx.terminal ? undefined : 50) : optionalLimit(options.limit);
  const messages = listPendingMessages(ctx.shop(), { type: optionalType(options.type), limit });
  if (ctx.json) return ctx.printJson(messages);
  if (messages.length === 0) return ctx.out('Nothing pending.');
  ctx.out(ctx.table(['Sequence', 'Time', 'Type', 'Subject'],
    messages.map((m) => [m.sequence, localMinute(m.occurredAt), m.type, shortId(m.subject)]), ['right']));
  ctx.out(`Next: ${ctx.color.cyan('shopctl outbox export --out <file>')}`);
}

interface ExportCommandOptions {
  out?: string;
  limit?: number;
  type?: IntegrationEventType;
  ack: boolean;
}

/**
 * Data goes to --out or stdout. The summary goes to stdout when the data went to a file and
 * to stderr when the data is on stdout (so stdout stays pure NDJSON); JSON with --json.
 */
async function runExport(ctx: CliContext, options: ExportCommandOptions): Promise<void> {
  const toStdout = options.out === undefined;
  // A person looking at a terminal has delivered nothing downstream: show, mark nothing.
  if (toStdout && ctx.terminal && options.ack) {
    options = { ...options, ack: false };
    ctx.warn('note: stdout is a terminal, so these messages are only shown and stay pending; to export for real: ' +
      '`shopctl outbox export --out <file>` (or pipe: `shopctl outbox export > batch.ndjson`)');
  }
  let summary: ExportSummary;
  let sink: ExportSink | undefined;
  // Ctrl-C while writing: the temporary file goes (the handler exits right after).
  const forget = onInterrupt(() => sink?.discardNow?.());
  try {
    // Checked before the database is opened: --out may never be the shop itself.
    if (!toStdout) refuseProtectedTarget(options.out!, '--out', shopFiles(ctx.dbPath));
    sink = toStdout ? streamSink(ctx.io.stdout as WritableLike) : fileSink(options.out!, { label: options.out });
    summary = await exportOutbox(ctx.shop(), { type: options.type, limit: options.limit, ack: options.ack }, sink);
  } catch (error) {
    if (error instanceof OutputError) error = new ExportFailedError(error.message, 0, error, error.badPath);
    if (error instanceof ExportFailedError) {
      // A wrong --out path is the caller's to fix (exit 2); a failure while writing is not (exit 1).
      throw new ExitWithCode(error.badPath ? EXIT.usage : EXIT.internal, `export failed: ${error.message}; nothing was marked delivered`, 'EXPORT_FAILED', {
        out: options.out ?? '-', exported: error.exported, acknowledged: 0,
      });
    }
    throw error;
  } finally {
    forget();
  }
  const report = (text: string) => (toStdout ? ctx.warn(text) : ctx.out(text));
  if (ctx.json) {
    report(JSON.stringify({ ...summary, out: options.out ?? '-', acked: options.ack }));
    if (!options.ack && !toStdout && summary.lastSequence) ctx.warn(`last sequence: ${summary.lastSequence}`);
    return;
  }
  const where = toStdout ? 'stdout' : options.out;
  if (summary.exported === 0) {
    report(`Nothing pending${options.type ? ` of type ${options.type}` : ''}; ${toStdout ? 'nothing written' : `wrote an empty ${where}`}.`);
    return;
  }
  const range = `sequence ${summary.firstSequence}–${summary.lastSequence}`;
  const types = Object.entries(summary.byType).map(([type, n]) => `${type} ${n}`).join(', ');
  const c = ctx.color;
  const state = options.ack ? 'marked delivered' : 'left pending';
  report(`${c.green('✔')} exported ${summary.exported} message${summary.exported === 1 ? '' : 's'} (${range}) to ${where}, ${state}`);
  report(c.dim(`  ${types}`));
  if (options.ack) return;
  // The spec's contract: the last sequence on stderr, whatever else went where.
  ctx.warn(`last sequence: ${summary.lastSequence}`);
  report(`Next, once delivered: ${c.cyan(`shopctl outbox ack --through ${summary.lastSequence}${options.type ? ` --type ${options.type}` : ''}`)}`);
}

function optionalLimit(text: string | undefined): number | undefined {
  return text === undefined ? undefined : parseCountArg(text, '--limit', 1);
}

function optionalType(text: string | undefined): IntegrationEventType | undefined {
  if (text === undefined) return undefined;
  const type = integrationTypeNamed(text);
  if (!type) {
    throw invalidArgument(
      `--type "${text}" is not an integration event type`,
      `one of ${INTEGRATION_EVENT_TYPES.map((t) => `${t} (${CLOUD_EVENT_TYPES[t]})`).join(', ')}`,
    );
  }
  return type;
}

function formatAge(seconds: number): string {
  if (seconds < 60) return `${seconds}s`;
  const minutes = Math.floor(seconds / 60);
  if (minutes < 60) return `${minutes}m ${seconds % 60}s`;
  const hours = Math.floor(minutes / 60);
  if (hours < 48) return `${hours}h ${minutes % 60}m`;
  return `${Math.floor(hours / 24)}d ${hours % 24}h`;
}
