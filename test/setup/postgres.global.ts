// Starts the one PostgreSQL server of a test run (about 2 s: always, not lazily) and tells the
// test workers its URL (inject('pgServerUrl'), see test/helpers/postgres.ts); stops it at the end.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../helpers/postgresServer.js';

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const server = await startTestPostgres();
  project.provide('pgServerUrl', server.url);
  return () => server.stop();
}
