// The payment port: what the order use cases need from a payment gateway. Implementations
// live outside the domain (src/app/payments/); the domain only judges their results.
import { DomainError, type DomainErrorCode } from './errors.js';
import type { Money } from './money.js';

/** A gateway's answer: a reference on success, a reason on failure. */
export type PaymentResult = { ok: true; reference: string } | { ok: false; reason: string };

export interface AuthorizationRequest {
  /** The method token the merchant gave, e.g. "pm_card_visa" (never card data). */
  method: string;
  amount: Money;
  /** The same key gives the same authorization (safe retries). */
  idempotencyKey: string;
}

export interface Authorization {
  authorizationId: string;
  method: string;
  amount: Money;
}

export interface PaymentGateway {
  /** Shown in output so nobody mistakes a test run for real money. */
  readonly displayName: string;
  authorize(request: AuthorizationRequest): Promise<PaymentResult>;
  /** Idempotent per authorization: capturing twice gives the same capture. */
  capture(authorization: Authorization): Promise<PaymentResult>;
  void(authorization: Authorization): Promise<PaymentResult>;
  refund(authorization: Authorization, amount: Money): Promise<PaymentResult>;
}

/** The reference of a successful result, or the rule's error code. */
export function requireSuccess(result: PaymentResult, code: DomainErrorCode, what: string): string {
  if (result.ok) return result.reference;
  throw new DomainError(code, `${what} failed: ${result.reason}`, { reason: result.reason });
}
