// Asking for missing values. Only on a terminal (stdin and stderr TTYs, CI unset, no
// --no-input); otherwise a missing value is a usage error naming the flag. Prompts draw on
// stderr so stdout stays clean for data. Each answer is checked as it is typed, with the same
// parsing and rules the flag gets, and asked again with the reason; Ctrl-C rejects the prompt
// (main turns that into "cancelled", exit 130).
import { UsageError } from '../app/errors.js';
import type { CliContext } from './context.js';

export interface PromptSpec {
  /** The flag as the user would type it, e.g. "--name". */
  flag: string;
  message: string;
  /** The flag's own parsing/rule check: whatever it throws is shown and the question asked again. */
  check?: (value: string) => unknown;
  default?: string;
  /** An empty answer is allowed (returned as ''). */
  optional?: boolean;
}

type Prompts = typeof import('@inquirer/prompts');

/** Loads the prompt library with colour set as the run wants (it reads the setting on load). */
async function prompts(ctx: CliContext): Promise<Prompts> {
  const env = ctx.io.env;
  if (!ctx.promptColor && env === process.env) process.env.NO_COLOR = '1';
  return import('@inquirer/prompts');
}

function streams(ctx: CliContext) {
  return { input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream };
}

/** The message of whatever a check threw, to show beside the answer. */
function reasonOf(check: (value: string) => unknown, value: string): string | undefined {
  try {
    check(value);
    return undefined;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  }
}

export function missingValue(spec: { flag: string }): UsageError {
  // "<name>" is a positional argument, "--name" an option: say which, so the fix is obvious.
  const positional = spec.flag.startsWith('<');
  return new UsageError(
    `missing required ${positional ? 'argument' : 'option'} ${spec.flag}`,
    positional ? `give ${spec.flag}, or run on a terminal to be asked` : `pass ${spec.flag} <value>, or run on a terminal to be asked`,
  );
}

export async function requireValue(ctx: CliContext, value: string | undefined, spec: PromptSpec): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (!ctx.interactive) throw missingValue(spec);
  return ask(ctx, spec);
}

/** Asks for a value on the terminal (the caller knows it is interactive). */
export async function ask(ctx: CliContext, spec: PromptSpec): Promise<string> {
  const { input } = await prompts(ctx);
  return input(
    {
      message: spec.message,
      default: spec.default,
      required: !spec.optional,
      validate: (text: string) => {
        if (spec.optional && text.trim() === '') return true;
        return (spec.check ? reasonOf(spec.check, text) : undefined) ?? true;
      },
    },
    streams(ctx),
  );
}

/** A hidden answer, checked as typed (e.g. the password rules, at the first entry). */
export async function askSecret(ctx: CliContext, message: string, check?: (value: string) => unknown): Promise<string> {
  const { password } = await prompts(ctx);
  return password({
    message, mask: true,
    validate: (text: string) => (check ? reasonOf(check, text) : undefined) ?? true,
  }, streams(ctx));
}

export interface Choice<T extends string> { name: string; value: T; description?: string }

/** Lists to pick from; a long list can be filtered by typing. */
export async function choose<T extends string>(ctx: CliContext, message: string, choices: Choice<T>[]): Promise<T> {
  const { select, search } = await prompts(ctx);
  if (choices.length <= 8) return select({ message, choices, pageSize: 8 }, streams(ctx));
  return search({
    message: `${message} (type to filter)`,
    pageSize: 10,
    source: (term: string | undefined) => {
      const words = (term ?? '').toLowerCase().split(/\s+/).filter(Boolean);
      return choices.filter((c) => words.every((w) => c.name.toLowerCase().includes(w)));
    },
  }, streams(ctx));
}
