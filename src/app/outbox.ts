// Outbox use cases: export pending integration events as CloudEvents NDJSON (at-least-once),
// acknowledge through a sequence, and report what is pending.
import { randomBytes } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { cloudEventLine, CLOUD_EVENT_TYPES, formatSequence } from '../domain/cloudEvents.js';
import { DomainError } from '../domain/errors.js';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from '../domain/integration.js';
import { OutboxDeliveryQueries, OutboxQueries } from '../store/index.js';
import { OutboxLease } from './outboxLease.js';
import type { ShopApp } from './shopApp.js';

/** Where exported lines go. Nothing is acknowledged unless `finish` resolved. */
export interface ExportSink {
  /** Takes one chunk of NDJSON; resolves when more may be written (backpressure). */
  write(chunk: string): Promise<void>;
  /** Resolves once everything written is durable (file) or handed to the reader (stream). */
  finish(): Promise<void>;
  /** Undoes what can be undone after a failure (removes a temporary file). Never throws. */
  abort(): Promise<void>;
  /** The same at once, for an interrupted run that exits right after (removes the temporary file). */
  discardNow?(): void;
  /** After finish: is the output still the one written (not replaced since)? Absent: always. */
  stillInPlace?(): boolean;
}

export interface ExportOptions {
  type?: IntegrationEventType;
  limit?: number;
  /** false (--no-ack): leave everything pending. */
  ack: boolean;
}

export interface ExportSummary {
  exported: number;
  /** Zero-padded, as in the lines; null when nothing was pending. */
  firstSequence: string | null;
  lastSequence: string | null;
  acknowledged: number;
  byType: Partial<Record<IntegrationEventType, number>>;
}

/** Failure to write or flush the export: nothing has been marked delivered. */
export class ExportFailedError extends Error {
  constructor(
    message: string,
    readonly exported: number,
    override readonly cause?: unknown,
    /** The --out path itself cannot be written (missing folder, not a folder, no permission). */
    readonly badPath = false,
  ) {
    super(message);
    this.name = 'ExportFailedError';
  }
}

/** Chunks of about this size go to the sink: few syscalls, bounded memory. */
const CHUNK_CHARS = 256 * 1024;

/**
 * Streams pending messages, oldest first, to `sink`; after the sink has finished, marks
 * exactly the exported messages delivered in one transaction (unless `ack` is false).
 * Any failure before that point marks nothing, so the next export repeats the same ids.
 */
export async function exportOutbox(app: ShopApp, options: ExportOptions, sink: ExportSink): Promise<ExportSummary> {
  // An export that marks messages holds the outbox lease from the read to the mark: two such
  // exports (or an export and a deliver) never overlap, so one cannot mark messages whose file
  // the other then replaces. Busy: OUTBOX_BUSY (exit 5) at once, nothing read or written.
  if (!options.ack) return exportPending(app, options, sink);
  const lease = new OutboxLease(app, 'export');
  await lease.take(0);
  try {
    return await exportPending(app, options, sink);
  } finally {
    lease.release();
  }
}

async function exportPending(app: ShopApp, options: ExportOptions, sink: ExportSink): Promise<ExportSummary> {
  const queries = app.store.queries(OutboxQueries);
  const byType: Partial<Record<IntegrationEventType, number>> = {};
  let exported = 0;
  let first: number | undefined;
  let last: number | undefined;
  try {
    let chunk = '';
    // The iterator is one read snapshot; other writers may commit meanwhile, always with
    // higher sequences (writers are serialised), so "≤ last exported" is exactly what we read.
    for (const row of queries.pending({ type: options.type, limit: options.limit })) {
      chunk += cloudEventLine(row);
      first ??= row.sequence;
      last = row.sequence;
      exported++;
      const type = row.type as IntegrationEventType;
      byType[type] = (byType[type] ?? 0) + 1;
      if (chunk.length >= CHUNK_CHARS) {
        await sink.write(chunk);
        chunk = '';
      }
    }
    if (chunk) await sink.write(chunk);
    await sink.finish();
  } catch (error) {
    await sink.abort();
    if (error instanceof ExportFailedError) throw new ExportFailedError(error.message, exported, error.cause, error.badPath);
    throw error; // not an output failure (a database error, a bug): classified as usual
  }
  let acknowledged = 0;
  if (options.ack && last !== undefined) {
    // Marked only if the file holding them is still the one left in place.
    if (sink.stillInPlace && !sink.stillInPlace()) {
      throw new ExportFailedError('the output file was replaced by someone else before its messages could be marked', exported);
    }
    const through = last;
    acknowledged = app.execute('AcknowledgeOutbox', (uow) => queries.markDelivered(through, uow.now, options.type)).value;
  }
  return {
    exported,
    firstSequence: first === undefined ? null : formatSequence(first),
    lastSequence: last === undefined ? null : formatSequence(last),
    acknowledged,
    byType,
  };
}

/** Errors that say the --out path is wrong (a usage error), not that writing failed. */
const PATH_ERRORS = new Set(['ENOENT', 'ENOTDIR', 'EACCES', 'EISDIR', 'EROFS', 'ENAMETOOLONG']);

/**
 * A sink that writes `target` atomically: a temporary file in the same folder, fsync, rename
 * over the target, fsync of the folder. A crash at any point leaves the old target untouched
 * (and at worst a `.<name>.<random>.tmp` file beside it).
 */
export function atomicFileSink(target: string): ExportSink {
  const resolved = path.resolve(target);
  const dir = path.dirname(resolved);
  const temp = path.join(dir, `.${path.basename(resolved)}.${randomBytes(6).toString('hex')}.tmp`);
  let fd: number | undefined;
  let written: fs.Stats | undefined;
  let inFlight: Promise<void> = Promise.resolve();
  const fail = (action: string, error: unknown, badPath = false): never => {
    const reason = (error as NodeJS.ErrnoException).code ?? (error instanceof Error ? error.message : String(error));
    throw new ExportFailedError(`cannot ${action} ${target} (${reason})`, 0, error, badPath);
  };
  const open = (): number => {
    if (fd === undefined) {
      // The rename would replace whatever is there: never a device, a FIFO or a folder
      // (`--out /dev/stdout` run as root would swap the device node for a plain file).
      let existing: fs.Stats | undefined;
      try {
        existing = fs.statSync(resolved, { throwIfNoEntry: false });
      } catch {
        existing = undefined; // an unusable path: opening the temporary file reports it
      }
      if (existing && !existing.isFile()) fail('write', new Error('not a regular file; omit --out to write to stdout'), true);
      try {
        fd = fs.openSync(temp, 'wx', 0o600);
      } catch (error) {
        fail('write', error, PATH_ERRORS.has((error as NodeJS.ErrnoException).code ?? ''));
      }
    }
    return fd!;
  };
  return {
    // One write in flight at a time: the disk works on chunk n while the next one is built,
    // and the caller waits (backpressure) before handing over chunk n + 2.
    async write(chunk) {
      const handle = open();
      try {
        await inFlight;
      } catch (error) {
        fail('write', error);
      }
      inFlight = writeFully(handle, Buffer.from(chunk, 'utf8'));
      inFlight.catch(() => undefined); // observed by the next write or by finish()
    },
    async finish() {
      const handle = open(); // an empty export still replaces the target with an empty file
      try {
        await inFlight;
        fs.fsyncSync(handle);
        written = fs.fstatSync(handle);
        fs.closeSync(handle);
        fd = undefined;
        fs.renameSync(temp, resolved);
      } catch (error) {
        fail('write', error);
      }
      syncFolder(dir);
    },
    stillInPlace() {
      const now = fs.statSync(resolved, { throwIfNoEntry: false });
      return written !== undefined && now !== undefined && now.ino === written.ino && now.dev === written.dev;
    },
    discardNow() {
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // harmless: the target was never touched
      }
    },
    async abort() {
      await inFlight.catch(() => undefined);
      try {
        if (fd !== undefined) fs.closeSync(fd);
      } catch {
        // already closed or never opened: nothing to undo
      }
      fd = undefined;
      try {
        fs.rmSync(temp, { force: true });
      } catch {
        // a temp file we could not remove is harmless; the target was never touched
      }
    },
  };
}

/** Writes all of `buffer` at the file's current position (a write may take only part of it). */
async function writeFully(fd: number, buffer: Buffer): Promise<void> {
  let offset = 0;
  while (offset < buffer.length) {
    offset += await new Promise<number>((resolve, reject) => {
      fs.write(fd, buffer, offset, buffer.length - offset, null, (error, written) => (error ? reject(error) : resolve(written)));
    });
  }
}

/** Makes the rename itself durable (where the platform allows fsync on a folder). */
function syncFolder(dir: string): void {
  let fd: number | undefined;
  try {
    fd = fs.openSync(dir, 'r');
    fs.fsyncSync(fd);
  } catch {
    // Some platforms refuse fsync on directories; the file's own data is already synced.
  } finally {
    if (fd !== undefined) fs.closeSync(fd);
  }
}

export interface AckResult {
  through: string;
  acknowledged: number;
}

/** Marks every pending message with sequence ≤ `through` (of one type, if given) delivered. */
export function acknowledgeOutbox(app: ShopApp, through: number, type?: IntegrationEventType): AckResult {
  const queries = app.store.queries(OutboxQueries);
  const highest = queries.highestSequence();
  if (through < 1 || through > highest) {
    // Acking past the end would mark messages nobody has seen yet.
    throw new DomainError(
      'OUTBOX_MESSAGE_NOT_FOUND',
      highest === 0 ? `no outbox message has sequence ${through} (the outbox is empty)` : `no outbox message has sequence ${through} (the highest is ${formatSequence(highest)})`,
      { through, highest },
    );
  }
  const acknowledged = app.execute('AcknowledgeOutbox', (uow) => queries.markDelivered(through, uow.now, type)).value;
  return { through: formatSequence(through), acknowledged };
}

export interface OutboxStatus {
  pending: number;
  delivered: number;
  /** Every integration event type, also those with no messages yet. */
  types: { type: IntegrationEventType; cloudEventType: string; pending: number; delivered: number }[];
  oldestPending: { sequence: string; type: string; occurredAt: string; ageSeconds: number } | null;
  /** Pending messages whose delivery failed (outbox deliver), and the first of them. */
  stuck: { messages: number; sequence: string; attempts: number; since: string; lastAttemptAt: string; lastError: string } | null;
  /** The run holding the outbox lease right now (a deliver or an export), if any. */
  lease: { purpose: string; pid: number; host: string; since: string } | null;
}

export function outboxStatus(app: ShopApp): OutboxStatus {
  const queries = app.store.queries(OutboxQueries);
  const counts = new Map(queries.counts().map((c) => [c.type, c]));
  const types = INTEGRATION_EVENT_TYPES.map((type) => ({
    type, cloudEventType: CLOUD_EVENT_TYPES[type], pending: counts.get(type)?.pending ?? 0, delivered: counts.get(type)?.delivered ?? 0,
  }));
  const oldest = queries.oldestPending();
  const delivery = app.store.queries(OutboxDeliveryQueries);
  const stuck = delivery.stuck();
  const lease = delivery.lease();
  return {
    pending: types.reduce((sum, t) => sum + t.pending, 0),
    delivered: types.reduce((sum, t) => sum + t.delivered, 0),
    types,
    oldestPending: oldest
      ? {
        sequence: formatSequence(oldest.sequence), type: oldest.type, occurredAt: oldest.occurredAt,
        // SHOPCTL_NOW may lie before the message (reproducible runs): never a negative age.
        ageSeconds: Math.max(0, Math.floor((Date.parse(app.now()) - Date.parse(oldest.occurredAt)) / 1000)),
      }
      : null,
    stuck: stuck.first
      ? {
        messages: stuck.messages, sequence: formatSequence(stuck.first.sequence), attempts: stuck.first.attempts,
        since: stuck.first.firstFailedAt, lastAttemptAt: stuck.first.lastAttemptAt, lastError: stuck.first.lastError,
      }
      : null,
    // A lapsed lease is nobody's: shown only while it is live.
    lease: lease && lease.expiresAt > Date.now() ? { purpose: lease.purpose, pid: lease.pid, host: lease.host, since: lease.acquiredAt } : null,
  };
}

/** A pending message as `outbox list` shows it (nothing is marked). */
export interface PendingMessageView { sequence: string; messageId: string; type: string; subject: string; occurredAt: string }

export function listPendingMessages(app: ShopApp, options: { type?: IntegrationEventType; limit?: number }): PendingMessageView[] {
  const rows: PendingMessageView[] = [];
  for (const row of app.store.queries(OutboxQueries).pending({ type: options.type, limit: options.limit })) {
    rows.push({ sequence: formatSequence(row.sequence), messageId: row.messageId, type: row.type, subject: row.subject, occurredAt: row.occurredAt });
  }
  return rows;
}
