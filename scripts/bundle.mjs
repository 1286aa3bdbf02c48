// Bundles the CLI into one ES module (dist/src/main.bundle.js) after `tsc` has type-checked
// and compiled it. One file loads far faster than ~60 small modules, which is what keeps a
// single command within 2× of a bare `node -e ''` (SPEC §10). Run by `npm run build`/`prepare`.
import fs from 'node:fs';
import { build } from 'esbuild';

const pkg = JSON.parse(fs.readFileSync(new URL('../package.json', import.meta.url), 'utf8'));
// Bundled: the small pure-JS libraries every command needs. Everything else stays external:
// better-sqlite3 is native; inquirer, cli-table3 and csv-parse load lazily, only when used.
const bundled = new Set(['commander', 'chalk']);
const external = Object.keys(pkg.dependencies ?? {}).filter((name) => !bundled.has(name));

await build({
  entryPoints: [new URL('../src/main.ts', import.meta.url).pathname],
  outfile: new URL('../dist/src/main.bundle.js', import.meta.url).pathname,
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  external,
  // commander is CommonJS and calls require(): give the ES module bundle a real one.
  banner: { js: "import { createRequire as __shopctlRequire } from 'node:module'; const require = __shopctlRequire(import.meta.url);" },
  logLevel: 'warning',
});
