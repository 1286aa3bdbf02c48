// Outbox use cases: export pending integration events as CloudEvents NDJSON (at-least-once),
// acknowledge through a sequence, and report what is pending.
import { CLOUD_EVENT_TYPES, formatSequence } from '../domain/cloudEvents.js';
import { DomainError } from '../domain/errors.js';
import { INTEGRATION_EVENT_TYPES, type IntegrationEventType } from '../domain/integration.js';
import { OutboxLease } from './outboxLease.js';
import { OutputError, type OutputSink } from './output/index.js';
import type { ShopApp } from './shopApp.js';

/**
 * Where exported lines go (a file or stdout, see ./output). Nothing is acknowledged unless
 * `finish` resolved and, for a file, `stillInPlace()` says it was not replaced since.
 */
export type ExportSink = OutputSink;

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
  const queries = app.store.outbox;
  const byType: Partial<Record<IntegrationEventType, number>> = {};
  let exported = 0;
  let first: number | undefined;
  let last: number | undefined;
  try {
    // The iterator is one read snapshot; other writers may commit meanwhile, always with
    // higher sequences (writers are serialised), so "≤ last exported" is exactly what we read.
    for (const batch of queries.pendingBatches({ type: options.type, limit: options.limit })) {
      await sink.write(batch.lines);
      first ??= batch.firstSequence;
      last = batch.lastSequence;
      exported += batch.count;
      for (const [type, count] of Object.entries(batch.byType)) {
        byType[type as IntegrationEventType] = (byType[type as IntegrationEventType] ?? 0) + count;
      }
    }
    await sink.finish();
  } catch (error) {
    await sink.abort();
    if (error instanceof ExportFailedError) throw new ExportFailedError(error.message, exported, error.cause, error.badPath);
    if (error instanceof OutputError) throw new ExportFailedError(error.message, exported, error, error.badPath);
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

export interface AckResult {
  through: string;
  acknowledged: number;
}

/** Marks every pending message with sequence ≤ `through` (of one type, if given) delivered. */
export function acknowledgeOutbox(app: ShopApp, through: number, type?: IntegrationEventType): AckResult {
  const queries = app.store.outbox;
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
  const queries = app.store.outbox;
  const counts = new Map(queries.counts().map((c) => [c.type, c]));
  const types = INTEGRATION_EVENT_TYPES.map((type) => ({
    type, cloudEventType: CLOUD_EVENT_TYPES[type], pending: counts.get(type)?.pending ?? 0, delivered: counts.get(type)?.delivered ?? 0,
  }));
  const oldest = queries.oldestPending();
  const delivery = app.store.outboxDelivery;
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
  for (const row of app.store.outbox.pending({ type: options.type, limit: options.limit })) {
    rows.push({ sequence: formatSequence(row.sequence), messageId: row.messageId, type: row.type, subject: row.subject, occurredAt: row.occurredAt });
  }
  return rows;
}
