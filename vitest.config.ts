import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Vitest keeps each file's last duration here to start the longest files first; node_modules
  // is shared between worktrees, so not there.
  cacheDir: '.cache/vite',
  test: {
    include: ['test/**/*.test.ts'],
    // One throwaway PostgreSQL server for the whole run (test/helpers/postgres.ts).
    globalSetup: ['test/setup/postgres.global.ts'],
    // Forks: better-sqlite3 is native and one test sets the process umask. Vitest would use one
    // worker on a 2-core machine (cores - 1); three keep both cores busy while one file waits on
    // spawned children, SIGKILL timers or a busy database.
    pool: 'forks',
    maxWorkers: 3,
    // As many from the start: with isolate off, a pool that shrinks when files finish early
    // terminated a worker still running a long file ("Terminating worker thread").
    minWorkers: 3,
    // A worker keeps its loaded modules from file to file (the CLI is imported once, and shop
    // templates in test/helpers/shop.ts are built once per worker). No test relies on a fresh
    // module state: commands get all their state through runCli's IO.
    isolate: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
