// outbox deliver: pending messages, in sequence order, POSTed in batches to a webhook endpoint
// (CloudEvents batch JSON, Standard Webhooks signature). A batch is marked delivered only after
// a 2xx, in one transaction covering exactly that batch; the next batch is not sent before.
// Failed attempts are recorded per message and retried with back-off. docs/outbox.md.
import { cloudEventLine, formatSequence } from '../domain/cloudEvents.js';
import { isAcknowledged, honoursRetryAfter, MAX_RETRY_AFTER_MS, parseRetryAfter, retryDelayMs } from '../domain/delivery.js';
import type { IntegrationEventType } from '../domain/integration.js';
import { OutboxDeliveryQueries, OutboxQueries, StoreError, type PendingOutboxRow } from '../store/index.js';
import { DeliveryFailedError } from './errors.js';
import { OutboxLease, pause } from './outboxLease.js';
import type { ShopApp } from './shopApp.js';
import { formatSeconds, postBatch } from './webhook/transport.js';
import { webhookId, webhookSignature } from './webhook/signing.js';

export const BATCH_CONTENT_TYPE = 'application/cloudevents-batch+json';
const USER_AGENT = 'shopctl/0.1.0 (outbox deliver)';

export interface DeliverOptions {
  url: URL;
  type?: IntegrationEventType;
  batchSize: number;
  maxAttempts: number;
  timeoutMs: number;
  /** Keep delivering new messages until stopped, polling every `intervalMs`. */
  follow: boolean;
  intervalMs: number;
  /** The signing key; undefined sends unsigned (--unsigned). */
  key?: Buffer;
}

export interface DeliveryProgress {
  delivered: number;
  batches: number;
  attempts: number;
  failed: number;
  lastSequence: string | null;
}

export interface DeliveryControl {
  /** First interrupt: finish the batch in flight, cut waits short, stop. */
  stop: AbortSignal;
  /** Second interrupt: abandon the request in flight (its batch stays pending). */
  abandon: AbortSignal;
  /** Multiplies back-off and Retry-After waits. Tests only (SHOPCTL_TEST_WAIT_SCALE). */
  waitScale?: number;
  /** [0, 1): jitter. */
  random?: () => number;
  /** How a back-off is waited out (resolves early when `stop` aborts); tests record it. */
  wait?: (ms: number, stop: AbortSignal) => Promise<void>;
  onProgress?: (progress: DeliveryProgress) => void;
}

export interface DeliverySummary extends DeliveryProgress {
  /** Stopped by an interrupt (the rest, if any, left pending). */
  interrupted: boolean;
}

/** The URL as shown in output and errors: no user name or password, no query (it may hold a token). */
export function displayUrl(url: URL): string {
  return `${url.protocol}//${url.host}${url.pathname}${url.search ? '?…' : ''}`;
}

type Outcome = 'done' | 'stopped' | 'lost';

/**
 * Delivers until nothing is pending (or, with `follow`, until `control.stop`). Holds the outbox
 * lease throughout: without --follow a held lease is OUTBOX_BUSY at once; with --follow the run
 * waits as a standby until the lease comes free. A batch that fails `maxAttempts` times ends
 * the run with DeliveryFailedError (exit 7).
 */
export async function deliverOutbox(app: ShopApp, options: DeliverOptions, control: DeliveryControl): Promise<DeliverySummary> {
  const progress: DeliveryProgress = { delivered: 0, batches: 0, attempts: 0, failed: 0, lastSequence: null };
  const lease = new OutboxLease(app, 'deliver');
  const run = new DeliveryRun(app, options, control, lease, progress);
  try {
    for (;;) {
      const took = await lease.take(options.follow ? Infinity : 0, control.stop, options.follow ? options.intervalMs : undefined);
      if (!took) break;
      const outcome = await run.deliverWhileHolding();
      if (outcome !== 'lost') break;
      if (!options.follow) {
        throw new StoreError('OUTBOX_BUSY', 'another shopctl took over the outbox lease while this run was stalled; nothing more was sent', 'conflict');
      }
    }
  } finally {
    lease.release();
  }
  return { ...progress, interrupted: control.stop.aborted };
}

class DeliveryRun {
  private readonly pending: OutboxQueries;
  private readonly delivery: OutboxDeliveryQueries;

  constructor(
    private readonly app: ShopApp,
    private readonly options: DeliverOptions,
    private readonly control: DeliveryControl,
    private readonly lease: OutboxLease,
    private readonly progress: DeliveryProgress,
  ) {
    this.pending = app.store.queries(OutboxQueries);
    this.delivery = app.store.queries(OutboxDeliveryQueries);
  }

  async deliverWhileHolding(): Promise<Outcome> {
    for (;;) {
      if (this.control.stop.aborted) return 'stopped';
      const rows = Array.from(this.pending.pending({ type: this.options.type, limit: this.options.batchSize }));
      if (rows.length === 0) {
        if (!this.options.follow) return 'done';
        await pause(this.options.intervalMs, this.control.stop);
        continue;
      }
      const outcome = await this.deliverBatch(rows);
      if (outcome !== 'done') return outcome;
    }
  }

  /** Sends one batch until it is acknowledged, the attempts run out (throws) or the run stops. */
  private async deliverBatch(rows: PendingOutboxRow[]): Promise<Outcome> {
    const { options, control, progress } = this;
    const body = Buffer.from(`[${rows.map((row) => cloudEventLine(row).slice(0, -1)).join(',')}]`, 'utf8');
    const id = webhookId(rows.map((row) => row.messageId));
    const sequences = rows.map((row) => row.sequence);
    for (let attempt = 1; ; attempt++) {
      // Never send without the lease: another run may have taken it over while this one stalled.
      if (!this.lease.ensureHeld()) return 'lost';
      const timestamp = Math.floor(Date.now() / 1000);
      const headers: Record<string, string> = {
        'content-type': BATCH_CONTENT_TYPE,
        'user-agent': USER_AGENT,
        'webhook-id': id,
        'webhook-timestamp': String(timestamp),
      };
      if (options.key) headers['webhook-signature'] = webhookSignature(options.key, id, timestamp, body);
      progress.attempts++;
      const outcome = await postBatch({ url: options.url, headers, body, timeoutMs: options.timeoutMs, abandon: control.abandon });
      if (outcome.kind === 'answered' && isAcknowledged(outcome.status)) {
        this.delivery.markDelivered(sequences, this.app.now());
        progress.batches++;
        progress.delivered += rows.length;
        progress.lastSequence = formatSequence(sequences[sequences.length - 1]);
        control.onProgress?.({ ...progress });
        return 'done';
      }
      if (control.abandon.aborted) return 'stopped'; // abandoned by the user: not the receiver's failure
      progress.failed++;
      const status = outcome.kind === 'answered' ? outcome.status : undefined;
      const reason = outcome.kind === 'answered' ? `HTTP ${outcome.status}` : outcome.reason;
      this.delivery.recordFailure(sequences, this.app.now(), reason);
      control.onProgress?.({ ...progress });
      if (control.stop.aborted) return 'stopped';
      const retryAfterMs = outcome.kind === 'answered' ? parseRetryAfter(outcome.retryAfter, Date.now()) : undefined;
      const askedTooLong = status !== undefined && honoursRetryAfter(status) && retryAfterMs !== undefined && retryAfterMs > MAX_RETRY_AFTER_MS;
      if (attempt >= options.maxAttempts || askedTooLong) {
        throw this.failure(rows[0].sequence, attempt, status, askedTooLong ? `${reason}, asked to retry after ${formatSeconds(retryAfterMs!)}` : reason);
      }
      const wait = retryDelayMs(attempt, (control.random ?? Math.random)(), status, retryAfterMs) * (control.waitScale ?? 1);
      await (control.wait ?? pause)(wait, control.stop);
      if (control.stop.aborted) return 'stopped';
    }
  }

  private failure(firstSequence: number, attempts: number, status: number | undefined, reason: string): DeliveryFailedError {
    const url = displayUrl(this.options.url);
    const first = formatSequence(firstSequence);
    return new DeliveryFailedError(
      `delivery to ${url} failed after ${attempts} attempt${attempts === 1 ? '' : 's'} (${reason}); first undelivered sequence ${first}`,
      { url, status: status ?? null, error: reason, firstUndeliveredSequence: first, ...this.progress },
      'the next run starts again from that sequence; `shopctl outbox status` shows what is stuck',
    );
  }
}
