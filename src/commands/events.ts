// shopctl events list: the raw log, filtered; NDJSON with --json.
import type { Command } from 'commander';
import { action, examples, flagString } from './action.js';
import type { CliIO } from './io.js';
import { writeWithBackpressure } from './io.js';
import { parseIntegerArg } from './parse.js';

export function registerEventCommands(program: Command, io: CliIO): void {
  const events = program.command('events').description('read the append-only event log');
  examples(
    events.command('list').description('list events in log order (NDJSON with --json)')
      .option('--stream <stream-id>', 'only this stream, e.g. product-<uuid>')
      .option('--type <type>', 'only this event type, e.g. InventoryRestocked')
      .option('--after <position>', 'only events after this global position')
      .option('--limit <n>', 'at most n events'),
    ['shopctl events list --limit 20', 'shopctl --json events list --type OrderPlaced --after 100'],
  ).action(action(io, async (ctx, _args, flags) => {
    const after = flagString(flags, 'after');
    const limit = flagString(flags, 'limit');
    const filter = {
      streamId: flagString(flags, 'stream'), type: flagString(flags, 'type'),
      after: after === undefined ? undefined : parseIntegerArg(after, '--after'),
      limit: limit === undefined ? undefined : parseIntegerArg(limit, '--limit'),
    };
    const c = ctx.color;
    let buffer = '';
    let count = 0;
    for (const event of ctx.shop().store.eventLog.read(filter)) {
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
  }));
}
