// Every command group, in the order `shopctl --help` lists them, each loaded on demand: a
// command line loads only its own group's module (start-up time, README "Performance"); help
// and unknown words load them all. A new command group is one line here plus its module.
import type { Command } from 'commander';
import type { CliIO } from './io.js';
import type { Shell } from './shell.js';

export type Registrar = (program: Command, io: CliIO, shell: Shell) => void;

const COMMAND_GROUPS: Record<string, () => Promise<Registrar>> = {
  init: async () => (await import('./init.js')).registerInitCommand,
  category: async () => (await import('./category.js')).registerCategoryCommands,
  product: async () => (await import('./product.js')).registerProductCommands,
  inventory: async () => (await import('./inventory.js')).registerInventoryCommands,
  events: async () => (await import('./events.js')).registerEventCommands,
  customer: async () => (await import('./customer.js')).registerCustomerCommands,
  cart: async () => (await import('./cart.js')).registerCartCommands,
  order: async () => (await import('./order.js')).registerOrderCommands,
  outbox: async () => (await import('./outbox.js')).registerOutboxCommands,
  import: async () => (await import('./import.js')).registerImportCommands,
  export: async () => (await import('./export.js')).registerExportCommands,
  replay: async () => (await import('./replay.js')).registerReplayCommand,
  fixtures: async () => (await import('./fixtures.js')).registerFixturesCommand,
  doctor: async () => (await import('./doctor.js')).registerDoctorCommand,
  db: async () => (await import('./db.js')).registerDbCommands,
  report: async () => (await import('./report.js')).registerReportCommands,
  completion: async () => (await import('./completion.js')).registerCompletionCommand,
};

/** The named group's registrar, or every group's (in order) when `group` names none. */
export async function loadCommandGroups(group?: string): Promise<Registrar[]> {
  // `completion` describes every group, so it loads them all.
  const names = group !== undefined && group !== 'completion' && Object.hasOwn(COMMAND_GROUPS, group) ? [group] : Object.keys(COMMAND_GROUPS);
  return Promise.all(names.map((name) => COMMAND_GROUPS[name]()));
}

const GLOBAL_FLAGS_WITH_VALUE = new Set(['--db']);

/** The first word of a command line that is not a global flag (the command group), if any. */
export function commandGroupOf(argv: readonly string[]): string | undefined {
  for (let i = 0; i < argv.length; i++) {
    const word = argv[i];
    if (word === '--') return argv[i + 1];
    if (GLOBAL_FLAGS_WITH_VALUE.has(word)) i++;
    else if (!word.startsWith('-')) return word;
  }
  return undefined;
}

/** Whether `word` names a command group (`product`), not just any word where one goes. */
export function isCommandGroup(word: string | undefined): boolean {
  return word !== undefined && Object.hasOwn(COMMAND_GROUPS, word);
}
