// Entry point: parse, run, and map whatever happened to one exit code.
import { OutputError } from './app/output/index.js';
import { classifyError, EXIT, renderError } from './commands/errors.js';
import { installInterruptHandler } from './commands/interrupt.js';
import { processIO, type CliIO } from './commands/io.js';
import { buildProgram } from './commands/program.js';
import { commandGroupOf } from './commands/registry.js';
import { cliSession, jsonRequested } from './commands/session.js';
import type { Shell } from './commands/shell.js';


export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // A command loads only its own group's module: one command starts in about the time Node
  // itself needs (README "Performance").
  const group = commandGroupOf(argv);
  let session;
  try {
    session = await cliSession(io, (programIO) => buildProgram(programIO, shell, group));
  } catch (error) {
    io.stderr.write(renderError(classifyError(error), jsonRequested(argv)));
    return EXIT.internal;
  }
  return session.run(argv);
}

/** What `fixtures apply` runs its steps with: one program of every command group, in-process. */
const shell: Shell = { session: (io) => cliSession(io, (programIO) => buildProgram(programIO, shell)) };

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
