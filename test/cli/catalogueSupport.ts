// Shared steps for the catalogue CLI tests: a small shop, and checks on failed runs.
import { expect } from 'vitest';
import { eventsOf, shopctl, shopctlJson, type RunResult } from '../helpers/cli.js';

/** Runs shopctl with --db and --json (the caller checks the exit code). */
export function run(db: string, args: string[], env?: Record<string, string | undefined>): RunResult {
  return shopctl(['--db', db, '--json', ...args], { env });
}

export { expectFailure } from '../helpers/cli.js';

export interface Shop {
  apparelId: string; shirtsId: string; teeId: string; mugId: string; variantM: string; variantL: string;
}

/** Apparel > Shirts; a T-shirt (TEE-1) with variants TEE-1-M and TEE-1-L; a mug (MUG-1) with stock 3. */
export function smallShop(db: string): Shop {
  const apparelId = shopctlJson(db, ['category', 'create', 'Apparel']).id;
  const shirtsId = shopctlJson(db, ['category', 'create', 'Shirts', '--parent', 'Apparel']).id;
  const teeId = shopctlJson(db, ['product', 'create', '--name', 'T-shirt', '--price', '19.99', '--category', 'Shirts', '--sku', 'TEE-1']).id;
  const mugId = shopctlJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '3']).id;
  const variantM = shopctlJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M']).id;
  const variantL = shopctlJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L', '--color', 'red', '--price-modifier', '2.00']).id;
  return { apparelId, shirtsId, teeId, mugId, variantM, variantL };
}
