// Short names over the shared in-process runner (./shop.ts) used by the terminal and report
// tests: plain, non-terminal streams; spawn the binary only for what only a process shows.
import { run, runJson, type InProcessOptions, type RunResult } from './shop.js';

export type InProcessResult = RunResult;

export function cli(argv: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<InProcessResult> {
  return run(argv, options satisfies InProcessOptions);
}

/** `--db db --json …` in-process, parsed; throws on a non-zero exit. */
export function cliJson<T = any>(db: string, argv: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<T> {
  return runJson<T>(db, argv, options);
}

const PASSWORD = 'correct horse battery staple';

/** Category Apparel; MUG-1 (8.50, stock `mugStock`); customer ada@example.com. */
export async function smallShop(db: string, mugStock = 10): Promise<void> {
  await cliJson(db, ['category', 'create', 'Apparel']);
  await cliJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', String(mugStock)]);
  await cliJson(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada Lovelace', '--password-stdin'], { input: `${PASSWORD}\n` });
}
