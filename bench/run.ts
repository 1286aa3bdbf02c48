// npm run bench: runs every bench/*.bench.ts module (compiled) and prints each figure beside
// its bare baseline from the same run (better-sqlite3; bare `pg` for the PostgreSQL figures of
// postgres.bench.ts). Ratios matter, not absolute times.
import fs from 'node:fs';
import path from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export interface BenchFigure {
  name: string;
  /** What was measured, e.g. "rows/s". */
  unit: string;
  value: number;
  baselineName: string;
  baseline: number;
  /** The spec's target, e.g. "≥ 0.5× baseline". */
  target: string;
  /** Whether the target is met. */
  ok: boolean;
  note?: string;
}

export type BenchModule = { run: (only?: string) => Promise<BenchFigure[]> };

const here = path.dirname(fileURLToPath(import.meta.url));
const only = process.argv[2];
const modules = fs.readdirSync(here).filter((f) => f.endsWith('.bench.js')).sort();
const figures: BenchFigure[] = [];
for (const file of modules) {
  if (only && !file.startsWith(only)) continue;
  const mod = (await import(pathToFileURL(path.join(here, file)).href)) as BenchModule;
  for (const figure of await mod.run()) {
    figures.push(figure);
    const ratio = figure.value / figure.baseline;
    console.log(
      `${figure.ok ? 'ok  ' : 'MISS'} ${figure.name}: ${fmt(figure.value)} ${figure.unit} | ${figure.baselineName}: ${fmt(figure.baseline)} ${figure.unit} | ratio ${ratio.toFixed(2)} (target ${figure.target})${figure.note ? ` — ${figure.note}` : ''}`,
    );
  }
}
if (figures.length === 0) console.log('no bench modules found');

function fmt(n: number): string {
  return n >= 100 ? Math.round(n).toLocaleString('en-US') : n.toFixed(2);
}
