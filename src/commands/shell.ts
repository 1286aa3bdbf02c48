// The command line itself, handed to a command that runs other commands (fixtures apply).
// main.ts supplies it, so no command module needs to import main.ts or the registry back.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

export interface Shell {
  /** Runs one command line in-process and returns its exit code (what `runCli` does). */
  run(argv: string[], io: CliIO): Promise<number>;
  /** The whole program with every command group, to look up a command's arguments and flags. */
  program(io: CliIO): Promise<Command>;
}
