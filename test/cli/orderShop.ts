// Shared setup for the customer/cart/order CLI tests: a small shop built through the CLI.
import { expect } from 'vitest';
import { shopctl, shopctlJson, type RunOptions, type RunResult } from '../helpers/cli.js';

export const PASSWORD = 'Tr0ub4dor&3-horse-staple';
export const ADDRESS = ['--name', 'Ada Lovelace', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];

export interface Shop { db: string; mug: string; tee: string; teeM: string; teeL: string }

/** Category Apparel; MUG-1 (8.50, stock `mugStock`); TEE-1 (19.99) with TEE-1-M (+2.00) and TEE-1-L (+0), stock 5 each. */
export function buildShop(db: string, mugStock = 10, options: RunOptions = {}): Shop {
  shopctlJson(db, ['category', 'create', 'Apparel'], options);
  const mug = shopctlJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', String(mugStock)], options).id;
  const tee = shopctlJson(db, ['product', 'create', '--name', 'T-shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'TEE-1'], options).id;
  const teeM = shopctlJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M', '--price-modifier', '2.00'], options).id;
  const teeL = shopctlJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L'], options).id;
  shopctlJson(db, ['inventory', 'restock', 'TEE-1-M', '5'], options);
  shopctlJson(db, ['inventory', 'restock', 'TEE-1-L', '5'], options);
  return { db, mug, tee, teeM, teeL };
}

export function register(db: string, email: string, name = 'Ada Lovelace', options: RunOptions = {}): string {
  return shopctlJson(db, ['customer', 'register', '--email', email, '--name', name, '--password-stdin'], { input: `${PASSWORD}\n`, ...options }).id;
}

export function run(db: string, args: string[], options: RunOptions = {}): RunResult {
  return shopctl(['--db', db, ...args], options);
}

export { expectFailure } from '../helpers/cli.js';

export function inventoryOf(db: string, sku: string): { onHand: number; reserved: number; available: number } {
  const items = shopctlJson(db, ['inventory', 'list']) as { sku: string; onHand: number; reserved: number; available: number }[];
  const item = items.find((i) => i.sku === sku);
  if (!item) throw new Error(`no inventory for ${sku}`);
  return { onHand: item.onHand, reserved: item.reserved, available: item.available };
}
