// Running shopctl commands in-process (runCli with plain, non-terminal streams): the fast way
// to build a shop for a test; spawn the binary only for what only a process shows.
import { Readable } from 'node:stream';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';

export interface InProcessResult { code: number; stdout: string; stderr: string }

export async function cli(argv: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true) },
    stdin: Readable.from(options.input === undefined ? [] : [options.input]),
    env: { NO_COLOR: '1', CI: '1', ...options.env },
  };
  const code = await runCli(argv, io);
  return { code, stdout, stderr };
}

/** `--db db --json …` in-process, parsed; throws on a non-zero exit. */
export async function cliJson<T = any>(db: string, argv: string[], options: { input?: string; env?: Record<string, string> } = {}): Promise<T> {
  const result = await cli(['--db', db, '--json', ...argv], options);
  if (result.code !== 0) throw new Error(`shopctl ${argv.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

const PASSWORD = 'correct horse battery staple';

/** Category Apparel; MUG-1 (8.50, stock `mugStock`); customer ada@example.com. */
export async function smallShop(db: string, mugStock = 10): Promise<void> {
  await cliJson(db, ['category', 'create', 'Apparel']);
  await cliJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', String(mugStock)]);
  await cliJson(db, ['customer', 'register', '--email', 'ada@example.com', '--name', 'Ada Lovelace', '--password-stdin'], { input: `${PASSWORD}\n` });
}
