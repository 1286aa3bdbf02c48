#!/usr/bin/env node
// Thin launcher. `npm run build` (and `prepare`, so `npm ci`) type-checks and compiles with tsc,
// then bundles the CLI into dist/src/bundle/, which starts much faster than the modules tsc
// emits. When the tsc output is newer than the bundle (someone ran only `tsc`), the
// compiled modules run instead, so a stale bundle is never used.
// CommonJS (bin/package.json): a CommonJS entry runs its first line ~4 ms sooner than an ES
// module, and a PostgreSQL command starts connecting from here (README "Performance").
'use strict';
const fs = require('node:fs');
const path = require('node:path');
const { pathToFileURL } = require('node:url');

const dist = path.join(__dirname, '../dist/src');
const mtime = (name) => {
  try {
    return fs.statSync(path.join(dist, name)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundleTime = mtime('bundle/main.js');
const bundled = bundleTime >= 0 && bundleTime >= mtime('main.js');
const moduleUrl = (name) => pathToFileURL(path.join(dist, name)).href;
const args = process.argv.slice(2);

async function run() {
  // A command on a PostgreSQL database starts connecting now, on the other core, while the CLI
  // loads (src/store/postgres/early.ts). The cheap test first: a SQLite command loads nothing more.
  if (/postgres(ql)?:\/\//i.test(`${args.join(' ')} ${process.env.SHOPCTL_DB ?? ''}`)) {
    const early = bundled ? require(path.join(dist, 'bundle/early.cjs')) : await import(moduleUrl('store/postgres/early.js'));
    early.connectEarly(args, process.env);
  }
  const { main } = await import(moduleUrl(bundled ? 'bundle/main.js' : 'main.js'));
  process.exitCode = await main(args);
}

run();
