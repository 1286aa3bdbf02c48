// The import and export tests' shorthand over the shared in-process runner (../helpers/shop.ts):
// never prompting, and a fixed clock unless the test gives another.
import { run as runShopctl, type RunResult } from '../helpers/shop.js';

export type InProcessResult = RunResult;

export function run(argv: string[], options: { stdin?: string; env?: Record<string, string> } = {}): Promise<InProcessResult> {
  return runShopctl(['--no-input', ...argv], { input: options.stdin, env: { SHOPCTL_NOW: '2026-01-01T00:00:00Z', ...options.env } });
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
