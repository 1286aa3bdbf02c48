// customer register|list|show through the built CLI: rules, exit codes, and where the password goes.
import crypto from 'node:crypto';
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { shopctl } from '../helpers/cli.js';
import { ADDRESS, expectRejected, openReadOnly, orderShop, PASSWORD, readEvents, register, run, runIn, runJson, tempDb } from '../helpers/shop.js';

describe('customer register', () => {
  it('registers with the email lower-cased, REGISTERED, and a verification token in the outbox', async () => {
    const { db } = tempDb();
    const result = await runJson(db, ['customer', 'register', '--email', 'Ada@Example.COM', '--name', 'Ada Lovelace', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(result.events.map((e: { type: string }) => e.type)).toEqual(['CustomerRegistered']);
    expect(result.events[0].data).toMatchObject({ customerId: result.id, email: 'ada@example.com', status: 'REGISTERED', name: 'Ada Lovelace' });
    const shown = await runJson(db, ['customer', 'show', 'ADA@example.com']);
    expect(shown).toMatchObject({ id: result.id, email: 'ada@example.com', status: 'REGISTERED' });
    expect((await runJson(db, ['customer', 'show', result.id])).email).toBe('ada@example.com');
    expect((await runJson(db, ['customer', 'list'])).map((c: { email: string }) => c.email)).toEqual(['ada@example.com']);
    const rdb = openReadOnly(db);
    const message = rdb.prepare("SELECT data FROM outbox WHERE type = 'CustomerRegistrationNotification'").pluck().get() as string;
    const credential = rdb.prepare('SELECT * FROM credentials').get() as { customerId: string; algorithm: string; salt: string; hash: string };
    rdb.close();
    expect(JSON.parse(message)).toMatchObject({ customerId: result.id, email: 'ada@example.com', verificationToken: expect.stringMatching(/^[A-Za-z0-9_-]{40,}$/) });
    expect(credential).toMatchObject({ customerId: result.id, algorithm: expect.stringMatching(/^scrypt:/) });
    expect(credential.salt.length).toBeGreaterThan(10);
  });

  // In-process runs hash with a cheap N (test/setup/cheapHashes.ts); the CLI itself uses OWASP's.
  it('the built CLI stores an OWASP scrypt hash (N=2^17, r=8, p=1, 64 bytes) of the password, salted', async () => {
    const { db } = tempDb();
    const result = shopctl(['--db', db, '--json', 'customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { input: `${PASSWORD}\n` });
    expect(result.code, result.stderr).toBe(0);
    const rdb = openReadOnly(db);
    const credential = rdb.prepare('SELECT * FROM credentials').get() as { algorithm: string; salt: string; hash: string };
    rdb.close();
    expect(credential.algorithm).toBe('scrypt:N=131072,r=8,p=1,keylen=64');
    const expected = crypto.scryptSync(PASSWORD, Buffer.from(credential.salt, 'base64'), 64, { N: 2 ** 17, r: 8, p: 1, maxmem: 256 * 1024 * 1024 });
    expect(credential.hash).toBe(expected.toString('base64'));
  });

  it('human output names the customer and suggests the next step', async () => {
    const { db } = tempDb();
    const result = await runIn(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { input: PASSWORD });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/customer ada@example.com registered/);
    expect(result.stdout).toMatch(/Next: shopctl cart add/);
  });

  it('EMAIL_ALREADY_REGISTERED for the same email in another letter case, and nothing is written', async () => {
    const { db } = tempDb();
    await register(db, 'ada@example.com');
    await expectRejected(db, ['customer', 'register', '--email', 'ADA@EXAMPLE.com', '--name', 'Other', '--password-stdin'], 3, 'EMAIL_ALREADY_REGISTERED', { input: PASSWORD });
    expect(await readEvents(db)).toHaveLength(1);
    const rdb = openReadOnly(db);
    expect(rdb.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(1);
    rdb.close();
  });

  it('PASSWORD_TOO_WEAK for a short or a common password; nothing is written', async () => {
    const { db } = tempDb();
    await expectRejected(db, ['customer', 'register', '--email', 'a@example.com', '--name', 'A', '--password-stdin'], 3, 'PASSWORD_TOO_WEAK', { input: 'short1\n' });
    await expectRejected(db, ['customer', 'register', '--email', 'a@example.com', '--name', 'A', '--password-stdin'], 3, 'PASSWORD_TOO_WEAK', { input: 'password1234\n' });
    const rdb = openReadOnly(db);
    expect(rdb.prepare('SELECT count(*) FROM events').pluck().get()).toBe(0);
    expect(rdb.prepare('SELECT count(*) FROM credentials').pluck().get()).toBe(0);
    rdb.close();
  });

  it('INVALID_EMAIL for a malformed address', async () => {
    const { db } = tempDb();
    await expectRejected(db, ['customer', 'register', '--email', 'not-an-email', '--name', 'A', '--password-stdin'], 3, 'INVALID_EMAIL', { input: PASSWORD });
  });

  it('never takes a password from a flag, and does not echo it', async () => {
    const { db } = tempDb();
    const result = await runIn(db, ['customer', 'register', '--email', 'a@example.com', '--name', 'A', '--password', 'Sup3r-secret-flag-pw']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/never taken from a flag/);
    expect(result.stderr + result.stdout).not.toContain('Sup3r-secret-flag-pw');
  });

  it('without a terminal and without --password-stdin it is a usage error naming the flag', async () => {
    const { db } = tempDb();
    const result = await runIn(db, ['customer', 'register', '--email', 'a@example.com', '--name', 'A']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/--password-stdin/);
    const missing = await runIn(db, ['customer', 'register', '--name', 'A', '--password-stdin'], { input: PASSWORD });
    expect(missing.code).toBe(2);
    expect(missing.stderr).toMatch(/--email/);
  });

  it('--id re-run: same attributes unchanged (exit 0), other attributes ID_CONFLICT (exit 5)', async () => {
    const { db } = tempDb();
    const id = '0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f';
    const args = ['customer', 'register', '--id', id, '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'];
    expect((await runJson(db, args, { input: PASSWORD })).id).toBe(id);
    const again = await runJson(db, args, { input: PASSWORD });
    expect(again).toMatchObject({ id, unchanged: true, events: [] });
    const rerun = await runIn(db, args, { input: PASSWORD });
    expect(rerun.stdout).toMatch(/unchanged/);
    expect(rerun.stderr).toMatch(/password was left as it was/);
    await expectRejected(db, ['customer', 'register', '--id', id, '--email', 'ada@example.com', '--name', 'Someone', '--password-stdin'], 5, 'ID_CONFLICT', { input: PASSWORD });
    expect(await readEvents(db)).toHaveLength(1);
  });

  it('CUSTOMER_NOT_FOUND exits 4', async () => {
    const { db } = tempDb();
    await runJson(db, ['init']); // a read never creates the database
    await expectRejected(db, ['customer', 'show', 'nobody@example.com'], 4, 'CUSTOMER_NOT_FOUND');
  });

  it('with SHOPCTL_NOW and --id the verification token is the same on every run', async () => {
    const env = { SHOPCTL_NOW: '2026-01-01T00:00:00Z' };
    const tokens: unknown[] = [];
    for (let i = 0; i < 2; i++) {
      const { db } = tempDb();
      await runJson(db, ['customer', 'register', '--id', '0b7e5c2a-3f0d-4c1e-9a55-7d2f1b3c4e5f', '--email', 'a@example.com', '--name', 'A', '--password-stdin'], { input: PASSWORD, env });
      const rdb = openReadOnly(db);
      const token = rdb.prepare('SELECT token FROM verification_tokens').pluck().get();
      rdb.close();
      tokens.push(token);
    }
    expect(tokens[0]).toBe(tokens[1]);
  });
});

describe('the password never leaves the credentials table', () => {
  it('is found in no output, event, outbox message, read model, nor anywhere in the database files', async () => {
    const { db } = tempDb();
    const outputs: string[] = [];
    const keep = async (args: string[], options = {}) => {
      const result = await runIn(db, args, options);
      outputs.push(result.stdout, result.stderr);
      return result;
    };
    await orderShop(db);
    await keep(['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada', '--password-stdin'], { input: `${PASSWORD}\n` });
    await keep(['--json', 'customer', 'register', '--email', 'ADA@example.com', '--name', 'Ada', '--password-stdin'], { input: `${PASSWORD}\n` });
    await keep(['cart', 'add', 'ada@example.com', '--product', 'MUG-1']);
    await keep(['order', 'place', 'ada@example.com', '--payment', 'pm_card_visa', ...ADDRESS]);
    await keep(['customer', 'show', 'ada@example.com']);
    await keep(['--json', 'customer', 'list']);
    await keep(['--json', 'events', 'list']);
    const rdb = openReadOnly(db);
    const credential = rdb.prepare('SELECT hash, salt FROM credentials').get() as { hash: string; salt: string };
    const outbox = JSON.stringify(rdb.prepare('SELECT * FROM outbox').all());
    const readModels = JSON.stringify(['customers', 'carts', 'orders'].map((t) => rdb.prepare(`SELECT * FROM ${t}`).all()));
    rdb.close();
    const everything = [...outputs, outbox, readModels].join('\n');
    expect(everything).toContain('ada@example.com');
    expect(everything).not.toContain(PASSWORD);
    expect(everything).not.toContain(credential.hash);
    for (const file of [db, `${db}-wal`, `${db}-shm`]) {
      if (!fs.existsSync(file)) continue;
      const bytes = fs.readFileSync(file);
      expect(bytes.includes(Buffer.from(PASSWORD, 'utf8')), file).toBe(false);
      expect(bytes.includes(Buffer.from(PASSWORD, 'utf16le')), file).toBe(false);
    }
    const help = await run(['customer', 'register', '--help']);
    expect(help.stdout).not.toMatch(/--password </);
  });
});
