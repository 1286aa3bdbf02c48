// Preloaded (NODE_OPTIONS=--require) into a spawned shopctl by test/store/postgres/early.test.ts:
// appends, to the file SHOPCTL_TEST_WORKER_ORIGIN names, the call stack of every worker thread
// the process creates (one line of JSON each).
'use strict';
const fs = require('node:fs');
const threads = require('node:worker_threads');

const out = process.env.SHOPCTL_TEST_WORKER_ORIGIN;
if (out && threads.isMainThread) {
  const Worker = threads.Worker;
  threads.Worker = class extends Worker {
    constructor(...args) {
      fs.appendFileSync(out, `${JSON.stringify({ stack: new Error().stack })}\n`);
      super(...args);
    }
  };
}
