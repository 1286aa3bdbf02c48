// Bundles the CLI (dist/src/bundle/main.js plus chunks) after `tsc` has type-checked and
// compiled it. A few files load far faster than ~100 small modules, and code split off behind a
// dynamic import (the non-catalogue command groups, see src/main.ts) is not even read by a
// catalogue command: that keeps one command within 2× of a bare `node -e ''` (README "Performance").
// Run by `npm run build` and `prepare`.
import fs from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Bundled: the small pure-JS libraries every command needs. Everything else stays external:
// better-sqlite3 is native; inquirer, cli-table3 and csv-parse load lazily, only when used.
// pg too, though only the PostgreSQL worker imports it: one file loads several times faster
// than its ~40 CommonJS modules, and the worker's start is most of a PostgreSQL command's own
// start-up (pg-native is optional and never used: left out).
const bundled = new Set(['commander', 'chalk', 'pg', 'pg-copy-streams']);
const external = [...Object.keys(pkg.dependencies ?? {}).filter((name) => !bundled.has(name)), 'pg-native'];

const outdir = new URL('../dist/src/bundle/', import.meta.url).pathname;
fs.rmSync(outdir, { recursive: true, force: true }); // no stale chunks from an earlier build

await build({
  entryPoints: {
    main: new URL('../src/main.ts', import.meta.url).pathname,
  },
  outdir,
  bundle: true,
  splitting: true,
  chunkNames: 'chunk-[hash]',
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // commander is CommonJS and calls require(): give the ES module bundle a real one.
  banner: { js: "import { createRequire as __shopctlRequire } from 'node:module'; const require = __shopctlRequire(import.meta.url);" },
  // Less to parse at every start; identifiers stay, so stack traces stay readable.
  minifyWhitespace: true,
  minifySyntax: true,
  logLevel: 'warning',
});

/** One entry bundled on its own as a CommonJS file in the bundle's folder. */
function buildCommonJs(entry, outName, options = {}) {
  return build({
    entryPoints: [new URL(entry, import.meta.url).pathname],
    outfile: new URL(outName, `file://${outdir}`).pathname,
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    external,
    minifyWhitespace: true,
    minifySyntax: true,
    logLevel: 'warning',
    ...options,
  });
}

// What bin/shopctl.js requires first for a PostgreSQL command, to start connecting while
// main.js loads: CommonJS like the launcher, so the worker is created ~6 ms sooner than through
// the ES module loader (its start is the critical path of a PostgreSQL command). workerStart.ts
// finds worker.cjs from its own module URL: given here as this file's.
await buildCommonJs('../src/store/postgres/early.ts', 'early.cjs', {
  define: { 'import.meta.url': '__shopctlModuleUrl' },
  banner: { js: "const __shopctlModuleUrl = require('node:url').pathToFileURL(__filename).href;" },
});

// The PostgreSQL connection's worker thread, loaded by path: src/store/postgres/workerStart.ts
// takes ./worker.cjs beside itself (here, beside main.js and its chunks). CommonJS, not an ES
// module: a new thread loads the one 110 kB file about 40 ms sooner that way on the loaded
// 2-core machine (the ES module loader's work; README "Performance"), and its start is on the
// critical path of every PostgreSQL command.
// pg's SCRAM login takes its hashes from Node's crypto (pg/lib/crypto/utils-legacy.js, the same
// functions pg uses on Node < 15) instead of WebCrypto (utils-webcrypto.js): loading WebCrypto
// and its asynchronous key derivation cost the worker ~4 ms of every PostgreSQL command's start.
const nodeCryptoForPg = {
  name: 'pg-node-crypto',
  setup(build) {
    build.onResolve({ filter: /^\.\/utils-webcrypto$/ }, (args) => (
      args.resolveDir.endsWith('/pg/lib/crypto') ? { path: `${args.resolveDir}/utils-legacy.js` } : undefined));
  },
};
await buildCommonJs('../src/store/postgres/worker.ts', 'worker.cjs', { plugins: [nodeCryptoForPg] });

// V8's code cache for worker.cjs, beside it: the worker's thread compiles the 140 kB file at
// every PostgreSQL command's start, on the critical path; with the cache its load took ~2–4 ms
// less (src/store/postgres/workerStart.ts loads it). Made by compiling only, without running
// the worker. A cache from another Node.js/V8 is rejected by V8 and the file is compiled as usual.
{
  const { default: vm } = await import('node:vm');
  const { default: Module } = await import('node:module');
  const workerFile = new URL('worker.cjs', `file://${outdir}`).pathname;
  const script = new vm.Script(Module.wrap(fs.readFileSync(workerFile, 'utf8')), { filename: workerFile });
  fs.writeFileSync(`${workerFile}.cache`, script.createCachedData());
}
