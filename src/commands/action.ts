// Glue between commander and the plain command functions: builds the context from the
// global flags, hands over positional arguments and flags, and always closes the store.
import type { Command } from 'commander';
import { CliContext, type GlobalFlags } from './context.js';
import type { CliIO } from './io.js';

export type Flags = Record<string, string | boolean | undefined>;
export type Handler = (ctx: CliContext, args: string[], flags: Flags) => Promise<void> | void;

/**
 * A verb's action. Either a handler of (ctx, args, flags), or — the shape new verbs use —
 * `toOptions` turning commander's arguments and flags into the verb's one typed options
 * object, and the verb's named function `run` that carries it out. The store is always closed.
 */
export function action(io: CliIO, handler: Handler): (...params: unknown[]) => Promise<void>;
export function action<Options>(
  io: CliIO, toOptions: (args: string[], flags: Flags) => Options, run: (ctx: CliContext, options: Options) => Promise<void> | void,
): (...params: unknown[]) => Promise<void>;
export function action<Options>(
  io: CliIO,
  first: Handler | ((args: string[], flags: Flags) => Options),
  run?: (ctx: CliContext, options: Options) => Promise<void> | void,
) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const flags = command.opts() as Flags;
    const args = params.slice(0, -2).map((value) => value as string);
    const ctx = new CliContext(io, command.optsWithGlobals() as GlobalFlags, { readOnly: isReadOnly(command), announceCreate: command.name() !== 'init' });
    try {
      if (run) await run(ctx, (first as (args: string[], flags: Flags) => Options)(args, flags));
      else await (first as Handler)(ctx, args, flags);
    } finally {
      ctx.close();
    }
  };
}

/** Commands that only read: they never create a database (SPEC §2), a missing one is NO_DATABASE. */
const READ_ONLY = new Set([
  'category list', 'product list', 'product show', 'inventory list', 'customer list', 'customer show', 'cart show',
  'order list', 'order show', 'events list', 'outbox status', 'outbox list', 'outbox export', 'outbox ack',
  'import history', 'report sales', 'report stock', 'shopctl replay',
]);

function isReadOnly(command: Command): boolean {
  return READ_ONLY.has(`${command.parent?.name() ?? ''} ${command.name()}`);
}

const examplesGiven = new WeakMap<Command, string[]>();

/** Adds an "Examples:" block to a command's --help. */
export function examples(command: Command, lines: string[]): Command {
  examplesGiven.set(command, [...(examplesGiven.get(command) ?? []), ...lines]);
  return command.addHelpText('after', `\nExamples:\n${lines.map((l) => `  $ ${l}`).join('\n')}\n`);
}

/** The example lines given to a command with examples(), if any. */
export function examplesOf(command: Command): readonly string[] {
  return examplesGiven.get(command) ?? [];
}

/** A switch: true only when given. */
export function flagSet(flags: Flags, name: string): boolean {
  return flags[name] === true;
}

export function flagString(flags: Flags, name: string): string | undefined {
  const value = flags[name];
  return typeof value === 'string' ? value : undefined;
}
