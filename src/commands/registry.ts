// Command groups beyond the catalogue register here (one line each), so that groups
// developed side by side do not edit the same lines of program.ts.
import type { Command } from 'commander';
import { registerCartCommands } from './cart.js';
import { registerCustomerCommands } from './customer.js';
import { registerFixturesCommand } from './fixtures.js';
import { registerImportCommands } from './import.js';
import type { CliIO } from './io.js';
import { registerOrderCommands } from './order.js';
import { registerOutboxCommands } from './outbox.js';
import { registerReplayCommand } from './replay.js';

export function registerExtraCommands(program: Command, io: CliIO): void {
  registerCustomerCommands(program, io);
  registerCartCommands(program, io);
  registerOrderCommands(program, io);
  registerOutboxCommands(program, io);
  registerImportCommands(program, io);
  registerReplayCommand(program, io);
  registerFixturesCommand(program, io);
}
