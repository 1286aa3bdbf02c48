// PostgreSQL for tests: the server of this run (started once by test/setup/postgres.global.ts,
// or SHOPCTL_TEST_PG_URL) and a new database on it per test or suite (freshDatabase).
import crypto from 'node:crypto';
import pg from 'pg';
import { inject } from 'vitest';

export { startTestPostgres, type TestPostgres } from './postgresServer.js';

declare module 'vitest' {
  export interface ProvidedContext {
    /** The test PostgreSQL server (test/setup/postgres.global.ts). */
    pgServerUrl: string;
  }
}

/** The server of this test run: the one globalSetup started, or SHOPCTL_TEST_PG_URL. */
export function testServerUrl(): string {
  return process.env.SHOPCTL_TEST_PG_URL || inject('pgServerUrl');
}

/** A new, empty database on the test server, for one test or suite; its postgres:// URL. */
export async function freshDatabase(): Promise<string> {
  const server = new URL(testServerUrl());
  const name = `shopctl_test_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: server.toString() });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE ${admin.escapeIdentifier(name)}`);
  } finally {
    await admin.end();
  }
  server.pathname = `/${name}`;
  return server.toString();
}
