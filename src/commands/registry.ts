// Command groups beyond the catalogue, loaded on demand: a command line loads only its own
// group's module (start-up time, SPEC §10); help and unknown words load them all.
import type { Command } from 'commander';
import type { CliIO } from './io.js';

export type Registrar = (program: Command, io: CliIO) => void;

const LOADERS: Record<string, () => Promise<Registrar>> = {
  customer: async () => (await import('./customer.js')).registerCustomerCommands,
  cart: async () => (await import('./cart.js')).registerCartCommands,
  order: async () => (await import('./order.js')).registerOrderCommands,
  outbox: async () => (await import('./outbox.js')).registerOutboxCommands,
  import: async () => (await import('./import.js')).registerImportCommands,
  export: async () => (await import('./export.js')).registerExportCommands,
  replay: async () => (await import('./replay.js')).registerReplayCommand,
  // Fixture steps may be any command: the fixtures group gets the loader of every group.
  fixtures: async () => {
    const { registerFixturesCommand } = await import('./fixtures.js');
    return (program, io) => registerFixturesCommand(program, io, () => loadExtraCommands());
  },
  doctor: async () => (await import('./doctor.js')).registerDoctorCommand,
  report: async () => (await import('./report.js')).registerReportCommands,
  completion: async () => (await import('./completion.js')).registerCompletionCommand,
};

/** Registers the named group, or every group when `group` is not one of them. */
export async function loadExtraCommands(group?: string): Promise<Registrar> {
  // `completion` describes every group, so it loads them all.
  const names = group !== undefined && group !== 'completion' && Object.hasOwn(LOADERS, group) ? [group] : Object.keys(LOADERS);
  const registrars = await Promise.all(names.map((name) => LOADERS[name]()));
  return (program, io) => {
    for (const register of registrars) register(program, io);
  };
}
