// The malformed-file corpus: every file is refused as a whole (exit 3, nothing written) and
// the first problem names the exact line and code.
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { run, importedCatalogue } from '../helpers/shop.js';
import { CORPUS, eventCount, importCount, jsonError } from './support.js';

interface Case {
  file: string;
  kind?: 'restock' | 'products';
  line: number;
  code: string;
  column?: string | null;
  message?: RegExp;
}

const CASES: Case[] = [
  { file: 'bom-negative-quantity.csv', line: 3, code: 'INVALID_QUANTITY', column: 'quantity', message: /^line 3, quantity: "-3" is not a positive integer$/ },
  { file: 'crlf-zero-quantity.csv', line: 4, code: 'INVALID_QUANTITY', column: 'quantity', message: /"0" is not a positive integer/ },
  { file: 'quoted-newline-fractional.csv', line: 5, code: 'INVALID_QUANTITY', column: 'quantity', message: /"2.5" is not a positive integer/ },
  { file: 'empty.csv', line: 1, code: 'EMPTY_FILE', column: null },
  { file: 'header-only.csv', line: 1, code: 'NO_ROWS', column: null },
  { file: 'missing-column.csv', line: 1, code: 'MISSING_COLUMN', column: 'quantity', message: /required column "quantity" is missing/ },
  { file: 'duplicate-header.csv', line: 1, code: 'DUPLICATE_COLUMN', column: 'sku' },
  { file: 'wrong-column-count.csv', line: 3, code: 'WRONG_COLUMN_COUNT', column: null, message: /3 fields, but the header has 2/ },
  { file: 'negative-quantity.csv', line: 2, code: 'INVALID_QUANTITY', column: 'quantity' },
  { file: 'zero-quantity.csv', line: 3, code: 'INVALID_QUANTITY', column: 'quantity' },
  { file: 'fractional-quantity.csv', line: 2, code: 'INVALID_QUANTITY', column: 'quantity' },
  { file: 'huge-quantity.csv', line: 3, code: 'INVALID_QUANTITY', column: 'quantity', message: /"1000001" is more than 1,000,000/ },
  { file: 'non-numeric-quantity.csv', line: 2, code: 'INVALID_QUANTITY', column: 'quantity' },
  { file: 'unknown-sku.csv', line: 3, code: 'PRODUCT_NOT_FOUND', column: 'sku', message: /no product or variant "NO-SUCH-SKU"/ },
  { file: 'non-utf8.csv', line: 3, code: 'INVALID_ENCODING', column: 'sku' },
  { file: 'unclosed-quote.csv', line: 3, code: 'INVALID_CSV', column: null },
  { file: 'empty-sku.csv', line: 2, code: 'MISSING_VALUE', column: 'sku' },
  { file: 'sku-with-variants.csv', line: 2, code: 'VARIANT_REQUIRED', column: 'sku' },
  { file: 'products-price-three-decimals.csv', kind: 'products', line: 2, code: 'INVALID_PRICE', column: 'price', message: /"19.999" is not a price with at most two decimals/ },
  { file: 'products-bad-category-path.csv', kind: 'products', line: 2, code: 'INVALID_CATEGORY_PATH', column: 'category' },
  { file: 'products-variant-before-product.csv', kind: 'products', line: 2, code: 'PRODUCT_NOT_FOUND', column: 'sku', message: /must come after its product's row/ },
  { file: 'products-unknown-category.csv', kind: 'products', line: 2, code: 'CATEGORY_NOT_FOUND', column: 'category', message: /--create-categories/ },
  { file: 'products-duplicate-sku.csv', kind: 'products', line: 3, code: 'DUPLICATE_SKU', column: 'sku', message: /product row on line 2/ },
  { file: 'products-missing-price-column.csv', kind: 'products', line: 1, code: 'MISSING_COLUMN', column: 'price' },
  { file: 'products-category-too-deep.csv', kind: 'products', line: 2, code: 'CATEGORY_DEPTH_EXCEEDED', column: 'category' },
  { file: 'products-variant-no-attribute.csv', kind: 'products', line: 3, code: 'NO_VARIANT_ATTRIBUTE', column: 'size' },
  { file: 'products-name-too-short.csv', kind: 'products', line: 2, code: 'INVALID_NAME', column: 'name' },
];

describe('malformed import files', () => {
  it('has at least 20 cases', async () => {
    expect(CASES.length).toBeGreaterThanOrEqual(20);
  });

  for (const c of CASES) {
    it(`${c.file}: line ${c.line}, ${c.code}, nothing written`, async () => {
      const db = await importedCatalogue();
      const before = eventCount(db);
      const importsBefore = importCount(db);
      const result = await run(['--db', db, '--json', 'import', c.kind ?? 'restock', path.join(CORPUS, c.file)]);
      expect(result.code, result.stderr).toBe(3);
      expect(result.stdout).toBe('');
      const error = jsonError(result);
      expect(error.code).toBe('IMPORT_REJECTED');
      const first = error.details.errors[0];
      expect(first.line).toBe(c.line);
      expect(first.code).toBe(c.code);
      if (c.column !== undefined) expect(first.column).toBe(c.column);
      if (c.message) expect(first.message).toMatch(c.message);
      expect(first.message.startsWith(`line ${c.line}`)).toBe(true);
      expect(eventCount(db)).toBe(before);
      expect(importCount(db)).toBe(importsBefore);
    });
  }

  it('prints the problem line and a one-line error for people', async () => {
    const db = await importedCatalogue();
    const result = await run(['--db', db, 'import', 'restock', path.join(CORPUS, 'bom-negative-quantity.csv')]);
    expect(result.code).toBe(3);
    expect(result.stdout).toBe('');
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('line 3, quantity: "-3" is not a positive integer [INVALID_QUANTITY]');
    expect(lines.at(-1)).toMatch(/^error: .*bom-negative-quantity\.csv: 1 of 2 rows have problems .*nothing was written \[IMPORT_REJECTED\]$/);
  });
});
