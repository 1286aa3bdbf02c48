// Imported by the worker before `pg`. When pg loads it asks whether it runs on Cloudflare
// Workers (pg/lib/stream.js): Node 21 and later answer through `navigator.userAgent`; Node 20
// has no `navigator`, so pg then touches the global `Response`, and that loads and compiles
// undici (fetch) — about 15 ms of the worker's start, which is on the critical path of every
// PostgreSQL command. We give Node 20 the answer newer Node versions give.
const runtime = globalThis as { navigator?: { userAgent?: unknown } };
if (runtime.navigator === undefined) {
  Object.defineProperty(globalThis, 'navigator', {
    value: Object.freeze({ userAgent: `Node.js/${process.versions.node.split('.')[0]}` }),
    configurable: true, writable: true, enumerable: false,
  });
}
