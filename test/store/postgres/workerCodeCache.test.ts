// The built worker (dist/src/bundle/worker.cjs) starts from V8's code cache the build leaves
// beside it (scripts/bundle.mjs, src/store/postgres/workerStart.ts): the cache must be one that
// Node.js, started as the CLI is (no V8 flags: they change what V8 accepts; the test runner's
// own process has some), accepts — a rejected cache costs nothing but silently gains nothing.
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const WORKER = path.resolve(import.meta.dirname, '../../../dist/src/bundle/worker.cjs');

/** Whether a plain `node` rejects the cache when compiling worker.cjs's source plus `extra`. */
function rejected(extra: string): boolean {
  const check = `
    const fs = require('node:fs'), vm = require('node:vm'), Module = require('node:module');
    const file = ${JSON.stringify(WORKER)};
    const source = Module.wrap(fs.readFileSync(file, 'utf8') + ${JSON.stringify(extra)});
    process.stdout.write(String(new vm.Script(source, { filename: file, cachedData: fs.readFileSync(file + '.cache') }).cachedDataRejected));`;
  const env = { ...process.env };
  delete env.NODE_OPTIONS;
  const result = spawnSync(process.execPath, ['-e', check], { env, encoding: 'utf8' });
  expect(result.stderr).toBe('');
  return JSON.parse(result.stdout) as boolean;
}

describe('the worker\'s code cache', () => {
  it('is built beside worker.cjs and accepted for that file by Node.js started as the CLI is', () => {
    expect(rejected('')).toBe(false);
  });

  it('is refused for other source (V8 checks the source\'s length): never run against code it was not made from', () => {
    expect(rejected('\n;')).toBe(true);
  });
});
