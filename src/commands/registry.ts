// Command groups beyond the catalogue register here (one line each), so that groups
// developed side by side do not edit the same lines of program.ts.
import type { Command } from 'commander';
import { registerImportCommands } from './import.js';
import type { CliIO } from './io.js';
import { registerCustomerCommands } from './customer.js';
import { registerCartCommands } from './cart.js';
import { registerOrderCommands } from './order.js';
import { registerOutboxCommands } from './outbox.js';
import { registerReplayCommand } from './replay.js';
import { registerFixturesCommand } from './fixtures.js';

export function registerExtraCommands(_program: Command, _io: CliIO): void {
  // customer, cart, order: src/commands/{customer,cart,order}.ts
  registerCustomerCommands(_program, _io);
  registerCartCommands(_program, _io);
  registerOrderCommands(_program, _io);
  // outbox: src/commands/outbox.ts
  registerOutboxCommands(_program, _io);
  // import: src/commands/import.ts
  registerImportCommands(_program, _io);
  // replay, fixtures: src/commands/{replay,fixtures}.ts
  registerReplayCommand(_program, _io);
  registerFixturesCommand(_program, _io);
}
