// Shopify's product CSV (the long-standing header): one row per variant, grouped by handle.
// The handle is the product's SKU in lower case, so the import (which upper-cases handles)
// gives the product its SKU back. The category goes into Type (free text in Shopify; Product
// Category only takes Shopify's own taxonomy). A product's own stock is exported only when it
// has no variants (Shopify keeps stock per variant).
import { formatMinorUnits } from '../../domain/money.js';
import { textToHtml } from '../import/formats/htmlText.js';
import type { CatalogueWriter, ExportedProduct } from './exportedProduct.js';

const HEADER = [
  'Handle', 'Title', 'Body (HTML)', 'Product Category', 'Type', 'Published', 'Option1 Name', 'Option1 Value', 'Option2 Name',
  'Option2 Value', 'Variant SKU', 'Variant Inventory Qty', 'Variant Price', 'Status',
];

export const shopifyWriter: CatalogueWriter = {
  header: HEADER,
  rows: (p) => {
    const handle = p.sku.toLowerCase();
    const published = p.active ? 'true' : 'false';
    const status = p.active ? 'active' : 'draft';
    const product = [handle, p.name, textToHtml(p.description), '', p.categoryPath, published];
    if (p.variants.length === 0) {
      return [[...product, 'Title', 'Default Title', '', '', p.sku, String(p.onHand), formatMinorUnits(p.priceMinor), status]];
    }
    const names = optionNames(p);
    return p.variants.map((v, at) => {
      const values = names.map((name) => (name === 'Size' ? v.size : v.color) ?? '');
      const options = [names[0] ?? '', values[0] ?? '', names[1] ?? '', values[1] ?? ''];
      const variant = [v.sku, String(v.onHand), formatMinorUnits(p.priceMinor + v.priceModifierMinor)];
      return at === 0
        ? [...product, ...options, ...variant, status]
        : [handle, '', '', '', '', '', '', options[1], '', options[3], ...variant, ''];
    });
  },
};

/** Size first, then Color, each only when some variant has one. */
function optionNames(p: ExportedProduct): string[] {
  const names: string[] = [];
  if (p.variants.some((v) => v.size)) names.push('Size');
  if (p.variants.some((v) => v.color)) names.push('Color');
  return names;
}
