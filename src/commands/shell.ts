// The command line itself, handed to a command that runs other commands (fixtures apply).
// main.ts supplies it, so no command module needs to import main.ts or the registry back.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

/** One commander program that runs command lines (commands/session.ts). */
export interface CliSession {
  /** The program (fixtures look up command shapes on it). */
  program: Command;
  /** Runs one command line; resolves to its exit code, never throws. */
  run(argv: string[]): Promise<number>;
}

export interface Shell {
  /**
   * A program with every command group over `io`, to run many command lines on (each step of
   * a fixture) and to look up a command's arguments and flags.
   */
  session(io: CliIO): Promise<CliSession>;
}
