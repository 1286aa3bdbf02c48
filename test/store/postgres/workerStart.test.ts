// What the PostgreSQL worker loads when it starts (its start is on the critical path of every
// PostgreSQL command): `pg` asks whether it runs on Cloudflare Workers, which on Node 20 would
// load undici through the global `Response` (~15 ms) — src/store/postgres/nodeRuntime.ts answers
// it first. Checked on the built worker bundle, in a thread of its own, as the CLI starts it.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { MessageChannel, Worker } from 'node:worker_threads';
import { describe, expect, it } from 'vitest';

const WORKER = fileURLToPath(new URL('../../../dist/src/bundle/worker.cjs', import.meta.url));

/** Loads `script` in a new thread as the bridge does (workerData, two ports); answers which internal modules it loaded. */
function modulesLoadedBy(script: string | undefined): Promise<string[]> {
  const port = new MessageChannel();
  const ahead = new MessageChannel();
  const workerData = {
    url: 'postgres://nobody@127.0.0.1:1/none', connectTimeoutMs: 1000, signal: new SharedArrayBuffer(8), port: port.port2, ahead: ahead.port2,
  };
  const load = script === undefined ? '' : `require(${JSON.stringify(script)});`;
  const code = `const { parentPort } = require('node:worker_threads'); ${load} parentPort.postMessage(process.moduleLoadList);`;
  const worker = new Worker(code, { eval: true, workerData, transferList: [port.port2, ahead.port2] });
  return new Promise<string[]>((resolve, reject) => {
    worker.once('message', (list: string[]) => {
      resolve(list);
      void worker.terminate();
      port.port1.close();
      ahead.port1.close();
    });
    worker.once('error', reject);
  });
}

describe('the PostgreSQL worker at start', () => {
  it('loads pg without undici (fetch)', async () => {
    expect(fs.existsSync(WORKER)).toBe(true); // npm test builds first
    const loaded = await modulesLoadedBy(WORKER);
    expect(loaded).toContain('NativeModule net');
    expect(loaded.filter((name) => name.includes('undici'))).toEqual([]);
  });

  it('a bare thread that touches Response does load undici (what the check above would catch)', async () => {
    const bare = await modulesLoadedBy(undefined);
    expect(bare.filter((name) => name.includes('undici'))).toEqual([]);
    const script = fileURLToPath(new URL('./fixtures/touchResponse.cjs', import.meta.url));
    const touched = await modulesLoadedBy(script);
    expect(touched.some((name) => name.includes('undici'))).toBe(true);
  });
});
