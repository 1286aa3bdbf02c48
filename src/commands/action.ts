// Glue between commander and the named command functions: builds the context from the
// global flags and the verb's options object from its arguments and flags.
import type { Command } from 'commander';
import { CliContext, type GlobalFlags } from './context.js';
import type { CliIO } from './io.js';

export type Flags = Record<string, string | boolean | undefined>;

/**
 * A verb's action: commander's positional arguments and flags become the verb's one typed
 * options object (`toOptions`), which the verb's named function (`run`) checks and carries
 * out. Errors are left to the shared handler (errors.ts); the store is always closed.
 */
export function action<Options>(
  io: CliIO,
  toOptions: (args: string[], flags: Flags) => Options,
  run: (ctx: CliContext, options: Options) => Promise<void> | void,
) {
  return async (...params: unknown[]): Promise<void> => {
    const command = params[params.length - 1] as Command;
    const flags = command.opts() as Flags;
    const args = params.slice(0, -2).map((value) => value as string);
    const ctx = new CliContext(io, command.optsWithGlobals() as GlobalFlags, { readOnly: isReadOnly(command), announceCreate: command.name() !== 'init' });
    try {
      await run(ctx, toOptions(args, flags));
    } finally {
      ctx.close();
    }
  };
}

/** Commands that only read: they never create a database (docs/references.md), a missing one is NO_DATABASE. */
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

