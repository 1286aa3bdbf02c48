// Reading events written by older versions of shopctl: each upcaster lifts a payload from
// schema version n to n+1. An event from a newer shopctl cannot be read and says so.
import { payloadProblem } from './eventShapes.js';
import { CURRENT_SCHEMA_VERSION, type DomainEvent, type DomainEventType } from './events.js';

export type Upcaster = (data: Record<string, unknown>) => Record<string, unknown>;

/**
 * What a reader knows about event schemas: the version it writes of each type, and the
 * upcasters that lift older stored versions to it. Tests (and a future migration) can pass
 * their own registry; the log and replay use EVENT_SCHEMAS.
 */
export interface UpcastRegistry {
  readonly currentVersions: Readonly<Record<string, number>>;
  /** upcasters[type][n] lifts version n to n + 1. */
  readonly upcasters: Readonly<Record<string, Readonly<Record<number, Upcaster>>>>;
}

/** UPCASTERS[type][n] lifts version n to n + 1. Empty while every type is at version 1. */
export const UPCASTERS: Partial<Record<DomainEventType, Record<number, Upcaster>>> = {};

export const EVENT_SCHEMAS: UpcastRegistry = { currentVersions: CURRENT_SCHEMA_VERSION, upcasters: UPCASTERS };

export class UnreadableEventError extends Error {
  constructor(
    message: string, readonly position: number, readonly type: string, readonly schemaVersion: number,
    /** UNKNOWN_EVENT_SCHEMA: from a newer shopctl; CORRUPT_EVENT: damaged or tampered with. */
    readonly code: 'UNKNOWN_EVENT_SCHEMA' | 'CORRUPT_EVENT' = 'UNKNOWN_EVENT_SCHEMA',
  ) {
    super(message);
    this.name = 'UnreadableEventError';
  }
}

/** A stored payload that cannot be folded: names the position, the type and what is wrong. */
function corrupt(position: number, type: string, schemaVersion: number, what: string): UnreadableEventError {
  return new UnreadableEventError(
    `event at position ${position} (${type}) is damaged: ${what}; run \`shopctl doctor\``, position, type, schemaVersion, 'CORRUPT_EVENT',
  );
}

/** JSON.parse of a stored column, failing with the event's position rather than a bare SyntaxError. */
export function parseStored(json: string, position: number, type: string, schemaVersion: number, column = 'data'): unknown {
  try {
    return JSON.parse(json);
  } catch {
    throw corrupt(position, type, schemaVersion, `its ${column} is not valid JSON`);
  }
}

export function upcast(
  type: string,
  schemaVersion: number,
  data: Record<string, unknown>,
  position: number,
  registry: UpcastRegistry = EVENT_SCHEMAS,
): { type: DomainEventType; schemaVersion: number; data: DomainEvent['data'] } {
  const current = Object.hasOwn(registry.currentVersions, type) ? registry.currentVersions[type] : undefined;
  if (current === undefined) {
    throw new UnreadableEventError(
      `event at position ${position} has unknown type ${type}; it was written by another program or a newer shopctl`,
      position, type, schemaVersion,
    );
  }
  if (!Number.isInteger(schemaVersion) || schemaVersion < 1) {
    throw new UnreadableEventError(
      `event at position ${position} (${type}) has an invalid schema version ${schemaVersion}`,
      position, type, schemaVersion,
    );
  }
  if (schemaVersion > current) {
    throw new UnreadableEventError(
      `event at position ${position} (${type}) has schema version ${schemaVersion}, newer than this shopctl reads (${current}); upgrade shopctl`,
      position, type, schemaVersion,
    );
  }
  let lifted = data;
  for (let version = schemaVersion; version < current; version++) {
    const step = registry.upcasters[type]?.[version];
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

/**
 * The payload of a stored event in the current shape, from its JSON text. The common case
 * (already current) is one JSON.parse; replay calls this once per event.
 */
export function readPayload(
  type: string,
  schemaVersion: number,
  json: string,
  position: number,
  registry: UpcastRegistry = EVENT_SCHEMAS,
): DomainEvent['data'] {
  const stored = parseStored(json, position, type, schemaVersion);
  const data = registry.currentVersions[type] === schemaVersion && Object.hasOwn(registry.currentVersions, type)
    ? stored as DomainEvent['data']
    : upcast(type, schemaVersion, stored as Record<string, unknown>, position, registry).data;
  // Checked in the current shape; a type another registry knows but the domain does not is left alone.
  const problem = Object.hasOwn(CURRENT_SCHEMA_VERSION, type) ? payloadProblem(type as DomainEventType, data) : null;
  if (problem) throw corrupt(position, type, schemaVersion, problem);
  return data;
}
