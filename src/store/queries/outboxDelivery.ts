// Delivery state of the outbox: the lease (one deliver/export run at a time), marking exactly one
// batch delivered, and the failed attempts recorded per message. Each write is its own short
// BEGIN IMMEDIATE transaction (waiting out a busy database up to its busy timeout); none goes
// through the unit of work, so delivery bookkeeping never shifts the ids of later commands.
import type { SqlDatabase, SqlStatement } from '../sql.js';
import type { Lease } from '../../domain/delivery.js';

/** The one lease name in use: the whole outbox. */
const OUTBOX_LEASE = 'outbox';

export interface StuckMessages {
  /** Pending messages with at least one failed attempt. */
  messages: number;
  /** The lowest such message: what the next run starts with. */
  first: { sequence: number; attempts: number; firstFailedAt: string; lastAttemptAt: string; lastError: string } | null;
}

export class OutboxDeliveryQueries {
  private readonly leaseRow: SqlStatement;
  private readonly putLease: SqlStatement;
  private readonly dropLease: SqlStatement;
  private readonly recordDelivery: SqlStatement;
  private readonly forgetPending: SqlStatement;
  private readonly forgetAttempts: SqlStatement;
  private readonly recordAttempt: SqlStatement;
  private readonly stuckCount: SqlStatement;
  private readonly firstStuck: SqlStatement;

  private readonly claim: (decide: (current: Lease | undefined) => Lease | undefined) => Lease | undefined;
  private readonly mark: (sequences: readonly number[], deliveredAt: string) => number;
  private readonly fail: (sequences: readonly number[], at: string, error: string) => void;

  constructor(db: SqlDatabase) {
    this.leaseRow = db.prepare(
      'SELECT holder, purpose, host, pid, acquiredAt, expiresAt FROM outbox_leases WHERE name = ?',
    );
    this.putLease = db.prepare(
      `INSERT INTO outbox_leases (name, holder, purpose, host, pid, acquiredAt, expiresAt) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (name) DO UPDATE SET holder = excluded.holder, purpose = excluded.purpose, host = excluded.host,
         pid = excluded.pid, acquiredAt = excluded.acquiredAt, expiresAt = excluded.expiresAt`,
    );
    this.dropLease = db.prepare('DELETE FROM outbox_leases WHERE name = ? AND holder = ?');
    // Only a message still pending is recorded delivered (a repeat mark changes nothing).
    this.recordDelivery = db.prepare(
      'INSERT INTO outbox_deliveries (sequence, deliveredAt) SELECT sequence, ? FROM outbox_pending WHERE sequence = ?',
    );
    this.forgetPending = db.prepare('DELETE FROM outbox_pending WHERE sequence = ?');
    this.forgetAttempts = db.prepare('DELETE FROM outbox_attempts WHERE sequence = ?');
    this.recordAttempt = db.prepare(
      `INSERT INTO outbox_attempts (sequence, attempts, firstFailedAt, lastAttemptAt, lastError) VALUES (?, 1, ?, ?, ?)
       ON CONFLICT (sequence) DO UPDATE SET attempts = attempts + 1, lastAttemptAt = excluded.lastAttemptAt, lastError = excluded.lastError`,
    );
    this.stuckCount = db.prepare(
      'SELECT COUNT(*) FROM outbox_attempts a JOIN outbox_pending p ON p.sequence = a.sequence',
    ).pluck();
    this.firstStuck = db.prepare(
      `SELECT a.sequence, a.attempts, a.firstFailedAt, a.lastAttemptAt, a.lastError
       FROM outbox_attempts a JOIN outbox_pending p ON p.sequence = a.sequence ORDER BY a.sequence LIMIT 1`,
    );
    const claim = db.transaction((decide: (current: Lease | undefined) => Lease | undefined) => {
      const current = this.lease();
      const next = decide(current);
      if (next) this.putLease.run(OUTBOX_LEASE, next.holder, next.purpose, next.host, next.pid, next.acquiredAt, next.expiresAt);
      return current;
    });
    this.claim = (decide) => claim.immediate(decide);
    const mark = db.transaction((sequences: readonly number[], deliveredAt: string) => {
      let marked = 0;
      for (const sequence of sequences) {
        this.recordDelivery.run(deliveredAt, sequence);
        marked += this.forgetPending.run(sequence).changes;
        this.forgetAttempts.run(sequence);
      }
      return marked;
    });
    this.mark = (sequences, deliveredAt) => mark.immediate(sequences, deliveredAt);
    const fail = db.transaction((sequences: readonly number[], at: string, error: string) => {
      for (const sequence of sequences) this.recordAttempt.run(sequence, at, at, error);
    });
    this.fail = (sequences, at, error) => fail.immediate(sequences, at, error);
  }

  lease(): Lease | undefined {
    return this.leaseRow.get(OUTBOX_LEASE) as Lease | undefined;
  }

  /**
   * Reads the lease and writes what `decide` returns, in one write transaction (so two runs
   * cannot both see it free). Returns the lease as it was before.
   */
  claimLease(decide: (current: Lease | undefined) => Lease | undefined): Lease | undefined {
    return this.claim(decide);
  }

  /** Gives the lease up, if `holder` still holds it. */
  releaseLease(holder: string): void {
    this.dropLease.run(OUTBOX_LEASE, holder);
  }

  /** Marks exactly these sequences delivered (those still pending), in one transaction; returns how many changed. */
  markDelivered(sequences: readonly number[], deliveredAt: string): number {
    return this.mark(sequences, deliveredAt);
  }

  /** One more failed attempt for each of these messages, with its reason (one transaction). */
  recordFailure(sequences: readonly number[], at: string, error: string): void {
    this.fail(sequences, at, error);
  }

  stuck(): StuckMessages {
    const messages = this.stuckCount.get() as number;
    const first = this.firstStuck.get() as StuckMessages['first'] | undefined;
    return { messages, first: first ?? null };
  }
}
