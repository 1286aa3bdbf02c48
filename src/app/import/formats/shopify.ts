// Shopify's product CSV (both header generations) → product-feed rows. One row per variant,
// rows grouped by handle: the first row of a handle carries the product (and its first
// variant), later rows are its other variants or image-only rows. Only the current handle's
// group is kept in memory. The mapping rules are in docs/import.md.
import {
  derivedSku, flagValue, isDefaultTitleOption, isInactiveStatus, lastCategoryLevels, skuOfHandle, variantAttributeOf,
  type VariantAttribute,
} from '../../../domain/foreignCatalogue.js';
import { checkPriceText, shown, type ImportProblemCode } from '../../../domain/importRows.js';
import { formatMinorUnits } from '../../../domain/money.js';
import { ProductFeed, type FeedColumn, type FeedRow } from '../productFeed.js';
import { rowProblem, type RowProblem } from '../problems.js';
import type { ImportFormat, ImportRow, RowOutcome } from '../runImport.js';
import { htmlToText } from './htmlText.js';
import { notImportedWarning } from './ignoredColumns.js';

/** Each field the import reads: its column name in the long-standing header, then in the current one. */
const FIELDS = {
  handle: ['Handle', 'URL handle'],
  title: ['Title', 'Title'],
  body: ['Body (HTML)', 'Description'],
  category: ['Product Category', 'Product category'],
  type: ['Type', 'Type'],
  published: ['Published', 'Published on online store'],
  status: ['Status', 'Status'],
  sku: ['Variant SKU', 'SKU'],
  price: ['Variant Price', 'Price'],
  quantity: ['Variant Inventory Qty', 'Inventory quantity'],
  option1Name: ['Option1 Name', 'Option1 name'], option1Value: ['Option1 Value', 'Option1 value'],
  option2Name: ['Option2 Name', 'Option2 name'], option2Value: ['Option2 Value', 'Option2 value'],
  option3Name: ['Option3 Name', 'Option3 name'], option3Value: ['Option3 Value', 'Option3 value'],
} as const;
type Field = keyof typeof FIELDS;
const OPTIONS = [1, 2, 3] as const;

const lower = (names: readonly string[]) => [...new Set(names.map((n) => n.toLowerCase()))];
/** Each field's header names in lower case, as rows are keyed: worked out once, not per cell. */
const LOWER_FIELDS = Object.fromEntries(
  (Object.keys(FIELDS) as Field[]).map((f) => [f, [FIELDS[f][0].toLowerCase(), FIELDS[f][1].toLowerCase()]]),
) as Record<string, readonly [string, string]>;

export const shopifyFormat: ImportFormat = {
  name: 'shopify',
  columns: {
    required: [lower(FIELDS.handle), lower(FIELDS.title), lower(FIELDS.price)],
    optional: (Object.keys(FIELDS) as Field[]).filter((f) => !['handle', 'title', 'price'].includes(f)).flatMap((f) => lower(FIELDS[f])),
  },
  ignoredColumns: (unknown, fileName) => notImportedWarning('Shopify', unknown, fileName),
  importer: (app, uow, options) => {
    let labels = LABELS[0];
    let first = true;
    const feed = new ProductFeed(app, uow, options, (column) => labels.feed[column]);
    const reader = new ShopifyRows(feed, options.defaultCategory);
    return {
      keepApplyingAfterProblem: true,
      row(row) {
        if (first) {
          // The header generation decides what the columns are called in messages.
          labels = LABELS[row.value('handle') !== undefined ? 0 : 1];
          reader.labels = labels;
          first = false;
        }
        return reader.row(row);
      },
      finish: () => feed.finish(),
      changes: () => ({ ...feed.changes, skusDerived: reader.skusDerived, imageRowsSkipped: reader.imageRowsSkipped }),
    };
  },
};

interface Labels {
  of: Record<Field, string>;
  feed: Record<FeedColumn, string>;
}

const LABELS: Labels[] = [0, 1].map((generation) => {
  const of = Object.fromEntries((Object.keys(FIELDS) as Field[]).map((f) => [f, FIELDS[f][generation]])) as Record<Field, string>;
  const feed: Record<FeedColumn, string> = {
    sku: of.handle, name: of.title, description: of.body, price: of.price, category: of.category, stock: of.quantity,
    active: of.status, variant_sku: of.sku, size: of.option1Value, color: of.option1Value, price_modifier: of.price,
    variant_stock: of.quantity,
  };
  return { of, feed };
});

/** The handle being read: what its later rows need from its first one. */
interface Group {
  handle: string;
  key: string;
  line: number;
  /** The product's SKU (handle in upper case, or the Variant SKU of a product without variants). */
  sku: string;
  /** The line of its first row when that row was rejected: later rows are then not imported either. */
  rejectedAt?: number;
  priceMinor: number;
  /** Per option position, the variant attribute it maps to; empty when the product has no variants. */
  attributes: (VariantAttribute | undefined)[];
}

class ShopifyRows {
  labels: Labels = LABELS[0];
  skusDerived = 0;
  imageRowsSkipped = 0;
  private group: Group | undefined;

  constructor(private readonly feed: ProductFeed, private readonly defaultCategory: string | undefined) {}

  row(row: ImportRow): RowOutcome {
    const get = (field: Field) => value(row, field);
    const handle = get('handle').trim();
    if (handle === '') return this.problem(row.line, 'handle', 'MISSING_VALUE', 'is empty (every row names its product by handle)');
    const group = this.group;
    if (group && handle.toLowerCase() === group.key) return this.laterRow(row, group);
    if (get('title').trim() === '') {
      if (isImageOnly(row)) return this.skipImageRow();
      return this.problem(row.line, 'handle', 'PRODUCT_NOT_FOUND',
        `${shown(handle)} has no first row with a Title before this one (the rows of a handle must follow each other)`);
    }
    return this.firstRow(row, handle);
  }

  private problem(line: number, field: Field, code: ImportProblemCode, reason: string): RowProblem {
    return rowProblem(line, this.labels.of[field], code, reason);
  }

  private skipImageRow(): 'skipped' {
    this.imageRowsSkipped++;
    return 'skipped';
  }

  private firstRow(row: ImportRow, handle: string): RowOutcome {
    const get = (field: Field) => value(row, field);
    const group: Group = { handle, key: handle.toLowerCase(), line: row.line, sku: skuOfHandle(handle), priceMinor: 0, attributes: [] };
    this.group = group;
    const fail = (problem: RowProblem) => {
      group.rejectedAt = row.line;
      return problem;
    };
    const options = OPTIONS.map((n) => ({ n, name: get(`option${n}Name`).trim(), value: get(`option${n}Value`).trim() }));
    const hasVariants = !(options.every((o) => o.name === '' && o.value === '') ||
      (isDefaultTitleOption(options[0].name, options[0].value) && options.slice(1).every((o) => o.name === '')));
    if (hasVariants) {
      for (const option of options) {
        if (option.name === '') continue;
        const attribute = variantAttributeOf(option.name);
        if (!attribute || group.attributes.includes(attribute)) {
          return fail(this.problem(row.line, `option${option.n}Name`, 'UNSUPPORTED_OPTION', attribute
            ? `option ${shown(option.name)} is a second ${attribute === 'size' ? 'size' : 'colour'} option; a variant has one size and one colour`
            : `option ${shown(option.name)} is not supported: only Size and Color/Colour options become a variant's size and colour`));
        }
        group.attributes[option.n - 1] = attribute;
      }
    }
    const price = checkPriceText(get('price'));
    if (!price.ok) return fail(this.problem(row.line, 'price', price.problem.code, price.problem.reason));
    group.priceMinor = price.value;
    const category = this.category(row);
    if (typeof category !== 'string') return fail(category);
    const published = flagValue(get('published'), true);
    if (published === undefined) {
      return fail(this.problem(row.line, 'published', 'INVALID_FLAG', `${shown(get('published'))} is not TRUE or FALSE`));
    }
    const variantSku = get('sku').trim();
    if (!hasVariants && variantSku !== '') group.sku = variantSku;
    const productValues: Partial<Record<FeedColumn, string>> = {
      sku: group.sku, name: get('title'), description: htmlToText(get('body')), price: get('price'), category,
      stock: hasVariants ? '' : get('quantity'),
    };
    const product: FeedRow = { line: row.line, value: (c) => productValues[c], active: published && !isInactiveStatus(get('status')) };
    const outcome = hasVariants
      ? this.feed.productWithVariant(product, this.variantRow(row, group, 0))
      : this.feed.product(product);
    if (outcome) group.rejectedAt = row.line;
    return outcome;
  }

  private laterRow(row: ImportRow, group: Group): RowOutcome {
    if (isImageOnly(row)) return this.skipImageRow();
    if (group.rejectedAt !== undefined) {
      return this.problem(row.line, 'handle', 'PRODUCT_NOT_FOUND',
        `product ${shown(group.handle)} was not imported (its first row, line ${group.rejectedAt}, was rejected)`);
    }
    if (group.attributes.length === 0) {
      return this.problem(row.line, 'option1Value', 'NO_VARIANT_ATTRIBUTE',
        `product ${shown(group.handle)} has no Size or Color option on its first row (line ${group.line}), so this row cannot be a variant`);
    }
    const price = checkPriceText(value(row, 'price'));
    if (!price.ok) return this.problem(row.line, 'price', price.problem.code, price.problem.reason);
    return this.feed.variant(this.variantRow(row, group, price.value - group.priceMinor));
  }

  /** The variant part of a row: size and colour from its options, its SKU given or derived. */
  private variantRow(row: ImportRow, group: Group, modifierMinor: number): FeedRow {
    const values: Partial<Record<FeedColumn, string>> = { sku: group.sku, price_modifier: formatMinorUnits(modifierMinor), variant_stock: value(row, 'quantity') };
    const optionValues: string[] = [];
    group.attributes.forEach((attribute, at) => {
      const text = value(row, `option${(at + 1) as 1 | 2 | 3}Value`).trim();
      if (attribute) values[attribute] = text;
      optionValues.push(text);
    });
    let sku = value(row, 'sku').trim();
    if (sku === '') {
      sku = derivedSku(group.handle, optionValues);
      this.skusDerived++;
    }
    values.variant_sku = sku;
    return { line: row.line, value: (c) => values[c] };
  }

  /** Product Category (its last three levels), else Type, else --default-category. */
  private category(row: ImportRow): string | RowProblem {
    const taxonomy = lastCategoryLevels(value(row, 'category'));
    if (taxonomy !== '') return taxonomy;
    const type = value(row, 'type').trim();
    if (type !== '') return type;
    if (this.defaultCategory !== undefined && this.defaultCategory.trim() !== '') return this.defaultCategory;
    return this.problem(row.line, 'category', 'MISSING_CATEGORY',
      `the product has no ${this.labels.of.category} and no ${this.labels.of.type}; give one, or --default-category <name>`);
  }
}

/** The cell of a field under whichever header generation the file uses ('' when absent). */
function value(row: ImportRow, field: Field): string {
  const [old, current] = LOWER_FIELDS[field];
  return row.value(old) ?? row.value(current) ?? '';
}

/** A row that only adds an image to its product: no option values, no SKU, no price. */
function isImageOnly(row: ImportRow): boolean {
  return value(row, 'option1Value').trim() === '' && value(row, 'option2Value').trim() === '' && value(row, 'option3Value').trim() === '' &&
    value(row, 'sku').trim() === '' && value(row, 'price').trim() === '';
}
