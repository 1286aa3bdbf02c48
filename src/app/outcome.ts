import type { CommandInfo, StoredEvent, UnitOfWork } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

/** What a mutating use case reports back: the affected entity and the events it wrote. */
export interface CommandOutcome {
  id: string;
  events: StoredEvent[];
  /** True when the command was an idempotent re-run that changed nothing. */
  unchanged: boolean;
}

/**
 * A use case that works inside an open unit of work and returns the affected entity's id:
 * one command on its own (`perform`), or one of many in a bulk import's single transaction.
 */
export interface UseCase<Input> {
  (app: ShopApp, uow: UnitOfWork, info: CommandInfo, input: Input): string;
  /** The command it carries out, as recorded in the events' metadata. */
  readonly command: string;
}

export function useCase<Input>(command: string, run: (app: ShopApp, uow: UnitOfWork, info: CommandInfo, input: Input) => string): UseCase<Input> {
  return Object.assign(run, { command });
}

/** Runs a use case as one command in its own transaction. */
export function perform<Input>(app: ShopApp, run: UseCase<Input>, input: Input): CommandOutcome {
  const { value: id, events } = app.execute(run.command, (uow, info) => run(app, uow, info, input));
  return { id, events, unchanged: events.length === 0 };
}
