// The outbox lease: one `outbox deliver` or `outbox export` run at a time per shop, so two runs
// never send (or write) the same messages at the same moment. Held in the database, renewed
// while the run works; a killed holder's lease lapses after LEASE_TTL_MS, or at once when the
// holder was a process on this host that no longer exists. See docs/outbox.md.
import { randomUUID } from 'node:crypto';
import os from 'node:os';
import { decideLease, type Lease } from '../domain/delivery.js';
import { OutboxDeliveryQueries, StoreError } from '../store/index.js';
import type { ShopApp } from './shopApp.js';

export const LEASE_TTL_MS = 30_000;
/** How often a waiting run looks again whether the lease came free. */
const POLL_MS = 100;

export type LeasePurpose = 'deliver' | 'export';

export class OutboxLease {
  readonly holder = randomUUID();
  private renewer: NodeJS.Timeout | undefined;
  private lost = false;
  private taken = false;
  /** When the lease was last written by us (unix ms). */
  private renewedAt = 0;
  private readonly queries: OutboxDeliveryQueries;

  constructor(
    private readonly app: ShopApp,
    private readonly purpose: LeasePurpose,
    private readonly ttlMs = LEASE_TTL_MS,
  ) {
    this.queries = app.store.queries(OutboxDeliveryQueries);
  }

  /** Takes the lease if it is free (or ours); otherwise returns who holds it. */
  tryTake(): Lease | undefined {
    let busyWith: Lease | undefined;
    const now = Date.now();
    this.queries.claimLease((current) => {
      const decision = decideLease(current, this.holder, now, current !== undefined && holderIsGone(current));
      if (decision === 'busy') {
        busyWith = current;
        return undefined;
      }
      return this.leaseUntil(now, decision === 'renew' ? current!.acquiredAt : this.app.now());
    });
    if (!busyWith) {
      this.taken = true;
      this.lost = false;
      this.renewedAt = now;
    }
    return busyWith;
  }

  /**
   * Takes the lease, waiting up to `waitMs` for another run to finish (Infinity: until
   * `stop` aborts; then resolves false). Busy past the wait: OUTBOX_BUSY (exit 5).
   */
  async take(waitMs: number, stop?: AbortSignal, pollMs = POLL_MS): Promise<boolean> {
    const deadline = Date.now() + waitMs;
    for (;;) {
      const busyWith = this.tryTake();
      if (!busyWith) {
        this.startRenewing();
        return true;
      }
      if (stop?.aborted) return false;
      if (Date.now() >= deadline) throw busyError(busyWith);
      await pause(Math.min(pollMs, Math.max(1, deadline - Date.now())), stop);
    }
  }

  /** True while nobody else has taken the lease from us (a renewal found it gone). */
  get held(): boolean {
    return this.taken && !this.lost;
  }

  /**
   * True when the lease is surely still ours: renewed within the last third of its time (nobody
   * may take a live lease from a live holder), else renewed now. Saves a write per batch.
   */
  ensureHeld(): boolean {
    if (this.held && Date.now() < this.renewedAt + this.ttlMs / 3) return true;
    return this.renew();
  }

  /** Renews now; false when another run holds it (ours lapsed). */
  renew(): boolean {
    if (!this.taken) return false;
    let stolen = false;
    const now = Date.now();
    this.queries.claimLease((current) => {
      if (current !== undefined && current.holder !== this.holder) {
        stolen = true;
        return undefined;
      }
      return this.leaseUntil(now, current?.acquiredAt ?? this.app.now());
    });
    if (stolen) this.lost = true;
    else this.renewedAt = now;
    return !stolen;
  }

  release(): void {
    if (this.renewer) clearInterval(this.renewer);
    this.renewer = undefined;
    if (!this.taken) return;
    this.taken = false;
    try {
      this.queries.releaseLease(this.holder);
    } catch {
      // The lease lapses by itself; a busy database must not turn a finished run into a failure.
    }
  }

  private startRenewing(): void {
    if (this.renewer) return;
    this.renewer = setInterval(() => {
      try {
        this.renew();
      } catch {
        // A busy database delays this renewal; the next one (or the lease's expiry) settles it.
      }
    }, Math.max(10, Math.floor(this.ttlMs / 3)));
    this.renewer.unref();
  }

  private leaseUntil(nowMs: number, acquiredAt: string): Lease {
    return { holder: this.holder, purpose: this.purpose, host: os.hostname(), pid: process.pid, acquiredAt, expiresAt: nowMs + this.ttlMs };
  }
}

/** A holder that was a process on this host which no longer exists (killed, crashed). */
function holderIsGone(lease: Lease): boolean {
  if (lease.host !== os.hostname() || lease.pid === process.pid) return false;
  try {
    process.kill(lease.pid, 0);
    return false;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

function busyError(lease: Lease): StoreError {
  const what = lease.purpose === 'deliver' ? 'delivered' : 'exported';
  return new StoreError(
    'OUTBOX_BUSY',
    `the outbox is being ${what} by another shopctl (outbox ${lease.purpose}, pid ${lease.pid} on ${lease.host}, since ${lease.acquiredAt}); try again when it has finished`,
    'conflict',
    { purpose: lease.purpose, pid: lease.pid, host: lease.host, since: lease.acquiredAt },
  );
}

/** Waits `ms`, or less when `stop` aborts. */
export function pause(ms: number, stop?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (stop?.aborted) return resolve();
    const onAbort = () => {
      clearTimeout(timer);
      resolve();
    };
    const timer = setTimeout(() => {
      stop?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    stop?.addEventListener('abort', onAbort, { once: true });
  });
}
