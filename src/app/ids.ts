// Id sources. Normally random UUIDs; with SHOPCTL_NOW set (reproducible runs) every id is
// derived from the fixed time, the log position and write number the transaction starts at,
// and a counter, so the same commands on the same database give the same ids.
import { createHash, randomUUID } from 'node:crypto';
import type { IdSource } from '../store/index.js';

export function randomIds(): IdSource {
  return { newId: () => randomUUID(), eventId: () => timeOrderedUuid() };
}

let lastMillis = 0;
let sequence = 0;

/**
 * A UUID of version 7 (RFC 9562): 48 bits of Unix milliseconds, a 12-bit sequence that keeps
 * ids made in the same millisecond in order, then 62 random bits. Event ids are made in time
 * order, so the log's event-id index grows at its end like the log itself; random (v4) ids
 * landed all over an index much larger than the page cache, which made a big import's cost
 * grow faster than its rows (docs/import.md).
 */
export function timeOrderedUuid(): string {
  const now = Date.now();
  if (now > lastMillis) {
    lastMillis = now;
    sequence = 0;
  } else if (++sequence > 0xfff) {
    lastMillis++; // more than 4,096 ids in a millisecond: borrow the next one, order is kept
    sequence = 0;
  }
  const time = lastMillis.toString(16).padStart(12, '0');
  const random = randomUUID(); // xxxxxxxx-xxxx-4xxx-Vxxx-xxxxxxxxxxxx: keep its variant and random tail
  return `${time.slice(0, 8)}-${time.slice(8)}-7${sequence.toString(16).padStart(3, '0')}-${random.slice(19)}`;
}

export function deterministicIds(seed: string, position: string): IdSource {
  let counter = 0;
  return {
    newId: () => nameBasedUuid(`${seed}|${position}|${counter++}`),
    eventId: (streamId, version) => nameBasedUuid(`${seed}|event|${streamId}|${version}`),
  };
}

/** A version-8 style UUID from the SHA-256 of `name` (layout of RFC 9562, hash-based). */
export function nameBasedUuid(name: string): string {
  const bytes = createHash('sha256').update(name).digest().subarray(0, 16);
  bytes[6] = (bytes[6] & 0x0f) | 0x80;
  bytes[8] = (bytes[8] & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}
