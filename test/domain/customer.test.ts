// RegisterCustomer (CMD-CUST-001): given past events, when the command, then events or an error code.
import { describe, expect, it } from 'vitest';
import { customerDecider, normaliseEmail, type RegisterCustomer } from '../../src/domain/customer.js';
import type { CustomerRegistered } from '../../src/domain/events.js';
import { checkPasswordStrength } from '../../src/domain/password.js';
import { given } from '../helpers/decider.js';

const ID = '11111111-1111-4111-8111-111111111111';
const NOW = '2026-01-01T00:00:00.000Z';
const register = (data: Partial<RegisterCustomer['data']> = {}): RegisterCustomer => ({
  type: 'RegisterCustomer',
  data: { customerId: ID, email: 'Ada@Example.COM', name: 'Ada Lovelace', password: 'analytical-engine-1843', emailTakenBy: null, now: NOW, ...data },
});
const registered: CustomerRegistered = {
  type: 'CustomerRegistered',
  data: { customerId: ID, email: 'ada@example.com', status: 'REGISTERED', registeredAt: NOW, name: 'Ada Lovelace' },
};

describe('RegisterCustomer', () => {
  it('registers with the email in lower case and status REGISTERED, and no password in the event', () => {
    given(customerDecider).when(register()).then([registered]);
    const events = given(customerDecider).when(register()).thenEvents();
    expect(JSON.stringify(events)).not.toContain('analytical-engine-1843');
  });

  it('EMAIL_ALREADY_REGISTERED when another customer holds the email (in any case)', () => {
    given(customerDecider).when(register({ emailTakenBy: '22222222-2222-4222-8222-222222222222' })).thenError('EMAIL_ALREADY_REGISTERED');
  });

  it('PASSWORD_TOO_WEAK when shorter than 12 characters', () => {
    given(customerDecider).when(register({ password: 'short-pw-11' })).thenError('PASSWORD_TOO_WEAK');
  });

  it('PASSWORD_TOO_WEAK when longer than 128 characters', () => {
    given(customerDecider).when(register({ password: 'x1'.repeat(64) + 'y' })).thenError('PASSWORD_TOO_WEAK');
  });

  it('PASSWORD_TOO_WEAK for a common password, whatever its case', () => {
    given(customerDecider).when(register({ password: 'Password1234' })).thenError('PASSWORD_TOO_WEAK');
    given(customerDecider).when(register({ password: 'aaaaaaaaaaaaaaaa' })).thenError('PASSWORD_TOO_WEAK');
  });

  it('accepts exactly 12 and exactly 128 characters', () => {
    expect(() => checkPasswordStrength('a-b-c-d-e-f-')).not.toThrow();
    expect(() => checkPasswordStrength('ab'.repeat(64))).not.toThrow();
  });

  it('the weak-password error never repeats the password', () => {
    let caught: unknown;
    try {
      checkPasswordStrength('Password1234');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeDefined();
    expect(String((caught as Error).message)).not.toContain('Password1234');
    expect(JSON.stringify((caught as { details: unknown }).details)).not.toContain('Password1234');
  });

  it('INVALID_EMAIL for a malformed email', () => {
    for (const email of ['ada', 'ada@', '@example.com', 'ada@example', 'a da@example.com', 'ada..x@example.com']) {
      given(customerDecider).when(register({ email })).thenError('INVALID_EMAIL');
    }
  });

  it('INVALID_CUSTOMER_NAME for an empty name', () => {
    given(customerDecider).when(register({ name: '   ' })).thenError('INVALID_CUSTOMER_NAME');
  });

  it('a re-run with the same id and attributes is unchanged; other attributes are ID_CONFLICT', () => {
    given(customerDecider, [registered]).when(register()).then([]);
    given(customerDecider, [registered]).when(register({ name: 'Someone Else' })).thenError('ID_CONFLICT');
  });

  it('normalises emails to lower case', () => {
    expect(normaliseEmail('  Ada@Example.COM ')).toBe('ada@example.com');
  });
});
