// shopctl events list: the raw log, filtered; NDJSON with --json; on a terminal, the latest
// 50 as a table unless --limit or --all says otherwise.
import type { Command } from 'commander';
import { invalidArgument } from '../app/errors.js';
import { latestEvents, readEvents } from '../app/queries.js';
import { DOMAIN_EVENT_TYPES } from '../domain/events.js';
import { formatMoney, type Money } from '../domain/money.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import { StreamWriter, type WritableLike } from '../app/output/index.js';
import type { CliIO } from './io.js';
import { forTerminal, safeJson } from './terminalText.js';
import { parseCountArg } from './parse.js';
import { shortStream } from './render/ids.js';
import { localMinute } from './render/time.js';
import type { StoredEvent } from '../app/queries.js';

/** How many events a terminal shows when no --limit or --all is given. */
const TERMINAL_DEFAULT = 50;

export function registerEventCommands(program: Command, io: CliIO): void {
  const events = examples(program.command('events').description('read the append-only event log'),
    ['shopctl events list --stream product-<uuid>', 'shopctl --json events list --after 100 --limit 50']);
  examples(
    events.command('list').description(`list events in log order (NDJSON with --json; a terminal shows the latest ${TERMINAL_DEFAULT})`)
      .option('--stream <stream-id>', 'only this stream, e.g. product-<uuid>')
      .option('--type <type>', 'only this event type, e.g. InventoryRestocked')
      .option('--after <position>', 'only events after this global position')
      .option('--limit <n>', 'at most n events')
      .option('--all', 'every matching event, also on a terminal'),
    ['shopctl events list --limit 20', 'shopctl --json events list --type OrderPlaced --after 100'],
  ).action(action(io, (_args, flags) => ({
    stream: flagString(flags, 'stream'), type: flagString(flags, 'type'), after: flagString(flags, 'after'), limit: flagString(flags, 'limit'),
    all: flags.all === true,
  }), eventsList));
}

/** Filters as typed. */
export interface EventsListOptions {
  stream?: string;
  type?: string;
  after?: string;
  limit?: string;
  /** Every matching event, also on a terminal. */
  all?: boolean;
}

export async function eventsList(ctx: CliContext, options: EventsListOptions): Promise<void> {
  const { after, limit, type } = options;
  // A misspelt type would silently match nothing: name the known ones instead.
  if (type !== undefined && !(DOMAIN_EVENT_TYPES as string[]).includes(type)) {
    throw invalidArgument(`--type "${type}" is not an event type`, `one of ${DOMAIN_EVENT_TYPES.join(', ')}`);
  }
  const filter = {
    streamId: options.stream, type,
    after: after === undefined ? undefined : parseCountArg(after, '--after', 0),
    limit: limit === undefined ? undefined : parseCountArg(limit, '--limit', 1),
  };
  if (!ctx.json && ctx.terminal) {
    if (filter.limit === undefined && options.all !== true) {
      const { events: latest, total } = latestEvents(ctx.shop(), filter, TERMINAL_DEFAULT);
      if (total === 0) return ctx.out('No events match.');
      printEventTable(ctx, latest);
      if (total > latest.length) {
        ctx.out(ctx.color.dim(`${total - latest.length} earlier event(s) not shown; --all shows every one, --limit <n> the first n, --json all as NDJSON`));
      }
      return;
    }
    const found = [...readEvents(ctx.shop(), filter)];
    if (found.length === 0) return ctx.out('No events match.');
    return printEventTable(ctx, found);
  }
  const c = ctx.color;
  const stdout = new StreamWriter(ctx.io.stdout as WritableLike);
  // Payloads hold whatever was typed or imported: escaped on their way to a terminal.
  const emit = (text: string) => stdout.write(ctx.json ? text : forTerminal(text, ctx.colorOn));
  let buffer = '';
  let count = 0;
  for (const event of readEvents(ctx.shop(), filter)) {
    count++;
    buffer += ctx.json
      ? safeJson(event) + '\n'
      : `${c.dim(String(event.position).padStart(6))} ${event.recordedAt} ${c.bold(event.type)} ${event.streamId} v${event.streamVersion} ${JSON.stringify(event.data)}\n`;
    if (buffer.length > 65536) {
      await emit(buffer);
      buffer = '';
    }
  }
  if (buffer) await emit(buffer);
  await stdout.finish();
  if (!ctx.json && count === 0) ctx.out('No events match.');
}

function printEventTable(ctx: CliContext, events: StoredEvent[]): void {
  ctx.out(ctx.table(['Pos', 'Time', 'Type', 'Stream', 'Summary'], events.map((e) => [
    e.position, localMinute(e.recordedAt), e.type, shortStream(e.streamId), summarize(e.data),
  ])));
}

/** The payload's telling scalar fields (names, SKUs, quantities, amounts), ids and times left out. */
function summarize(data: unknown): string {
  const parts: string[] = [];
  for (const [key, value] of Object.entries(data as Record<string, unknown>)) {
    if (/Id$|At$|^id$/.test(key) || value === null || value === '') continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean') parts.push(`${key}=${value}`);
    else if (typeof value === 'object' && 'amount' in (value as object)) {
      parts.push(`${key}=${formatMoney(value as Money)}`);
    } else if (Array.isArray(value)) parts.push(`${key}=[${value.length}]`);
  }
  return parts.join(' ');
}
