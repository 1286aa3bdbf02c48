#!/usr/bin/env node
// Thin launcher. `npm run build` (and `prepare`, so `npm ci`) type-checks and compiles with tsc,
// then bundles the CLI into dist/src/bundle/, which starts much faster than the modules tsc
// emits. When the tsc output is newer than the bundle (someone ran only `tsc`), the
// compiled modules run instead, so a stale bundle is never used.
import fs from 'node:fs';

const dist = new URL('../dist/src/', import.meta.url);
const mtime = (name) => {
  try {
    return fs.statSync(new URL(name, dist)).mtimeMs;
  } catch {
    return -1;
  }
};
const bundleTime = mtime('bundle/main.js');
const entry = bundleTime >= 0 && bundleTime >= mtime('main.js') ? 'bundle/main.js' : 'main.js';
const { main } = await import(new URL(entry, dist).href);

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code;
});
