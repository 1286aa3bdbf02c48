// Rules for reading another shop system's catalogue (Shopify, WooCommerce) into ours: which
// option names become a variant's size or colour, how SKUs are derived when a file has none,
// which category levels are kept, and which flags mean "not for sale". Pure: text in, values out.
import { MAX_CATEGORY_DEPTH } from './category.js';

export type VariantAttribute = 'size' | 'color';

/** `Size` → size, `Color` / `Colour` → colour (any letter case); anything else is not supported. */
export function variantAttributeOf(optionName: string): VariantAttribute | undefined {
  const name = optionName.trim().toLowerCase();
  if (name === 'size') return 'size';
  if (name === 'color' || name === 'colour') return 'color';
  return undefined;
}

/** Shopify's placeholder option of a product without variants (`Title` / `Default Title`). */
export function isDefaultTitleOption(name: string, value: string): boolean {
  return name.trim().toLowerCase() === 'title' && (value.trim() === '' || value.trim().toLowerCase() === 'default title');
}

/** A product's own SKU from its handle: the handle in upper case (`classic-tee` → `CLASSIC-TEE`). */
export function skuOfHandle(handle: string): string {
  return handle.trim().toUpperCase();
}

/**
 * A SKU from a base and option values, the same on every run so a re-import finds what the
 * first import created: `classic-tee` + `Small` → `CLASSIC-TEE-SMALL`. Characters a SKU may not
 * hold become `-`.
 */
export function derivedSku(base: string, values: string[]): string {
  return [base, ...values]
    .map((part) => part.trim())
    .filter((part) => part !== '')
    .join('-')
    .toUpperCase()
    .replace(/[^A-Z0-9._/-]+/g, '-')
    .replace(/-{2,}/g, '-')
    .replace(/^[^A-Z0-9]+|-+$/g, '');
}

/** The deepest levels of a taxonomy path that fit our category depth (`A > B > C > D` → `B > C > D`). */
export function lastCategoryLevels(path: string): string {
  const levels = path.split('>').map((level) => level.trim()).filter((level) => level !== '');
  return levels.slice(-MAX_CATEGORY_DEPTH).join(' > ');
}

/** A yes/no cell: true/false, yes/no, 1/0 in any case; empty is `empty`. Undefined when unreadable. */
export function flagValue(text: string, empty: boolean): boolean | undefined {
  const value = text.trim().toLowerCase();
  if (value === '') return empty;
  if (value === 'true' || value === 'yes' || value === '1') return true;
  if (value === 'false' || value === 'no' || value === '0') return false;
  return undefined;
}

/** Shopify's Status: a draft or archived product is imported but not for sale. */
export function isInactiveStatus(status: string): boolean {
  const value = status.trim().toLowerCase();
  return value === 'draft' || value === 'archived';
}
