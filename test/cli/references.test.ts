// References are forgiving in letter case: ids (UUIDs) in upper case, names and SKUs in any case.
import { describe, expect, it } from 'vitest';
import { shopctlJson, tempDb } from '../helpers/cli.js';

describe('references in any letter case', () => {
  it('finds a category and a product by an upper-case id, and a product by a lower-case SKU', () => {
    const { db } = tempDb();
    const category = shopctlJson(db, ['category', 'create', 'Apparel']).id as string;
    const product = shopctlJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', category.toUpperCase(), '--sku', 'MUG-1']).id as string;
    expect(shopctlJson(db, ['product', 'show', product.toUpperCase()]).id).toBe(product);
    const restocked = shopctlJson(db, ['inventory', 'restock', product.toUpperCase(), '3']);
    expect(restocked.events[0].data.newTotalQuantity).toBe(3);
    expect(shopctlJson(db, ['product', 'show', 'mug-1']).id).toBe(product);
    expect(shopctlJson(db, ['product', 'list', '--category', 'APPAREL']).map((p: { id: string }) => p.id)).toEqual([product]);
  });
});
