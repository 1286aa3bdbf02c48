// `shopctl export products`: the whole catalogue (products, variants, prices, categories,
// active flag, stock on hand) as a CSV the matching import reads back to the same catalogue.
// Rows are streamed from one query and written in chunks: memory does not grow with the shop.
import type { CatalogueExportRow } from '../../store/index.js';
import type { OutputSink as ExportSink } from '../output/index.js';
import type { ShopApp } from '../shopApp.js';
import { csvLine } from '../output/index.js';
import type { CatalogueWriter, ExportedProduct } from './exportedProduct.js';
import { shopctlWriter } from './shopctlWriter.js';
import { shopifyWriter } from './shopifyWriter.js';
import { wooCommerceWriter } from './wooCommerceWriter.js';

export type CatalogueFormat = 'shopctl' | 'shopify' | 'woocommerce';
export const CATALOGUE_FORMATS: readonly CatalogueFormat[] = ['shopctl', 'shopify', 'woocommerce'];

const WRITERS: Record<CatalogueFormat, CatalogueWriter> = { shopctl: shopctlWriter, shopify: shopifyWriter, woocommerce: wooCommerceWriter };

/** A product created without a SKU is exported under `P-` and the start of its id (every format groups rows by SKU). */
export const UNNAMED_SKU_PREFIX = 'P-';

export interface CatalogueExportSummary {
  format: CatalogueFormat;
  products: number;
  variants: number;
  /** Data rows written (without the header). */
  rows: number;
}

const CHUNK_CHARS = 64 * 1024;

export async function exportCatalogue(app: ShopApp, format: CatalogueFormat, sink: ExportSink): Promise<CatalogueExportSummary> {
  const writer = WRITERS[format];
  const summary: CatalogueExportSummary = { format, products: 0, variants: 0, rows: 0 };
  let chunk = csvLine(writer.header);
  const flush = async (force: boolean) => {
    if (chunk.length === 0 || (!force && chunk.length < CHUNK_CHARS)) return;
    const text = chunk;
    chunk = '';
    await sink.write(text);
  };
  const emit = async (product: ExportedProduct) => {
    summary.products++;
    summary.variants += product.variants.length;
    for (const cells of writer.rows(product)) {
      chunk += csvLine(cells);
      summary.rows++;
    }
    await flush(false);
  };
  try {
    // The iterator stays open across the writes' awaits: nothing else uses the connection meanwhile.
    let current: ExportedProduct | undefined;
    let currentId = '';
    for (const row of app.store.catalogueExport.iterate(UNNAMED_SKU_PREFIX)) {
      if (row.productId !== currentId) {
        if (current) await emit(current);
        current = productOf(row);
        currentId = row.productId;
      }
      if (row.variantSku !== null) current!.variants.push(variantOf(row));
    }
    if (current) await emit(current);
    await flush(true);
    await sink.finish();
  } catch (error) {
    await sink.abort();
    throw error;
  }
  return summary;
}

function productOf(row: CatalogueExportRow): ExportedProduct {
  return {
    sku: row.sku ?? `${UNNAMED_SKU_PREFIX}${row.productId.slice(0, 8).toUpperCase()}`,
    name: row.name, description: row.description, priceMinor: row.price, active: row.active,
    categoryPath: row.categoryPath, onHand: row.onHand, variants: [],
  };
}

function variantOf(row: CatalogueExportRow) {
  return {
    sku: row.variantSku!, size: row.size, color: row.color, priceModifierMinor: row.priceModifier ?? 0, onHand: row.variantOnHand ?? 0,
  };
}
