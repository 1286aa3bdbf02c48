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
const args = process.argv.slice(2);
// A command on a PostgreSQL database starts connecting now, on the other core, while the CLI
// loads (src/store/postgres/early.ts). The cheap test first: a SQLite command loads nothing more.
if (/postgres(ql)?:\/\//i.test(`${args.join(' ')} ${process.env.SHOPCTL_DB ?? ''}`)) {
  const early = entry === 'bundle/main.js' ? 'bundle/early.js' : 'store/postgres/early.js';
  (await import(new URL(early, dist).href)).connectEarly(args, process.env);
}
const { main } = await import(new URL(entry, dist).href);

main(args).then((code) => {
  process.exitCode = code;
});
