// The built-in deterministic TEST payment gateway (README "Customers, carts, orders and payments"). No money moves. Its behaviour
// depends only on the payment method token, and its references are hashes of the request,
// so runs with a fixed clock and ids are reproducible and retries are idempotent.
import { createHash } from 'node:crypto';
import type { Money } from '../../domain/money.js';
import type { Authorization, AuthorizationRequest, PaymentGateway, PaymentResult } from '../../domain/payment.js';

export const TEST_PAYMENT_METHODS = {
  pm_card_visa: 'everything succeeds',
  pm_card_declined: 'the authorization is declined (PAYMENT_FAILED at order place)',
  pm_card_capture_fails: 'the capture fails (PAYMENT_CAPTURE_FAILED at order confirm)',
  pm_card_refund_fails: 'the refund fails (REFUND_FAILED when cancelling a confirmed order)',
} as const;
export type TestPaymentMethod = keyof typeof TEST_PAYMENT_METHODS;

export function isTestPaymentMethod(method: string): method is TestPaymentMethod {
  return Object.prototype.hasOwnProperty.call(TEST_PAYMENT_METHODS, method);
}

function reference(prefix: string, ...parts: string[]): string {
  return `${prefix}_test_${createHash('sha256').update(parts.join('|')).digest('hex').slice(0, 24)}`;
}

export class TestPaymentGateway implements PaymentGateway {
  readonly displayName = 'TEST payment gateway (no real money moves)';
  /** Every call, in order: lets tests and callers see what was asked of the gateway. */
  readonly calls: string[] = [];

  async authorize(request: AuthorizationRequest): Promise<PaymentResult> {
    this.calls.push(`authorize ${request.method} ${request.amount.amount}`);
    // An unknown token is declined, as a real gateway would decline a method it cannot charge.
    if (!isTestPaymentMethod(request.method)) {
      return {
        ok: false,
        reason: `the test gateway does not know payment method "${request.method}" (use one of ${Object.keys(TEST_PAYMENT_METHODS).join(', ')})`,
      };
    }
    if (request.method === 'pm_card_declined') return { ok: false, reason: 'card declined (test gateway, pm_card_declined)' };
    return { ok: true, reference: reference('auth', request.idempotencyKey, request.method, String(request.amount.amount)) };
  }

  async capture(authorization: Authorization): Promise<PaymentResult> {
    this.calls.push(`capture ${authorization.authorizationId}`);
    if (authorization.method === 'pm_card_capture_fails') {
      return { ok: false, reason: 'capture refused (test gateway, pm_card_capture_fails)' };
    }
    return { ok: true, reference: reference('cap', authorization.authorizationId) };
  }

  async void(authorization: Authorization): Promise<PaymentResult> {
    this.calls.push(`void ${authorization.authorizationId}`);
    return { ok: true, reference: reference('void', authorization.authorizationId) };
  }

  async refund(authorization: Authorization, amount: Money): Promise<PaymentResult> {
    this.calls.push(`refund ${authorization.authorizationId} ${amount.amount}`);
    if (authorization.method === 'pm_card_refund_fails') {
      return { ok: false, reason: 'refund refused (test gateway, pm_card_refund_fails)' };
    }
    return { ok: true, reference: reference('refund', authorization.authorizationId, String(amount.amount)) };
  }
}
