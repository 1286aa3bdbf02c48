// shopctl events list: the raw log, filtered; NDJSON with --json.
import type { Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { readEvents } from '../app/queries.js';
import { DOMAIN_EVENT_TYPES } from '../domain/events.js';
import { action, examples, flagString } from './action.js';
import { StreamWriter, type WritableLike } from '../app/output/index.js';
import type { CliIO } from './io.js';
import { forTerminal, safeJson } from './terminalText.js';
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
  ).action(action(io, async (ctx, _args, flags) => {
    const after = flagString(flags, 'after');
    const limit = flagString(flags, 'limit');
    const type = flagString(flags, 'type');
    // A misspelt type would silently match nothing: name the known ones instead.
    if (type !== undefined && !(DOMAIN_EVENT_TYPES as string[]).includes(type)) {
      throw new UsageError(`--type "${type}" is not an event type`, `one of ${DOMAIN_EVENT_TYPES.join(', ')}`);
    }
    const filter = {
      streamId: flagString(flags, 'stream'), type,
      after: after === undefined ? undefined : parseCountArg(after, '--after', 0),
      limit: limit === undefined ? undefined : parseCountArg(limit, '--limit', 1),
    };
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
  }));
}
