// shopctl's own product feed (docs/import.md): a product row, then one row per variant.
import { formatMinorUnits } from '../../domain/money.js';
import type { CatalogueWriter } from './exportedProduct.js';

export const shopctlWriter: CatalogueWriter = {
  header: ['sku', 'name', 'description', 'price', 'category', 'stock', 'active', 'variant_sku', 'size', 'color', 'price_modifier', 'variant_stock'],
  rows: (p) => [
    [p.sku, p.name, p.description, formatMinorUnits(p.priceMinor), p.categoryPath, String(p.onHand), p.active ? 'true' : 'false', '', '', '', '', ''],
    ...p.variants.map((v) => [
      p.sku, '', '', '', '', '', '', v.sku, v.size ?? '', v.color ?? '', formatMinorUnits(v.priceModifierMinor), String(v.onHand),
    ]),
  ],
};
