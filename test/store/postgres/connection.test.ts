// Opening a PostgreSQL connection: every way it can fail is a PgUnavailableError (the store's
// DATABASE_UNAVAILABLE) with a code, never a hang, and the URL's password appears in no message.
import net from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PgDatabase, PgError, PgUnavailableError, redactUrl } from '../../../src/store/postgres/pgDatabase.js';
import { freshDatabase, testServerUrl } from '../../helpers/postgres.js';

function openError(url: string, connectTimeoutMs?: number): Error {
  try {
    new PgDatabase(url, { connectTimeoutMs }).close();
  } catch (error) {
    return error as Error;
  }
  throw new Error('expected the connection to fail');
}

function withPassword(url: string, password: string, database?: string): string {
  const parsed = new URL(url);
  parsed.password = password;
  if (database) parsed.pathname = `/${database}`;
  return parsed.toString();
}

describe('redactUrl', () => {
  it('replaces the password, and only it', () => {
    expect(redactUrl('postgres://shop:s3cr%40t@db.example:5432/shop?sslmode=require')).toBe('postgres://shop:***@db.example:5432/shop?sslmode=require');
    expect(redactUrl('postgresql://shop@db/shop')).toBe('postgresql://shop@db/shop');
    expect(redactUrl('postgres://u:p@ss@[bad')).not.toContain('p@ss');
  });
});

describe('a server that cannot be used', () => {
  const secret = 'Sw0rdfish-4c1d';
  let silent: net.Server;
  let silentPort: number;

  beforeAll(async () => {
    // Accepts connections and never answers: only the connect timeout ends the wait.
    silent = net.createServer(() => undefined);
    await new Promise<void>((resolve) => silent.listen(0, '127.0.0.1', resolve));
    silentPort = (silent.address() as net.AddressInfo).port;
  });
  afterAll(() => new Promise<void>((resolve) => silent.close(() => resolve())));

  it('refused: ECONNREFUSED, and the password is not in the message', async () => {
    const closed = await new Promise<number>((resolve) => {
      const probe = net.createServer().listen(0, '127.0.0.1', () => {
        const { port } = probe.address() as net.AddressInfo;
        probe.close(() => resolve(port));
      });
    });
    const error = openError(`postgres://shop:${secret}@127.0.0.1:${closed}/shop`);
    expect(error).toBeInstanceOf(PgUnavailableError);
    expect(error).toMatchObject({ code: 'ECONNREFUSED' });
    expect(error.message).toContain('postgres://shop:***@127.0.0.1');
    expect(`${error.message} ${error.stack}`).not.toContain(secret);
  });

  it('never answering: a timeout error, not a hang', () => {
    const error = openError(`postgres://shop:${secret}@127.0.0.1:${silentPort}/shop`, 300);
    expect(error).toBeInstanceOf(PgUnavailableError);
    expect(error.message).toMatch(/timeout/i);
    expect(error.message).not.toContain(secret);
  });

  it('a wrong password: 28P01; an unknown database: 3D000 — neither shows the password', () => {
    const wrong = openError(withPassword(testServerUrl(), secret));
    expect(wrong).toBeInstanceOf(PgUnavailableError);
    expect(wrong).toMatchObject({ code: '28P01' });
    expect(wrong.message).not.toContain(secret);
    const real = new URL(testServerUrl()).password;
    const missing = openError(withPassword(testServerUrl(), real, 'no_such_shop'));
    expect(missing).toMatchObject({ code: '3D000' });
    expect(missing.message).not.toContain(real);
    expect(missing.message).toContain('***');
  });
});

describe('a connection lost while in use', () => {
  it('the failing call and every later one throw PgUnavailableError', async () => {
    const db = new PgDatabase(await freshDatabase());
    expect(db.prepare('SELECT 1').pluck().get()).toBe(1);
    // The server ends this session (as at a restart: admin shutdown, 57P01).
    const error = (() => {
      try {
        db.prepare('SELECT pg_terminate_backend(pg_backend_pid())').get();
      } catch (e) {
        return e;
      }
    })();
    expect(error).toBeInstanceOf(PgUnavailableError);
    expect(error).not.toBeInstanceOf(PgError);
    expect(() => db.prepare('SELECT 1').get()).toThrow(PgUnavailableError);
    expect(() => db.transaction(() => db.prepare('SELECT 1').run())()).toThrow(PgUnavailableError);
    db.close();
  });
});
