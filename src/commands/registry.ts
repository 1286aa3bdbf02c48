// Command groups beyond the catalogue register here (one line each), so that groups
// developed side by side do not edit the same lines of program.ts.
import type { Command } from 'commander';
import { registerImportCommands } from './import.js';
import type { CliIO } from './io.js';
import { registerReplayCommand } from './replay.js';

export function registerExtraCommands(_program: Command, _io: CliIO): void {
  // customer, cart, order: src/commands/{customer,cart,order}.ts
  // outbox: src/commands/outbox.ts
  // import: src/commands/import.ts
  registerImportCommands(_program, _io);
  // replay, fixtures: src/commands/{replay,fixtures}.ts
  registerReplayCommand(_program, _io);
}
