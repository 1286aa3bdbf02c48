// Id sources. Normally random UUIDs; with SHOPCTL_NOW set (reproducible runs) every id is
// derived from the fixed time, the log position and write number the transaction starts at,
// and a counter, so the same commands on the same database give the same ids.
import { createHash, randomUUID } from 'node:crypto';
import type { IdSource } from '../store/index.js';

export function randomIds(): IdSource {
  return { newId: () => randomUUID(), eventId: () => randomUUID() };
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
