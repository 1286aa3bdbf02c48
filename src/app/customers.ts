// Customer use cases: register (docs/events.md, Customers), list, show. The password is hashed here with
// scrypt and a per-customer salt and stored beside the log, never in an event or read model.
import { createHash, randomBytes, scrypt as scryptCallback, type ScryptOptions } from 'node:crypto';
import { customerDecider, normaliseEmail } from '../domain/customer.js';
import { DomainError } from '../domain/errors.js';
import { streamIdOf } from '../domain/events.js';
import { checkPasswordStrength } from '../domain/password.js';
import type { CustomerRow, PasswordHash, UnitOfWork } from '../store/index.js';
import type { CommandOutcome } from './outcome.js';
import type { ShopApp } from './shopApp.js';

// OWASP's scrypt parameters: N=2^17, r=8, p=1 (128 MiB), 64-byte key, 16-byte random salt.
const OWASP_SCRYPT = { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 } satisfies ScryptOptions;
let scryptOptions: typeof OWASP_SCRYPT = OWASP_SCRYPT;
const KEY_LENGTH = 64;

/**
 * A test hook, not reachable from the CLI or its environment: the test suite registers
 * customers in-process many times over (fixtures, templates), at half a CPU-second per OWASP
 * hash. The algorithm string records N, so such hashes say what they are; spawned processes
 * (and test/cli/customer.test.ts, which checks the stored parameters) still use OWASP's.
 */
export function useCheapPasswordHashesInThisProcess(): void {
  scryptOptions = { ...OWASP_SCRYPT, N: 2 ** 10 };
}

function scrypt(password: string, salt: Buffer): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCallback(password.normalize('NFC'), salt, KEY_LENGTH, scryptOptions, (error, key) => (error ? reject(error) : resolve(key)));
  });
}

export async function hashPassword(password: string): Promise<PasswordHash> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt);
  return {
    algorithm: `scrypt:N=${scryptOptions.N},r=${scryptOptions.r},p=${scryptOptions.p},keylen=${KEY_LENGTH}`,
    salt: salt.toString('base64'),
    hash: key.toString('base64'),
  };
}

/**
 * A verification token from fresh ids: random UUIDs in normal runs (122 random bits each),
 * derived ids when SHOPCTL_NOW fixes the run, so fixture runs give the same outbox.
 */
function verificationToken(uow: UnitOfWork): string {
  return createHash('sha256').update(`verify|${uow.newId()}|${uow.newId()}`).digest('base64url');
}

export interface RegisterCustomerInput { id?: string; email: string; name: string; password: string }

export async function registerCustomer(app: ShopApp, input: RegisterCustomerInput): Promise<CommandOutcome> {
  // Cheap checks before the (deliberately slow) hash; the decider makes them again.
  normaliseEmail(input.email);
  checkPasswordStrength(input.password);
  const password = await hashPassword(input.password);
  const { value: id, events } = app.execute('RegisterCustomer', (uow, info) => {
    const customerId = input.id ?? uow.newId();
    const email = normaliseEmail(input.email);
    const taken = app.store.customers.byEmailAddress(email);
    // Not uow.handle: the credentials are written between the decision and the append.
    const streamId = streamIdOf.customer(customerId);
    const { state, version } = uow.load(streamId, customerDecider);
    const decided = customerDecider.decide({
      type: 'RegisterCustomer',
      data: {
        customerId, email: input.email, name: input.name, password: input.password,
        emailTakenBy: taken && taken.id !== customerId ? taken.id : null, now: uow.now,
      },
    }, state);
    if (decided.length > 0) {
      // The token row must exist before CustomerRegistered is appended: its integration
      // event (CustomerRegistrationNotification) reads it in the same transaction.
      const credentials = app.store.credentials;
      credentials.savePassword(customerId, password);
      credentials.saveVerificationToken(customerId, verificationToken(uow), uow.now);
    }
    uow.append(streamId, version, decided, info);
    return customerId;
  });
  return { id, events, unchanged: events.length === 0 };
}

/** A customer by id or email; CUSTOMER_NOT_FOUND (exit 4) otherwise. */
export function resolveCustomer(app: ShopApp, ref: string): CustomerRow {
  const customer = app.store.customers.find(ref);
  if (!customer) throw new DomainError('CUSTOMER_NOT_FOUND', `no customer with id or email "${ref.trim()}"`, { customer: ref.trim() });
  return customer;
}

export interface CustomerView { id: string; email: string; name: string; status: string; registeredAt: string; orders: number }

function customerView(app: ShopApp, row: CustomerRow): CustomerView {
  return {
    id: row.id, email: row.email, name: row.name, status: row.status, registeredAt: row.registeredAt,
    orders: app.store.customers.ordersOf(row.id),
  };
}

export function listCustomers(app: ShopApp): CustomerView[] {
  return app.store.customers.list().map((row) => customerView(app, row));
}

export function showCustomer(app: ShopApp, ref: string): CustomerView {
  return customerView(app, resolveCustomer(app, ref));
}

/** Every customer's email by id (one query), for lists that name customers. */
export function customerEmails(app: ShopApp): Map<string, string> {
  return new Map(app.store.customers.list().map((row) => [row.id, row.email]));
}
