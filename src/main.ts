// Entry point: parse, run, and map whatever happened to one exit code.
import { CommanderError } from 'commander';
import { UsageError } from './app/errors.js';
import { OutputError } from './app/output/index.js';
import { classifyError, EXIT, renderError } from './commands/errors.js';
import { installInterruptHandler, isPromptCancel, restoreTerminal, EXIT_INTERRUPTED } from './commands/interrupt.js';
import { processIO, type CliIO } from './commands/io.js';
import { buildProgram, commandGroupOf, CORE_GROUPS } from './commands/programCore.js';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const wantsJson = jsonRequested(argv);
  // A catalogue command does not load the other groups (orders, import, outbox…): one
  // command starts in about the time Node itself needs (SPEC §10).
  const group = commandGroupOf(argv);
  let help = '';
  const programIO: CliIO = { ...io, helpOutput: { write: (text) => ((help += text), true) } };
  try {
    const program = group !== undefined && CORE_GROUPS.has(group)
      ? buildProgram(programIO)
      : buildProgram(programIO, await (await import('./commands/registry.js')).loadExtraCommands(group));
    await program.parseAsync(argv, { from: 'user' });
    return EXIT.ok;
  } catch (error) {
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
      const classified = classifyError(new UsageError(message, hint));
      io.stderr.write(renderError(classified, wantsJson));
      return EXIT.usage;
    }
    // The reader closed stdout (`| head`): a quiet end, not an error (docs/reliability.md).
    if (error instanceof OutputError && error.reason === 'EPIPE' && error.message.startsWith('stdout')) return EXIT.ok;
    if ((error as { code?: string } | null)?.code === 'EPIPE') return EXIT.ok;
    if (isPromptCancel(error)) {
      restoreTerminal(io);
      io.stderr.write(wantsJson ? `${JSON.stringify({ error: { code: 'CANCELLED', message: 'cancelled', details: {} } })}\n` : 'cancelled\n');
      return EXIT_INTERRUPTED;
    }
    const classified = classifyError(error);
    io.stderr.write(renderError(classified, wantsJson));
    if (classified.exitCode === EXIT.internal && io.env.SHOPCTL_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return classified.exitCode;
  }
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
  const help = group && group !== typed ? `shopctl ${group} --help` : 'shopctl --help';
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

function jsonRequested(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export async function main(argv: string[]): Promise<number> {
  // A closed stdout (`| head`) is not an error of ours: stop quietly — unless a command is
  // listening itself (outbox export must fail, so that nothing is marked delivered). Any other
  // failure to write stdout (`> /dev/full`: ENOSPC) lost output: it is an error, exit 1.
  let stdoutFailure: NodeJS.ErrnoException | undefined;
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (process.stdout.listenerCount('error') > 1) return; // a command's own writer handles it
    if (error.code === 'EPIPE') process.exit(process.exitCode ?? EXIT.ok);
    stdoutFailure ??= error;
  });
  installInterruptHandler({ stderr: process.stderr, stdin: process.stdin, exit: (code) => process.exit(code) });
  const code = await runCli(argv, processIO());
  process.exitCode = code; // what a late EPIPE exits with
  // Errors of writes still in flight arrive once the stream has tried them.
  await new Promise<void>((resolve) => process.stdout.write('', () => resolve()));
  if (stdoutFailure && code === EXIT.ok) {
    const classified = classifyError(new OutputError(`cannot write to stdout (${stdoutFailure.code ?? stdoutFailure.message}); the output was lost`, false, stdoutFailure.code ?? 'EIO'));
    process.stderr.write(renderError(classified, jsonRequested(argv)));
    process.exitCode = classified.exitCode;
    return classified.exitCode;
  }
  return code;
}
