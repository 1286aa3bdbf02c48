// Customer aggregate: RegisterCustomer → CustomerRegistered (docs/events.md, Customers).
// The password is checked here but never leaves this function: events carry no secret.
import type { Decider } from './decider.js';
import { DomainError } from './errors.js';
import type { CustomerEvent, DateTime, UUID } from './events.js';
import { checkPasswordStrength } from './password.js';
import { checkText } from './validation.js';

export type RegisterCustomer = {
  type: 'RegisterCustomer';
  data: {
    customerId: UUID;
    email: string;
    name: string;
    password: string;
    /** Id of the customer already holding this email (case-insensitively), if any. */
    emailTakenBy: UUID | null;
    now: DateTime;
  };
};
export type CustomerCommand = RegisterCustomer;

export type CustomerState =
  | { status: 'none' }
  | { status: 'REGISTERED'; customerId: UUID; email: string; name: string };

// Pragmatic syntax check: one @, a dot-separated domain with a 2+ letter top level, no spaces.
const EMAIL = /^[A-Za-z0-9.!#$%&'*+/=?^_`{|}~-]+@[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?(?:\.[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?)*\.[A-Za-z]{2,63}$/;
const MAX_EMAIL_LENGTH = 254;

/** A customer's name: 1–100 printable characters after trimming. */
export function checkCustomerName(name: string): string {
  return checkText(name, 'customer name', 1, 100, 'INVALID_CUSTOMER_NAME');
}

/** Emails are unique and stored in lower case. Throws INVALID_EMAIL. */
export function normaliseEmail(email: string): string {
  const trimmed = email.trim().toLowerCase();
  const local = trimmed.split('@')[0] ?? '';
  if (trimmed.length > MAX_EMAIL_LENGTH || local.length > 64 || !EMAIL.test(trimmed) ||
      local.startsWith('.') || local.endsWith('.') || local.includes('..')) {
    throw new DomainError('INVALID_EMAIL', `"${email.trim()}" is not a valid email address`, { email: email.trim() });
  }
  return trimmed;
}

export const customerDecider: Decider<CustomerCommand, CustomerEvent, CustomerState> = {
  initialState: { status: 'none' },
  stateVersion: 1,
  decide: (command, state) => register(command.data, state),
  evolve: (_state, event) => ({
    status: 'REGISTERED', customerId: event.data.customerId, email: event.data.email, name: event.data.name,
  }),
};

function register(data: RegisterCustomer['data'], state: CustomerState): CustomerEvent[] {
  const email = normaliseEmail(data.email);
  const name = checkCustomerName(data.name);
  if (state.status === 'REGISTERED') {
    // Re-running with the same --id: unchanged when email and name agree (the password is
    // not compared and the stored credential is kept), a conflict otherwise.
    if (state.email === email && state.name === name) return [];
    throw new DomainError('ID_CONFLICT', `customer ${data.customerId} already exists with other attributes`, {
      id: data.customerId,
    });
  }
  if (data.emailTakenBy !== null) {
    throw new DomainError('EMAIL_ALREADY_REGISTERED', `${email} is already registered`, { email });
  }
  checkPasswordStrength(data.password);
  return [{
    type: 'CustomerRegistered',
    data: { customerId: data.customerId, email, status: 'REGISTERED', registeredAt: data.now, name },
  }];
}
