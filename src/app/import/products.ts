// `shopctl import products`: a product file in shopctl's own feed format, or a Shopify or
// WooCommerce product export (docs/import.md). The format is --format, else recognised from
// the header. Every format goes through the same feed engine (productFeed.ts), so a new SKU is
// created, an existing one only gets a price update when the price changed, and running the
// same file again writes no events.
import { flagValue } from '../../domain/foreignCatalogue.js';
import { shown } from '../../domain/importRows.js';
import type { ShopApp } from '../shopApp.js';
import { ProductFeed, type FeedColumn } from './productFeed.js';
import { rowProblem } from './problems.js';
import { shopifyFormat } from './formats/shopify.js';
import { wooCommerceFormat } from './formats/woocommerce.js';
import {
  runImport, type ImportFormat, type ImportKindSpec, type ImportOptions, type ImportReport, type ProductFileFormat,
} from './runImport.js';

/** shopctl's own product feed: one row per product, then one per variant (`variant_sku`). */
export const shopctlFeedFormat: ImportFormat = {
  name: 'shopctl',
  columns: {
    required: [['sku'], ['name'], ['price'], ['category']],
    optional: ['description', 'stock', 'active', 'variant_sku', 'size', 'color', 'price_modifier', 'variant_stock'],
  },
  importer: (app, uow, options) => {
    const feed = new ProductFeed(app, uow, options);
    return {
      // A rejected product makes its variant rows fail too; keep applying so those show up.
      keepApplyingAfterProblem: true,
      row(row) {
        const activeText = row.value('active') ?? '';
        const active = flagValue(activeText, true);
        if (active === undefined) return rowProblem(row.line, 'active', 'INVALID_FLAG', `${shown(activeText)} is not true or false`);
        return feed.row({ line: row.line, value: (column: FeedColumn) => row.value(column), active });
      },
      finish: () => feed.finish(),
      changes: () => ({ ...feed.changes }),
    };
  },
};

export const PRODUCT_FILE_FORMATS: Record<ProductFileFormat, ImportFormat> = {
  shopctl: shopctlFeedFormat,
  shopify: shopifyFormat,
  woocommerce: wooCommerceFormat,
};

export const productsImport: ImportKindSpec = {
  kind: 'products',
  command: 'ImportProducts',
  // Rows read what earlier rows created (a variant's product, a new category): SQL read models.
  readModels: 'sql',
  refuseRepeat: false,
  formatOf: (names, options) => options.format
    ? { format: PRODUCT_FILE_FORMATS[options.format], recognised: false }
    : { format: PRODUCT_FILE_FORMATS[recogniseFormat(names)], recognised: true },
};

/**
 * Shopify files name their products by `Handle` (or `URL handle`); WooCommerce files have a
 * `Type` and a `Regular price`; anything else is read as shopctl's own feed (whose missing
 * columns are then reported as such).
 */
export function recogniseFormat(names: string[]): ProductFileFormat {
  const has = (name: string) => names.includes(name);
  if (has('handle') || has('url handle')) return 'shopify';
  if (has('type') && has('regular price')) return 'woocommerce';
  return 'shopctl';
}

export function importProducts(app: ShopApp, options: ImportOptions): Promise<ImportReport> {
  return runImport(app, productsImport, options);
}
