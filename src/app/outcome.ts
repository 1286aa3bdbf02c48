import type { StoredEvent } from '../store/index.js';

/** What a mutating use case reports back: the affected entity and the events it wrote. */
export interface CommandOutcome {
  id: string;
  events: StoredEvent[];
  /** True when the command was an idempotent re-run that changed nothing. */
  unchanged: boolean;
}
