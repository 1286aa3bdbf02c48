// Which payment gateway a run uses. Only the deterministic test gateway is built in; a real
// one would implement the same PaymentGateway port (src/domain/payment.ts).
import type { PaymentGateway } from '../../domain/payment.js';
import { TestPaymentGateway } from './testGateway.js';

export { TestPaymentGateway, TEST_PAYMENT_METHODS, isTestPaymentMethod } from './testGateway.js';

export function defaultPaymentGateway(): PaymentGateway {
  return new TestPaymentGateway();
}
