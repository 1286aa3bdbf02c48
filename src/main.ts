// Entry point: parse, run, and map whatever happened to one exit code.
import { EXIT } from './commands/errors.js';
import { processIO, type CliIO } from './commands/io.js';
import { commandGroupOf, CORE_GROUPS } from './commands/programCore.js';
import { cliSession } from './commands/session.js';

export async function runCli(argv: string[], io: CliIO): Promise<number> {
  // A catalogue command does not load the other groups (orders, import, outbox…): one
  // command starts in about the time Node itself needs (SPEC §10).
  const group = commandGroupOf(argv);
  let extras;
  try {
    extras = group !== undefined && CORE_GROUPS.has(group)
      ? undefined
      : await (await import('./commands/registry.js')).loadExtraCommands(group);
  } catch (error) {
    io.stderr.write(`error: ${(error as Error).message}\n`);
    return EXIT.internal;
  }
  return cliSession(io, extras).run(argv);
}

export async function main(argv: string[]): Promise<number> {
  // A closed stdout (`| head`) is not an error of ours: stop quietly — unless a command is
  // listening itself (outbox export must fail, so that nothing is marked delivered).
  process.stdout.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE' && process.stdout.listenerCount('error') === 1) process.exit(process.exitCode ?? EXIT.ok);
  });
  return runCli(argv, processIO());
}
