// WooCommerce's product CSV (its built-in exporter's columns) → product-feed rows. Simple and
// variable products become products; variations become variants of the parent their `Parent`
// cell names (`id:N` or the parent's SKU). A variation read before its parent, and a variable
// product without a price before its first variation, are held back until what they wait for
// is read (at most MAX_HELD rows). The mapping rules are in docs/import.md.
import { derivedSku, variantAttributeOf } from '../../../domain/foreignCatalogue.js';
import { checkPriceText, shown } from '../../../domain/importRows.js';
import { formatMinorUnits } from '../../../domain/money.js';
import { ProductFeed, type FeedColumn, type FeedRow } from '../productFeed.js';
import { rowProblem, type RowProblem } from '../problems.js';
import type { ImportFormat, ImportOptions, ImportRow, RowOutcome, SettleRow } from '../runImport.js';
import { htmlToText } from './htmlText.js';
import { notImportedWarning } from './ignoredColumns.js';

/** Rows held back at once (variations before their parent); past it, such rows are rejected. */
export const MAX_HELD = 10_000;
/** Parents remembered for the variations that follow them (oldest forgotten first). */
const MAX_PARENTS = 100_000;
const ATTRIBUTES = [1, 2, 3] as const;

const LABEL: Record<FeedColumn, string> = {
  sku: 'SKU', name: 'Name', description: 'Description', price: 'Regular price', category: 'Categories', stock: 'Stock',
  active: 'Published', variant_sku: 'SKU', size: 'Attribute 1 value(s)', color: 'Attribute 1 value(s)', price_modifier: 'Regular price',
  variant_stock: 'Stock',
};

export const wooCommerceFormat: ImportFormat = {
  name: 'woocommerce',
  columns: {
    required: [['type'], ['sku'], ['name'], ['regular price']],
    optional: ['id', 'parent', 'published', 'description', 'stock', 'categories',
      ...ATTRIBUTES.flatMap((n) => [`attribute ${n} name`, `attribute ${n} value(s)`])],
  },
  ignoredColumns: (unknown, fileName) => notImportedWarning('WooCommerce', unknown, fileName),
  importer: (app, uow, options, settle) => {
    const feed = new ProductFeed(app, uow, options, (column) => LABEL[column]);
    const rows = new WooRows(feed, options, settle);
    return {
      keepApplyingAfterProblem: true,
      row: (row) => rows.row(row),
      finish: () => {
        rows.finish();
        feed.finish();
      },
      changes: () => ({ ...feed.changes, skusDerived: rows.skusDerived, productsSkipped: rows.productsSkipped }),
    };
  },
};

interface Parent {
  sku: string;
  line: number;
  priceMinor?: number;
  rejectedAt?: number;
}

/** A variable product without a price, waiting for its first variation's. */
interface HeldParent {
  row: ImportRow;
  keys: string[];
}

class WooRows {
  skusDerived = 0;
  productsSkipped = 0;
  private readonly parents = new Map<string, Parent>();
  private readonly heldParents = new Map<string, HeldParent>();
  /** Variations read before their parent, by the parent key they name. */
  private readonly heldVariations = new Map<string, ImportRow[]>();
  private held = 0;

  constructor(private readonly feed: ProductFeed, private readonly options: ImportOptions, private readonly settle: SettleRow) {}

  row(row: ImportRow): RowOutcome {
    const types = (row.value('type') ?? '').split(',').map((t) => t.trim().toLowerCase()).filter(Boolean);
    if (types.includes('grouped') || types.includes('external') || (types.includes('virtual') && types.includes('downloadable'))) {
      this.productsSkipped++;
      return 'skipped';
    }
    if (types.includes('variation')) return this.variation(row);
    if (types.includes('variable')) return this.variable(row);
    if (types.includes('simple')) return this.product(row, undefined).outcome;
    return rowProblem(row.line, 'Type', 'UNSUPPORTED_PRODUCT_TYPE', types.length === 0
      ? 'is empty (simple, variable or variation)'
      : `${shown(row.value('type') ?? '')} is not a product type shopctl imports (simple, variable, variation; grouped, external and downloadable-only products are skipped)`);
  }

  /** After the last row: whatever still waits cannot be imported. */
  finish(): void {
    for (const parent of new Set(this.heldParents.values())) {
      this.settle(parent.row, rowProblem(parent.row.line, 'Regular price', 'MISSING_VALUE',
        'is empty, and no variation of this variable product has a price'));
    }
    for (const [key, variations] of this.heldVariations) {
      for (const variation of variations) {
        this.settle(variation, rowProblem(variation.line, 'Parent', 'PRODUCT_NOT_FOUND',
          `no variable product ${shown(key)} in the file`));
      }
    }
    this.heldParents.clear();
    this.heldVariations.clear();
  }

  private keysOf(row: ImportRow): string[] {
    const keys: string[] = [];
    const id = row.value('id')?.trim() ?? '';
    if (id !== '') keys.push(`id:${id}`);
    const sku = row.value('sku')?.trim() ?? '';
    if (sku !== '') keys.push(sku.toLowerCase());
    return keys;
  }

  private variable(row: ImportRow): RowOutcome {
    const keys = this.keysOf(row);
    if ((row.value('regular price') ?? '').trim() !== '') return this.parentWithPrice(row, keys, undefined);
    // No price of its own: the first variation's price is the product's.
    const waiting = this.waitingFor(keys)[0];
    const price = waiting && checkPriceText(waiting.value('regular price') ?? '');
    if (price && price.ok) return this.parentWithPrice(row, keys, price.value);
    if (this.held >= MAX_HELD) return this.tooManyHeld(row);
    const held = { row: row.keep(), keys };
    keys.forEach((key) => this.heldParents.set(key, held));
    this.held++;
    return 'held';
  }

  /** Imports a variable product, then the variations that waited for it. */
  private parentWithPrice(row: ImportRow, keys: string[], priceMinor: number | undefined): RowProblem | null {
    const { outcome, parent } = this.product(row, priceMinor);
    // A parent without SKU in the file is also found by the SKU derived for it.
    for (const key of new Set([...keys, parent.sku.toLowerCase()])) {
      if (this.parents.size >= MAX_PARENTS) this.parents.delete(this.parents.keys().next().value!);
      this.parents.set(key, parent);
    }
    const waiting = this.waitingFor(keys);
    keys.forEach((key) => this.heldVariations.delete(key));
    this.held -= waiting.length;
    for (const variation of waiting) this.settle(variation, this.variationOf(variation, parent));
    return outcome;
  }

  /** The variations held for a parent (named by id or by SKU), in file order. */
  private waitingFor(keys: string[]): ImportRow[] {
    return keys.flatMap((key) => this.heldVariations.get(key) ?? []).sort((a, b) => a.line - b.line);
  }

  private variation(row: ImportRow): RowOutcome {
    const ref = (row.value('parent') ?? '').trim();
    if (ref === '') return rowProblem(row.line, 'Parent', 'MISSING_VALUE', 'is empty (a variation names its variable product: id:N or its SKU)');
    const key = /^id:\s*\d+$/i.test(ref) ? `id:${ref.slice(3).trim()}` : ref.toLowerCase();
    const parent = this.parents.get(key);
    if (parent) return this.variationOf(row, parent);
    const heldParent = this.heldParents.get(key);
    if (heldParent) {
      // The parent waited for a price: this variation's is it.
      const price = checkPriceText(row.value('regular price') ?? '');
      if (!price.ok) return rowProblem(row.line, 'Regular price', price.problem.code, price.problem.reason);
      heldParent.keys.forEach((k) => this.heldParents.delete(k));
      this.held--;
      this.settle(heldParent.row, this.parentWithPrice(heldParent.row, heldParent.keys, price.value));
      return this.variationOf(row, this.parents.get(key)!);
    }
    if (this.held >= MAX_HELD) return this.tooManyHeld(row);
    const list = this.heldVariations.get(key) ?? [];
    list.push(row.keep());
    this.heldVariations.set(key, list);
    this.held++;
    return 'held';
  }

  private tooManyHeld(row: ImportRow): RowProblem {
    return rowProblem(row.line, 'Parent', 'PRODUCT_NOT_FOUND',
      `more than ${MAX_HELD.toLocaleString('en-US')} rows wait for a parent not read yet; put variable products before their variations`);
  }

  /** A simple or variable product (a variable one may take its price from its first variation). */
  private product(row: ImportRow, priceMinor: number | undefined): { outcome: RowProblem | null; parent: Parent } {
    let sku = (row.value('sku') ?? '').trim();
    if (sku === '') {
      sku = derivedSku(row.value('name') ?? '', []);
      this.skusDerived++;
    }
    const parent: Parent = { sku, line: row.line };
    const fail = (problem: RowProblem) => {
      parent.rejectedAt = row.line;
      return { outcome: problem, parent };
    };
    const published = (row.value('published') ?? '').trim();
    if (!['', '1', '0', '-1'].includes(published)) {
      return fail(rowProblem(row.line, 'Published', 'INVALID_FLAG', `${shown(published)} is not 1, 0 or -1`));
    }
    const category = firstCategory(row.value('categories') ?? '') || this.options.defaultCategory?.trim() || '';
    if (category === '') {
      return fail(rowProblem(row.line, 'Categories', 'MISSING_CATEGORY', 'is empty; give a category, or --default-category <name>'));
    }
    const priceText = priceMinor === undefined ? row.value('regular price') ?? '' : formatMinorUnits(priceMinor);
    const price = checkPriceText(priceText);
    if (price.ok) parent.priceMinor = price.value;
    const values: Partial<Record<FeedColumn, string>> = {
      sku, name: row.value('name'), description: htmlToText(row.value('description') ?? ''), price: priceText, category,
      stock: row.value('stock'),
    };
    const outcome = this.feed.product({ line: row.line, value: (c) => values[c], active: published === '' || published === '1' });
    if (outcome) parent.rejectedAt = row.line;
    return { outcome, parent };
  }

  private variationOf(row: ImportRow, parent: Parent): RowProblem | null {
    if (parent.rejectedAt !== undefined || parent.priceMinor === undefined) {
      return rowProblem(row.line, 'Parent', 'PRODUCT_NOT_FOUND',
        `variable product ${shown(parent.sku)} was not imported (its row, line ${parent.line}, was rejected)`);
    }
    const values: Partial<Record<FeedColumn, string>> = { sku: parent.sku, variant_stock: row.value('stock') };
    const optionValues: string[] = [];
    for (const n of ATTRIBUTES) {
      const name = (row.value(`attribute ${n} name`) ?? '').trim();
      if (name === '') continue;
      const attribute = variantAttributeOf(name);
      if (!attribute || values[attribute] !== undefined) {
        return rowProblem(row.line, `Attribute ${n} name`, 'UNSUPPORTED_OPTION', attribute
          ? `attribute ${shown(name)} is a second ${attribute === 'size' ? 'size' : 'colour'}; a variant has one size and one colour`
          : `attribute ${shown(name)} is not supported: only Size and Color/Colour attributes become a variant's size and colour`);
      }
      const text = (row.value(`attribute ${n} value(s)`) ?? '').trim();
      values[attribute] = text;
      optionValues.push(text);
    }
    const priceText = (row.value('regular price') ?? '').trim();
    if (priceText === '') {
      values.price_modifier = '0';
    } else {
      const price = checkPriceText(priceText);
      if (!price.ok) return rowProblem(row.line, 'Regular price', price.problem.code, price.problem.reason);
      values.price_modifier = formatMinorUnits(price.value - parent.priceMinor);
    }
    let sku = (row.value('sku') ?? '').trim();
    if (sku === '') {
      sku = derivedSku(parent.sku, optionValues);
      this.skusDerived++;
    }
    values.variant_sku = sku;
    const variant: FeedRow = { line: row.line, value: (c) => values[c] };
    return this.feed.variant(variant);
  }
}

/** The first of a comma-separated list (`\,` is a comma inside a name); `>` separates levels. */
export function firstCategory(text: string): string {
  const first = text.split(/(?<!\\),/)[0] ?? '';
  return first.replace(/\\,/g, ',').trim();
}
