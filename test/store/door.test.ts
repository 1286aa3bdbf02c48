// The store's door: one read interface inside a transaction, whichever way the transaction
// keeps its read-model writes (SQL at once, or a write-back cache until commit).
import { describe, expect, it } from 'vitest';
import { createCategory, createProduct } from '../../src/app/catalogue.js';
import { perform } from '../../src/app/outcome.js';
import { ShopApp } from '../../src/app/shopApp.js';
import { tempDb } from '../helpers/cli.js';

describe('store reads inside a transaction', () => {
  for (const readModels of ['sql', 'cached'] as const) {
    it(`see the transaction's own writes (${readModels} read models)`, () => {
      const app = new ShopApp({ dbPath: tempDb().db, fixedNow: '2026-01-01T00:00:00Z' });
      try {
        const seen = app.execute('Test', (uow, info) => {
          const categoryId = createCategory(app, uow, info, { name: 'Kitchen' });
          const productId = createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
          return {
            category: app.store.catalogue.findCategory('KITCHEN')?.id === categoryId,
            product: app.store.catalogue.findProduct('mug-1'),
            stock: app.store.catalogue.inventoryItem(app.store.catalogue.product(productId)!.inventoryId)?.onHand,
            listed: app.store.productViews.products({}).map((p) => p.sku),
          };
        }, { readModels }).value;
        expect(seen.category).toBe(true);
        expect(seen.product).toMatchObject({ name: 'Mug', sku: 'MUG-1', active: true });
        expect(seen.stock).toBe(3);
        expect(seen.listed).toEqual(['MUG-1']);
        // ...and what was held in memory is written at commit.
        expect(app.store.catalogue.findProduct('MUG-1')?.active).toBe(true);
      } finally {
        app.close();
      }
    });
  }

  it('returns parsed views: a product is active as a boolean, an unknown order is undefined', () => {
    const app = new ShopApp({ dbPath: tempDb().db });
    try {
      perform(app, createCategory, { name: 'Kitchen' });
      expect(app.store.orders.order('00000000-0000-4000-8000-000000000000')).toBeUndefined();
      const product = app.store.catalogue.findProduct(perform(app, createProduct, { name: 'Mug', priceMinor: 850, category: 'Kitchen' }).id);
      expect(product?.active).toBe(true);
    } finally {
      app.close();
    }
  });
});
