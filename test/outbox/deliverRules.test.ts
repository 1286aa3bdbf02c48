// The delivery rules without the CLI: back-off and Retry-After (waits recorded, not slept),
// the lease between runs, signatures as a Standard Webhooks receiver computes them.
import fs from 'node:fs';
import { afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { deliverOutbox, type DeliverOptions } from '../../src/app/outboxDelivery.js';
import { OutboxLease } from '../../src/app/outboxLease.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { signingKey, webhookId, webhookSignature } from '../../src/app/webhook/signing.js';
import { backoffMs, decideLease, parseRetryAfter, retryDelayMs, type Lease } from '../../src/domain/delivery.js';
import { OutboxDeliveryQueries, StoreError } from '../../src/store/index.js';
import { tempDb } from '../helpers/cli.js';
import { SECRET, SECRET_BYTES, startReceiver, verifySignature, type Receiver } from './receiver.js';
import { produceAllTypes } from './setup.js';

let template: string;
beforeAll(() => {
  template = tempDb().db;
  produceAllTypes(template);
});
function openCopy(): ShopApp {
  const db = tempDb().db;
  fs.copyFileSync(template, db);
  if (fs.existsSync(`${template}-wal`)) fs.copyFileSync(`${template}-wal`, `${db}-wal`);
  return new ShopApp({ dbPath: db });
}

let receiver: Receiver | undefined;
let app: ShopApp | undefined;
afterEach(async () => {
  await receiver?.close();
  receiver = undefined;
  app?.close();
  app = undefined;
});

function options(url: string, extra: Partial<DeliverOptions> = {}): DeliverOptions {
  return { url: new URL(url), batchSize: 100, maxAttempts: 5, timeoutMs: 2000, follow: false, intervalMs: 100, key: SECRET_BYTES, ...extra };
}

describe('back-off and Retry-After', () => {
  it('waits 1 s, 2 s, 4 s … capped at 60 s, jitter taking at most a fifth off', () => {
    expect([1, 2, 3, 4, 5, 6, 7, 8, 20].map((n) => backoffMs(n, 0))).toEqual([1000, 2000, 4000, 8000, 16000, 32000, 60000, 60000, 60000]);
    expect(backoffMs(3, 0.999)).toBe(3201);
    expect(backoffMs(10, 0.5)).toBe(54000);
  });

  it('Retry-After in seconds or as an HTTP date, honoured on 429 and 503 only', () => {
    const now = Date.parse('2026-03-01T10:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 10:00:30 GMT', now)).toBe(30_000);
    expect(parseRetryAfter('Sun, 01 Mar 2026 09:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeUndefined();
    expect(parseRetryAfter('-5', now)).toBeUndefined();
    expect(parseRetryAfter(undefined, now)).toBeUndefined();
    expect(retryDelayMs(1, 0, 503, 7000)).toBe(7000);
    expect(retryDelayMs(1, 0, 429, 0)).toBe(0);
    expect(retryDelayMs(2, 0, 500, 9000)).toBe(2000);
    expect(retryDelayMs(2, 0, undefined, undefined)).toBe(2000);
  });

  it('a run waits what the receiver asks (Retry-After on 503/429) and backs off otherwise', async () => {
    app = openCopy();
    const script = [
      { status: 503, headers: { 'retry-after': '7' } },
      { status: 500, headers: { 'retry-after': '9' } }, // not honoured on a 500
      { status: 429, headers: { 'retry-after': '0' } },
      { status: 500 },
      { status: 200 },
    ];
    receiver = await startReceiver((n) => script[n - 1]);
    const waits: number[] = [];
    const summary = await deliverOutbox(app, options(receiver.url), {
      stop: new AbortController().signal, abandon: new AbortController().signal, random: () => 0,
      wait: async (ms) => {
        waits.push(ms);
      },
    });
    expect(waits).toEqual([7000, 2000, 0, 8000]);
    expect(summary).toMatchObject({ delivered: 8, batches: 1, attempts: 5, failed: 4 });
  });

  it('a Retry-After beyond 5 minutes ends the run at once (exit 7 through the CLI), nothing marked', async () => {
    app = openCopy();
    receiver = await startReceiver(() => ({ status: 503, headers: { 'retry-after': '400' } }));
    const waits: number[] = [];
    await expect(deliverOutbox(app, options(receiver.url), {
      stop: new AbortController().signal, abandon: new AbortController().signal,
      wait: async (ms) => {
        waits.push(ms);
      },
    })).rejects.toMatchObject({ code: 'DELIVERY_FAILED', message: expect.stringContaining('(HTTP 503, asked to retry after 400 s)') });
    expect(waits).toEqual([]);
    expect(receiver.received).toHaveLength(1);
    expect(app.store.queries(OutboxDeliveryQueries).stuck().messages).toBe(8);
  });
});

describe('signatures', () => {
  it('match the Standard Webhooks scheme: HMAC-SHA256 over id.timestamp.body, base64, "v1," prefix', () => {
    const body = Buffer.from('[{"id":"x"}]');
    const signature = webhookSignature(SECRET_BYTES, 'msg_abc', 1_700_000_000, body);
    expect(verifySignature(SECRET_BYTES, 'msg_abc', '1700000000', body.toString(), signature)).toBe(true);
    expect(verifySignature(SECRET_BYTES, 'msg_abc', '1700000001', body.toString(), signature)).toBe(false);
    // The published Standard Webhooks test vector.
    const vector = webhookSignature(
      signingKey('whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw', 'X'), 'msg_p5jXN8AQM9LWM0D4loKWxJek', 1614265330,
      Buffer.from('{"test": 2432232314}'),
    );
    expect(vector).toBe('v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE=');
  });

  it('whsec_ secrets are base64-decoded; other text is used as UTF-8', () => {
    expect(signingKey(SECRET, 'X')).toEqual(SECRET_BYTES);
    expect(signingKey('plain secret', 'X')).toEqual(Buffer.from('plain secret'));
    expect(() => signingKey('whsec_***', 'HOOK')).toThrow(/HOOK starts with whsec_ but the rest is not base64/);
  });

  it('the webhook-id follows from the batch\'s messages only', () => {
    expect(webhookId(['a', 'b'])).toBe(webhookId(['a', 'b']));
    expect(webhookId(['a', 'b'])).not.toBe(webhookId(['a', 'c']));
  });
});

describe('the outbox lease', () => {
  const lease = (over: Partial<Lease>): Lease => ({ holder: 'other', purpose: 'deliver', host: 'h', pid: 1, acquiredAt: 't', expiresAt: 1000, ...over });

  it('is free when absent, lapsed, or its holder is gone; renewed by its holder; busy otherwise', () => {
    expect(decideLease(undefined, 'me', 500, false)).toBe('take');
    expect(decideLease(lease({}), 'me', 500, false)).toBe('busy');
    expect(decideLease(lease({}), 'me', 1000, false)).toBe('take');
    expect(decideLease(lease({}), 'me', 500, true)).toBe('take');
    expect(decideLease(lease({ holder: 'me' }), 'me', 5000, false)).toBe('renew');
  });

  it('one holder at a time: a second run is OUTBOX_BUSY until the first releases', async () => {
    app = openCopy();
    const first = new OutboxLease(app, 'deliver');
    const second = new OutboxLease(app, 'export');
    expect(await first.take(0)).toBe(true);
    const busy = await second.take(0).catch((error: unknown) => error);
    expect(busy).toBeInstanceOf(StoreError);
    expect(busy).toMatchObject({ code: 'OUTBOX_BUSY', kind: 'conflict', details: { purpose: 'deliver', pid: process.pid } });
    expect((busy as Error).message).toMatch(/^the outbox is being delivered by another shopctl \(outbox deliver, pid \d+ on .+, since .+\); try again when it has finished$/);
    first.release();
    expect(await second.take(0)).toBe(true);
    second.release();
  });

  it('a lapsed lease is taken over, and its old holder notices at its next renewal', async () => {
    app = openCopy();
    const first = new OutboxLease(app, 'deliver', 60_000);
    expect(await first.take(0)).toBe(true);
    // Time passes without renewals (the holder stalled): make the row lapse.
    const queries = app.store.queries(OutboxDeliveryQueries);
    queries.claimLease((current) => ({ ...current!, expiresAt: Date.now() - 1 }));
    const second = new OutboxLease(app, 'deliver');
    expect(await second.take(0)).toBe(true);
    expect(first.renew()).toBe(false);
    expect(first.held).toBe(false);
    expect(second.held).toBe(true);
    first.release(); // does not release the other's lease
    expect(queries.lease()?.holder).toBe(second.holder);
    second.release();
    expect(queries.lease()).toBeUndefined();
  });

  it('a run never sends once its lease was taken over: it stops with OUTBOX_BUSY', async () => {
    app = openCopy();
    receiver = await startReceiver(() => ({ status: 500 }));
    const queries = app.store.queries(OutboxDeliveryQueries);
    const run = deliverOutbox(app, options(receiver.url), {
      stop: new AbortController().signal, abandon: new AbortController().signal,
      wait: async () => {
        // This run stalls past its lease's time; meanwhile another run takes the lapsed lease over.
        const realNow = Date.now.bind(Date);
        vi.spyOn(Date, 'now').mockImplementation(() => realNow() + 60_000);
        queries.claimLease((current) => ({ ...current!, holder: 'someone-else', expiresAt: realNow() + 120_000 }));
      },
    });
    try {
      await expect(run).rejects.toMatchObject({ code: 'OUTBOX_BUSY' });
    } finally {
      vi.restoreAllMocks();
    }
    expect(receiver.received).toHaveLength(1);
  });
});
