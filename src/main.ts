// Entry point: parse, run, and map whatever happened to one exit code.
import { CommanderError } from 'commander';
import { UsageError } from './app/errors.js';
import { classifyError, EXIT, renderError } from './commands/errors.js';
import { processIO, type CliIO } from './commands/io.js';
import { buildProgram } from './commands/program.js';
import { commandGroupOf } from './commands/registry.js';
import type { Shell } from './commands/shell.js';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  const wantsJson = jsonRequested(argv);
  // A command loads only its own group's module: one command starts in about the time Node
  // itself needs (README "Performance").
  const group = commandGroupOf(argv);
  let help = '';
  const programIO: CliIO = { ...io, helpOutput: { write: (text) => ((help += text), true) } };
  try {
    const program = await buildProgram(programIO, shell, group);
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
      const message = error.message.replace(/^error: /, '');
      const classified = classifyError(new UsageError(message, 'see `shopctl --help`'));
      io.stderr.write(renderError(classified, wantsJson));
      return EXIT.usage;
    }
    const classified = classifyError(error);
    io.stderr.write(renderError(classified, wantsJson));
    if (classified.exitCode === EXIT.internal && io.env.SHOPCTL_DEBUG && error instanceof Error) io.stderr.write(`${error.stack}\n`);
    return classified.exitCode;
  }
}

/** What `fixtures apply` runs its steps with: this same entry point, in-process. */
const shell: Shell = { run: runCli, program: (io) => buildProgram(io, shell) };

function jsonRequested(argv: string[]): boolean {
  const end = argv.indexOf('--');
  return (end === -1 ? argv : argv.slice(0, end)).includes('--json');
}

export async function main(argv: string[]): Promise<number> {
  // A closed stdout (`| head`) is not an error of ours: stop quietly — unless a command is
  // listening itself (outbox export must fail, so that nothing is marked delivered).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' && process.stdout.listenerCount('error') === 1) process.exit(process.exitCode ?? EXIT.ok);
  });
  return runCli(argv, processIO());
}
