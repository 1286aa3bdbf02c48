// The whole commander program: the catalogue groups (programCore.ts) and every other group
// (registry.ts). main.ts builds only what a command line needs; in-process callers use this.
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import { buildProgram } from './programCore.js';
import { loadExtraCommands } from './registry.js';

export { commandGroupOf, CORE_GROUPS } from './programCore.js';

export async function createProgram(io: CliIO): Promise<Command> {
  return buildProgram(io, await loadExtraCommands());
}
