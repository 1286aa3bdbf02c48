// catalogue.itemLookup (what restock and reserve read to name a sellable unit: one round trip on
// PostgreSQL) answers exactly what the separate reads it replaced answer — skuOwner, the owner's
// variant, findProduct without its id-prefix fallback, and that product's variants — for every
// kind of reference, on both stores.
import { randomUUID } from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { openShopStore } from '../../src/store/index.js';
import { runIn } from '../helpers/shop.js';
import { freshDatabase } from './support.js';

const ids = () => ({ newId: randomUUID, eventId: () => randomUUID() });

async function buildShop(db: string): Promise<void> {
  const steps = [
    ['category', 'create', 'Apparel'],
    ['product', 'create', '--name', 'Tee', '--price', '10', '--category', 'Apparel', '--sku', 'TEE-1'],
    ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M'],
    ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L'],
    ['product', 'create', '--name', 'Mug', '--price', '5', '--category', 'Apparel', '--sku', 'MUG-1'],
    ['product', 'create', '--name', 'Plate', '--price', '5', '--category', 'Apparel'],
  ];
  for (const args of steps) {
    const result = await runIn(db, args);
    expect(result.code, `${args.join(' ')}: ${result.stderr}`).toBe(0);
  }
}

describe('catalogue.itemLookup', () => {
  it('answers what skuOwner, variant, findProduct and variants answer, for each kind of reference, on both stores', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'shop.db');
    const url = await freshDatabase();
    for (const db of [file, url]) {
      await buildShop(db);
      const store = openShopStore(db, ids);
      try {
        const catalogue = store.catalogue;
        const products = (await runIn(db, ['--json', 'product', 'list'])).stdout;
        const plateId = (JSON.parse(products) as { id: string; name: string }[]).find((p) => p.name === 'Plate')!.id;
        const mugId = (JSON.parse(products) as { id: string; name: string }[]).find((p) => p.name === 'Mug')!.id;
        // A variant SKU, a product SKU (with and without variants), ids (also upper-case and padded),
        // a prefix (left to findProduct), nothing at all.
        for (const ref of ['TEE-1-M', 'tee-1-l', 'TEE-1', ' MUG-1 ', plateId, mugId.toUpperCase(), plateId.slice(0, 8), 'NOPE']) {
          const owner = catalogue.skuOwner(ref);
          const byIdOrSku = catalogue.findProduct(ref);
          const prefixOnly = owner === undefined && catalogue.product(ref) === undefined;
          const found = catalogue.itemLookup(ref);
          expect(found.owner, ref).toEqual(owner);
          expect(found.ownerVariant, ref).toEqual(owner?.variantId ? catalogue.variant(owner.variantId) : undefined);
          expect(found.product, ref).toEqual(prefixOnly ? undefined : byIdOrSku);
          expect(found.variants, ref).toEqual(found.product ? catalogue.variants(found.product.id) : []);
        }
        expect(catalogue.itemLookup('TEE-1').variants.map((v) => v.sku)).toEqual(['TEE-1-M', 'TEE-1-L']);
      } finally {
        store.close();
      }
    }
  });

  it('restock names its item through it, and by a unique id prefix where nothing else matches, on both stores', async () => {
    const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'shop.db');
    const url = await freshDatabase();
    for (const db of [file, url]) {
      await buildShop(db);
      type Listed = { id: string; name: string; variants: { id: string; sku: string }[] };
      const listed = JSON.parse((await runIn(db, ['--json', 'product', 'list'])).stdout) as Listed[];
      const named = (name: string) => listed.find((p) => p.name === name)!;
      const [tee, mug, plate] = [named('Tee'), named('Mug'), named('Plate')];
      const medium = tee.variants.find((v) => v.sku === 'TEE-1-M')!.id;
      // A variant SKU, a product SKU in another case, a unique prefix of an id that is no SKU.
      for (const [ref, productId, variantId] of [['TEE-1-M', tee.id, medium], ['mug-1', mug.id, null], [plate.id.slice(0, 8), plate.id, null]] as const) {
        const restocked = await runIn(db, ['--json', 'inventory', 'restock', ref, '3']);
        expect(restocked.code, `${ref}: ${restocked.stderr}`).toBe(0);
        const { data } = (JSON.parse(restocked.stdout) as { events: { data: { productId: string; variantId: string | null } }[] }).events[0]!;
        expect([data.productId, data.variantId], ref).toEqual([productId, variantId]);
      }
      const refused = [['TEE-1', 'VARIANT_REQUIRED'], ['NOPE', 'PRODUCT_NOT_FOUND']] as const;
      for (const [ref, code] of refused) {
        const result = await runIn(db, ['--json', 'inventory', 'restock', ref, '3']);
        expect(result.code, ref).not.toBe(0);
        expect((JSON.parse(result.stderr) as { error: { code: string } }).error.code, ref).toBe(code);
      }
    }
  });
});
