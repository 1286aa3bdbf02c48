// Runs shopctl in-process (runCli with a fake IO): the import and export tests need no spawn.
import { Readable } from 'node:stream';
import { runCli } from '../../src/main.js';
import type { CliIO } from '../../src/commands/io.js';

export interface InProcessResult { code: number; stdout: string; stderr: string }

export async function run(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<InProcessResult> {
  let stdout = '';
  let stderr = '';
  const io: CliIO = {
    stdout: { write: (t: string) => ((stdout += t), true) },
    stderr: { write: (t: string) => ((stderr += t), true) },
    stdin: Readable.from(options.stdin === undefined ? [] : [options.stdin]),
    env: { NO_COLOR: '1', CI: '1', SHOPCTL_NOW: '2026-01-01T00:00:00Z', ...options.env },
  };
  const code = await runCli(['--no-input', ...argv], io);
  return { code, stdout, stderr };
}

/** Runs and parses the --json document on stdout; fails with stderr when the exit code is not 0. */
export async function runJson<T = any>(argv: string[], options: { stdin?: string } = {}): Promise<T> {
  const result = await run(['--json', ...argv], options);
  if (result.code !== 0) throw new Error(`shopctl ${argv.join(' ')} → ${result.code}\n${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

export interface ProductSummary {
  sku: string; name: string; price: number; active: boolean; category: string; onHand: number; description: string;
  variants: { sku: string; size: string | null; color: string | null; modifier: number; onHand: number }[];
}

/** Every product (active or not) by SKU, in a shape easy to compare. */
export async function catalogueOf(db: string): Promise<Record<string, ProductSummary>> {
  const products = await runJson<any[]>(['--db', db, 'product', 'list', '--all']);
  return Object.fromEntries(products.map((p) => [p.sku, {
    sku: p.sku, name: p.name, price: p.price.amount, active: p.active, category: p.categoryPath, onHand: p.onHand,
    description: p.description,
    variants: p.variants.map((v: any) => ({ sku: v.sku, size: v.size, color: v.color, modifier: v.priceModifier.amount, onHand: v.onHand }))
      .sort((a: any, b: any) => a.sku.localeCompare(b.sku)),
  }]));
}
