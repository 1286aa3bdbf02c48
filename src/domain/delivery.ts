// Rules of webhook delivery that need no I/O: when an answer counts as accepted, how long to
// wait before the next attempt, and who may hold the outbox lease. Time and randomness come
// in as arguments. docs/outbox.md ("Delivery over HTTPS") explains the choices.

/** Waits grow 1 s, 2 s, 4 s … and never exceed this. */
export const MAX_BACKOFF_MS = 60_000;
/** A Retry-After longer than this is not waited for within one run: the run stops instead. */
export const MAX_RETRY_AFTER_MS = 300_000;

export const DEFAULT_BATCH_SIZE = 100;
export const MAX_BATCH_SIZE = 1000;
export const DEFAULT_MAX_ATTEMPTS = 5;
export const DEFAULT_TIMEOUT_MS = 10_000;
export const DEFAULT_INTERVAL_MS = 2_000;

/** Only a 2xx answer acknowledges a batch; anything else leaves it pending. */
export function isAcknowledged(status: number): boolean {
  return status >= 200 && status <= 299;
}

/** 429 and 503 are the answers whose Retry-After header is honoured. */
export function honoursRetryAfter(status: number): boolean {
  return status === 429 || status === 503;
}

/**
 * The wait after failed attempt `attempt` (1-based): 1 s · 2^(attempt−1), capped at 60 s, with
 * jitter (`random` in [0, 1)) taking up to a fifth off, so many senders do not retry in step.
 */
export function backoffMs(attempt: number, random: number): number {
  const base = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempt - 1));
  return Math.round(base * (1 - 0.2 * Math.min(Math.max(random, 0), 1)));
}

/**
 * Retry-After as milliseconds from `nowMs`: delta-seconds ("120") or an HTTP date. Undefined when
 * absent or unreadable (then the usual back-off applies). A date in the past means "now" (0).
 */
export function parseRetryAfter(header: string | undefined, nowMs: number): number | undefined {
  if (header === undefined) return undefined;
  const text = header.trim();
  if (/^\d+$/.test(text)) return Number(text) * 1000;
  if (!/[a-z]/i.test(text)) return undefined;
  const at = Date.parse(text);
  if (Number.isNaN(at)) return undefined;
  return Math.max(0, at - nowMs);
}

/** The wait before the next attempt: the server's Retry-After when it gave one (429/503), else back-off. */
export function retryDelayMs(attempt: number, random: number, status: number | undefined, retryAfterMs: number | undefined): number {
  if (status !== undefined && honoursRetryAfter(status) && retryAfterMs !== undefined) return retryAfterMs;
  return backoffMs(attempt, random);
}

export interface Lease {
  holder: string;
  purpose: string;
  host: string;
  pid: number;
  acquiredAt: string;
  /** Unix milliseconds (real clock). */
  expiresAt: number;
}

export type LeaseDecision = 'take' | 'renew' | 'busy';

/**
 * May `holder` take (or keep) the lease? Yes when nobody holds it, when it lapsed, when its
 * holder is known to be gone (a killed process on this host), or when it is already ours.
 */
export function decideLease(current: Lease | undefined, holder: string, nowMs: number, holderGone: boolean): LeaseDecision {
  if (current === undefined) return 'take';
  if (current.holder === holder) return 'renew';
  if (current.expiresAt <= nowMs || holderGone) return 'take';
  return 'busy';
}
