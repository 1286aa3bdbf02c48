// References are forgiving in letter case: ids (UUIDs) in upper case, names and SKUs in any case.
import { describe, expect, it } from 'vitest';
import { runJson, tempDb } from '../helpers/shop.js';

describe('references in any letter case', () => {
  it('finds a category and a product by an upper-case id, and a product by a lower-case SKU', async () => {
    const { db } = tempDb();
    const category = (await runJson(db, ['category', 'create', 'Apparel'])).id as string;
    const product = (await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', category.toUpperCase(), '--sku', 'MUG-1'])).id as string;
    expect((await runJson(db, ['product', 'show', product.toUpperCase()])).id).toBe(product);
    const restocked = await runJson(db, ['inventory', 'restock', product.toUpperCase(), '3']);
    expect(restocked.events[0].data.newTotalQuantity).toBe(3);
    expect((await runJson(db, ['product', 'show', 'mug-1'])).id).toBe(product);
    expect((await runJson(db, ['product', 'list', '--category', 'APPAREL'])).map((p: { id: string }) => p.id)).toEqual([product]);
  });
});
