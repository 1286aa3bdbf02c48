// Asking for missing values. Only on a terminal (stdin and stdout TTYs, CI unset, no
// --no-input); otherwise a missing value is a usage error naming the flag. Prompts draw on
// stderr so stdout stays clean for data.
import { UsageError } from '../app/errors.js';
import type { CliContext } from './context.js';

export interface PromptSpec {
  /** The flag as the user would type it, e.g. "--name". */
  flag: string;
  message: string;
  /** Returns an error message for invalid input (shown inline), or undefined. */
  validate?: (value: string) => string | undefined;
  default?: string;
}

export async function requireValue(ctx: CliContext, value: string | undefined, spec: PromptSpec): Promise<string> {
  if (value !== undefined && value !== '') return value;
  if (!ctx.interactive) {
    // "<name>" is a positional argument, "--name" an option: say which, so the fix is obvious.
    const positional = spec.flag.startsWith('<');
    throw new UsageError(
      `missing required ${positional ? 'argument' : 'option'} ${spec.flag}`,
      positional ? `give ${spec.flag}, or run on a terminal to be asked` : `pass ${spec.flag} <value>, or run on a terminal to be asked`,
    );
  }
  const { input } = await import('@inquirer/prompts');
  return input(
    {
      message: spec.message,
      default: spec.default,
      required: true,
      validate: (text: string) => spec.validate?.(text) ?? true,
    },
    { input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream },
  );
}

export async function askSecret(ctx: CliContext, message: string): Promise<string> {
  const { password } = await import('@inquirer/prompts');
  return password({ message, mask: true }, { input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream });
}

export async function choose<T extends string>(ctx: CliContext, message: string, choices: { name: string; value: T }[]): Promise<T> {
  const { select } = await import('@inquirer/prompts');
  return select({ message, choices }, { input: ctx.io.stdin, output: ctx.io.stderr as NodeJS.WritableStream });
}
