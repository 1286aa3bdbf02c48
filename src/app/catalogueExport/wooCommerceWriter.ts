// WooCommerce's product CSV (the columns its importer reads): a simple product, or a variable
// product followed by its variations naming it by SKU in Parent. A product not for sale is a
// draft (Published -1). A variable product's own stock is not exported (WooCommerce keeps
// stock per variation).
import { formatMinorUnits } from '../../domain/money.js';
import { textToHtml } from '../import/formats/htmlText.js';
import type { CatalogueWriter } from './exportedProduct.js';

export const wooCommerceWriter: CatalogueWriter = {
  header: [
    'Type', 'SKU', 'Name', 'Published', 'Description', 'Regular price', 'Stock', 'Categories', 'Parent',
    'Attribute 1 name', 'Attribute 1 value(s)', 'Attribute 2 name', 'Attribute 2 value(s)',
  ],
  rows: (p) => {
    const published = p.active ? '1' : '-1';
    // A comma inside a category name is escaped: Categories is a comma-separated list.
    const category = p.categoryPath.replace(/,/g, '\\,');
    const price = formatMinorUnits(p.priceMinor);
    if (p.variants.length === 0) {
      return [['simple', p.sku, p.name, published, textToHtml(p.description), price, String(p.onHand), category, '', '', '', '', '']];
    }
    const attributes: ['Size' | 'Color', (v: (typeof p.variants)[number]) => string | null][] = [];
    if (p.variants.some((v) => v.size)) attributes.push(['Size', (v) => v.size]);
    if (p.variants.some((v) => v.color)) attributes.push(['Color', (v) => v.color]);
    const cells = (values: (name: number) => string) => [0, 1].flatMap((at) => [attributes[at]?.[0] ?? '', attributes[at] ? values(at) : '']);
    const parent = ['variable', p.sku, p.name, published, textToHtml(p.description), price, '', category, '',
      ...cells((at) => [...new Set(p.variants.map((v) => attributes[at][1](v) ?? '').filter(Boolean))].join(', '))];
    return [parent, ...p.variants.map((v) => {
      const values = attributes.map(([, of]) => of(v) ?? '').filter(Boolean);
      return ['variation', v.sku, `${p.name} - ${values.join(', ')}`, '', '', formatMinorUnits(p.priceMinor + v.priceModifierMinor),
        String(v.onHand), '', p.sku, ...cells((at) => attributes[at][1](v) ?? '')];
    })];
  },
};
