// Reading events written by older versions of shopctl: each upcaster lifts a payload from
// schema version n to n+1. An event from a newer shopctl cannot be read and says so.
import { CURRENT_SCHEMA_VERSION, type DomainEvent, type DomainEventType } from './events.js';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/** UPCASTERS[type][n] lifts version n to n + 1. Empty while every type is at version 1. */
export const UPCASTERS: Partial<Record<DomainEventType, Record<number, Upcaster>>> = {};

export class UnreadableEventError extends Error {
  constructor(message: string, readonly position: number, readonly type: string, readonly schemaVersion: number) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

export function upcast(
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
  position: number,
  upcasters: typeof UPCASTERS = UPCASTERS,
): { type: DomainEventType; schemaVersion: number; data: DomainEvent['data'] } {
  const current = CURRENT_SCHEMA_VERSION[type as DomainEventType];
  if (current === undefined) {
    throw new UnreadableEventError(`event at position ${position} has unknown type ${type}`, position, type, schemaVersion);
  }
  if (schemaVersion > current) {
    throw new UnreadableEventError(
      `event at position ${position} (${type}) has schema version ${schemaVersion}, newer than this shopctl reads (${current}); upgrade shopctl`,
      position, type, schemaVersion,
    );
  }
  let lifted = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = upcasters[type as DomainEventType]?.[version];
    if (!step) {
      throw new UnreadableEventError(
        `event at position ${position} (${type}) has schema version ${version} and no upcaster to ${version + 1}`,
        position, type, schemaVersion,
      );
    }
    lifted = step(lifted);
  }
  return { type: type as DomainEventType, schemaVersion: current, data: lifted as unknown as DomainEvent['data'] };
}
