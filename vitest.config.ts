import { defineConfig } from 'vitest/config';
import LongestFirst from './test/setup/sequencer.js';

/** What both projects share (per-project options; the pool below is the whole run's). */
const common = {
  testTimeout: 60_000,
  hookTimeout: 60_000,
  // A worker keeps its loaded modules from file to file (the CLI is imported once, and shop
  // templates in test/helpers/shop.ts are built once per worker). No test relies on a fresh
  // module state: commands get all their state through runCli's IO.
  isolate: false,
  // Customers registered in-process get cheap password hashes (src/app/customers.ts says why).
  setupFiles: ['test/setup/cheapHashes.ts'],
};

/**
 * The suites that do not depend on the store's kind, all of which pass on PostgreSQL too
 * (issue 13): the CLI's commands, the reliability suites, snapshots, export, the demo fixture and
 * the import. SQLite-only tests in them skip themselves there (test/helpers/store.ts). A command
 * costs about ten times as much on PostgreSQL (each opens a connection in a worker thread), so
 * `npm test` runs the most telling of them only: SHOPCTL_TEST_PG_SUITES=all runs every one.
 */
const POSTGRES_SUITES = [
  'test/cli/**/*.test.ts',
  'test/reliability/**/*.test.ts',
  'test/snapshots/**/*.test.ts',
  'test/outbox/export*.test.ts',
  'test/fixtures/demo.test.ts',
  'test/import/import.test.ts',
];

/**
 * What `npm test` runs on PostgreSQL besides test/postgres/ (choosing the store, the log's
 * guarantees, commit order, db copy of the demo shop, a server restart): commands, writers
 * racing, a killed import. Kept to these so that the whole run stays under two minutes; the
 * demo fixture, busy writers and concurrent snapshots pass too (SHOPCTL_TEST_PG_SUITES=all).
 */
const POSTGRES_EVERY_RUN = [
  'test/cli/smoke.test.ts',
  'test/cli/store.test.ts',
  'test/cli/inProcess.test.ts',
  'test/reliability/races.test.ts',
  'test/reliability/crashImport.test.ts',
];

export default defineConfig({
  // Vitest keeps each file's last duration here to start the longest files first; node_modules
  // is shared between worktrees, so not there.
  cacheDir: '.cache/vite',
  test: {
    // One throwaway PostgreSQL server for the whole run (test/helpers/postgres.ts): set up by the
    // root project only, whose provided URL both projects inherit (they do not `extends` the
    // root config, which would start one server per project).
    globalSetup: ['test/setup/postgres.global.ts'],
    // Forks: better-sqlite3 is native and one test sets the process umask. Vitest would use one
    // worker on a 2-core machine (cores - 1); three keep both cores busy while one file waits on
    // spawned children, SIGKILL timers or a busy database.
    pool: 'forks',
    // The longest files first, also in a fresh clone without vitest's cache (test/setup/sequencer.ts).
    sequence: { sequencer: LongestFirst },
    maxWorkers: 3,
    // As many from the start: with isolate off, a pool that shrinks when files finish early
    // terminated a worker still running a long file ("Terminating worker thread").
    minWorkers: 3,
    ...common,
    projects: [
      { test: { ...common, name: 'sqlite', include: ['test/**/*.test.ts'] } },
      // A command costs about ten times as much on PostgreSQL: more time for tests and hooks that
      // do not set their own.
      { test: { ...common, testTimeout: 180_000, hookTimeout: 180_000, name: 'postgres', include: process.env.SHOPCTL_TEST_PG_SUITES === 'all' ? POSTGRES_SUITES : POSTGRES_EVERY_RUN, env: { SHOPCTL_TEST_STORE: 'postgres' } } },
    ],
  },
});
