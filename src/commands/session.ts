// One commander program that runs command lines and maps whatever happened to one exit code.
// main() runs one line on it; fixtures run thousands of steps on the same program (commander
// re-parses from a clean state), so building the program is not paid per step.
import { CommanderError, type Command } from 'commander';
import { UsageError } from '../app/errors.js';
import { OutputError } from '../app/output/index.js';
import { classifyError, EXIT, renderError } from './errors.js';
import { Interrupted, isPromptCancel, restoreTerminal, EXIT_INTERRUPTED } from './interrupt.js';
import type { CliIO } from './io.js';
import { commandGroupOf, isCommandGroup } from './registry.js';
import type { CliSession } from './shell.js';

/**
 * A program over `io`. The IO is read at each use, not copied: a caller may swap its streams
 * between runs (fixtures capture each step's output).
 */
export async function cliSession(io: CliIO, build: (programIO: CliIO) => Promise<Command>): Promise<CliSession> {
  let help = '';
  const helpOutput = { write: (text: string) => ((help += text), true) };
  // Reads fall through to `io` (so later swaps are seen); only the help sink is our own.
  const programIO = Object.assign(Object.create(io) as CliIO, { helpOutput });
  const program = await build(programIO);
  return {
    program,
    async run(argv) {
      help = '';
      try {
        await program.parseAsync(argv, { from: 'user' });
        return EXIT.ok;
      } catch (error) {
        return exitCodeOf(error, argv, help, io);
      }
    },
  };
}

function exitCodeOf(error: unknown, argv: string[], help: string, io: CliIO): number {
  const wantsJson = jsonRequested(argv);
  const group = commandGroupOf(argv);
  if (error instanceof CommanderError) {
    if (error.code === 'commander.helpDisplayed' || error.code === 'commander.version') return EXIT.ok;
    if (error.code === 'commander.help') {
      if (error.exitCode === 0) return EXIT.ok; // `shopctl help [command]`
      // A command group without its verb (`shopctl inventory`): a usage error, with the help.
      if (!wantsJson) io.stderr.write(help);
      const classified = classifyError(new UsageError(
        `missing command${group ? ` after 'shopctl ${group}'` : ''}`, 'see the list above, or `shopctl --help`',
      ));
      io.stderr.write(renderError(classified, wantsJson));
      return EXIT.usage;
    }
    if (error.code === 'commander.executeSubCommandAsync') return EXIT.ok;
    const { message, hint } = usageMessage(withoutOptionValues(error.message), argv, group);
    // A value commander itself could not take (a choice, an argParser's refusal) is INVALID_ARGUMENT.
    const code = error.code === 'commander.invalidArgument' ? 'INVALID_ARGUMENT' : 'USAGE';
    const classified = classifyError(new UsageError(message, hint, code));
    io.stderr.write(renderError(classified, wantsJson));
    return EXIT.usage;
  }
  // The reader closed stdout (`| head`): a quiet end, not an error (docs/reliability.md).
  if (error instanceof OutputError && error.reason === 'EPIPE' && error.message.startsWith('stdout')) return EXIT.ok;
  if ((error as { code?: string } | null)?.code === 'EPIPE') return EXIT.ok;
  if (isPromptCancel(error) || error instanceof Interrupted) {
    restoreTerminal(io);
    io.stderr.write(wantsJson ? `${JSON.stringify({ error: { code: 'CANCELLED', message: 'cancelled', details: {} } })}\n` : 'cancelled\n');
    return EXIT_INTERRUPTED;
  }
  const classified = classifyError(error);
  io.stderr.write(renderError(classified, wantsJson));
  if (classified.exitCode === EXIT.internal && io.env.SHOPCTL_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
  return classified.exitCode;
}

/**
 * Commander's message as one clean line with a hint: a typo suggestion becomes "did you mean
 * …?" pointing at that group's help, and is dropped when it is the opposite action
 * (`activate` is never "corrected" to `deactivate`).
 */
function usageMessage(raw: string, argv: string[], group: string | undefined): { message: string; hint: string } {
  const [first, ...rest] = raw.replace(/^error: /, '').split('\n');
  const suggested = /Did you mean (\S+?)\??\)?$/.exec(rest.join(' ').trim())?.[1];
  const typed = /'([^']+)'/.exec(first)?.[1] ?? '';
  const opposite = (a: string, b: string) => ['de', 'un', 're', 'in'].some((p) => a === p + b || b === p + a);
  // A group's own help only for a real group (`--dbb <url> product list` makes the URL the first word).
  const help = isCommandGroup(group) && group !== typed ? `shopctl ${group} --help` : 'shopctl --help';
  if (suggested && !opposite(typed.replace(/^--/, ''), suggested.replace(/^--/, ''))) {
    const full = suggested.startsWith('-') || !group || group === typed ? suggested : `${group} ${suggested}`;
    return { message: first, hint: `did you mean ${suggested.startsWith('-') ? suggested : `shopctl ${full}`}? see \`${help}\`` };
  }
  return { message: first, hint: `see \`${help}\`` };
}

/**
 * Commander quotes what was typed (`unknown option '--password-stdin=Canary-Secret'`): an
 * option's value never appears in an error, whatever the option, since it may be a secret.
 */
export function withoutOptionValues(message: string): string {
  return message.replace(/'(--?[A-Za-z0-9][\w-]*)=[^']*'/g, "'$1'");
}

export function jsonRequested(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}
