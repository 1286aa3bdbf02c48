// shopctl events list: the raw log, filtered; NDJSON with --json.
import type { Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { readEvents } from '../app/queries.js';
import { DOMAIN_EVENT_TYPES } from '../domain/events.js';
import { action, examples, flagString } from './action.js';
import type { CliContext } from './context.js';
import type { CliIO } from './io.js';
import { writeWithBackpressure } from './io.js';
import { parseCountArg } from './parse.js';

export function registerEventCommands(program: Command, io: CliIO): void {
  const events = examples(program.command('events').description('read the append-only event log'),
    ['shopctl events list --stream product-<uuid>', 'shopctl --json events list --after 100 --limit 50']);
  examples(
    events.command('list').description('list events in log order (NDJSON with --json)')
      .option('--stream <stream-id>', 'only this stream, e.g. product-<uuid>')
      .option('--type <type>', 'only this event type, e.g. InventoryRestocked')
      .option('--after <position>', 'only events after this global position')
      .option('--limit <n>', 'at most n events'),
    ['shopctl events list --limit 20', 'shopctl --json events list --type OrderPlaced --after 100'],
  ).action(action(io, (_args, flags) => ({
    stream: flagString(flags, 'stream'), type: flagString(flags, 'type'), after: flagString(flags, 'after'), limit: flagString(flags, 'limit'),
  }), eventsList));
}

/** Filters as typed. */
export interface EventsListOptions {
  stream?: string;
  type?: string;
  after?: string;
  limit?: string;
}

export async function eventsList(ctx: CliContext, options: EventsListOptions): Promise<void> {
  const { after, limit, type } = options;
  // A misspelt type would silently match nothing: name the known ones instead.
  if (type !== undefined && !(DOMAIN_EVENT_TYPES as string[]).includes(type)) {
    throw new UsageError(`--type "${type}" is not an event type`, `one of ${DOMAIN_EVENT_TYPES.join(', ')}`);
  }
  const filter = {
    streamId: options.stream, type,
    after: after === undefined ? undefined : parseCountArg(after, '--after', 0),
    limit: limit === undefined ? undefined : parseCountArg(limit, '--limit', 1),
  };
  const c = ctx.color;
  let buffer = '';
  let count = 0;
  for (const event of readEvents(ctx.shop(), filter)) {
    count++;
    buffer += ctx.json
      ? JSON.stringify(event) + '\n'
      : `${c.dim(String(event.position).padStart(6))} ${event.recordedAt} ${c.bold(event.type)} ${event.streamId} v${event.streamVersion} ${JSON.stringify(event.data)}\n`;
    if (buffer.length > 65536) {
      await writeWithBackpressure(ctx.io.stdout, buffer);
      buffer = '';
    }
  }
  if (buffer) await writeWithBackpressure(ctx.io.stdout, buffer);
  if (!ctx.json && count === 0) ctx.out('No events match.');
}
