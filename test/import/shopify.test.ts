// Shopify product CSVs through `import products` (in-process): both header generations, variants
// across rows, image-only rows, multi-line HTML, derived SKUs, Colour, drafts, and the failure
// paths with the file's own line numbers.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { catalogueOf, run, runJson } from './inProcess.js';
import { eventCount, importCount } from './support.js';

const FOREIGN = path.join(__dirname, 'foreign');
const CLASSIC = path.join(FOREIGN, 'shopify-classic.csv');
const CURRENT = path.join(FOREIGN, 'shopify-current.csv');
const PROBLEMS = path.join(FOREIGN, 'shopify-problems.csv');

describe('import products: Shopify, long-standing header', () => {
  it('maps handles, options, prices, SKUs, categories, HTML, drafts and stock; recognised from the header', async () => {
    const { db } = tempDb();
    const result = await run(['--db', db, 'import', 'products', CLASSIC, '--create-categories', '--default-category', 'Gifts']);
    expect(result.code, result.stderr).toBe(0);
    // Unused columns: ONE line naming them all, no warning per column.
    const notes = result.stderr.split('\n').filter((l) => /column/.test(l));
    expect(notes).toHaveLength(1);
    expect(notes[0]).toMatch(/^note: 24 Shopify columns were not imported from .*: Vendor, Tags, .*Image Src.*Cost per item$/);
    expect(result.stderr).toContain('read as a Shopify product CSV (recognised from the header)');
    expect(result.stdout).toContain('2 deactivated (draft or unpublished), 3 SKUs derived, 3 image-only rows skipped');

    const catalogue = await catalogueOf(db);
    expect(Object.keys(catalogue).sort()).toEqual(['CLASSIC-VARSITY-TOP', 'GIFT-VOUCHER', 'SILK-TOP-1', 'YELLOW-WOOL-JUMPER']);
    const top = catalogue['CLASSIC-VARSITY-TOP'];
    // Product price = first variant's price; modifiers = the difference (Compare At Price ignored).
    expect(top).toMatchObject({ name: 'Classic Varsity Top', price: 6000, active: true, category: 'Clothing > Clothing Tops > Shirts & Tops' });
    expect(top.variants).toEqual([
      { sku: 'CLASSIC-VARSITY-TOP-LARGE', size: 'Large', color: null, modifier: 250, onHand: 0 },
      { sku: 'CLASSIC-VARSITY-TOP-MEDIUM', size: 'Medium', color: null, modifier: 0, onHand: 3 },
      { sku: 'CLASSIC-VARSITY-TOP-SMALL', size: 'Small', color: null, modifier: 0, onHand: 5 },
    ]);
    // Multi-line HTML: tags gone, entities decoded, whitespace collapsed.
    expect(top.description).toBe('Womens casual varsity top, This grey and black buttoned top is a sport-inspired piece complete with ' +
      'an embroidered letter. Café & campus — 100% cotton.');
    // Colour and SIZE (any case) → colour and size; Status draft → imported, then deactivated.
    expect(catalogue['YELLOW-WOOL-JUMPER']).toMatchObject({ price: 8000, active: false, category: 'Jumpers' });
    expect(catalogue['YELLOW-WOOL-JUMPER'].variants).toEqual([
      { sku: 'JUMPER-MUS-L', size: 'L', color: 'Mustard', modifier: -500, onHand: 2 },
      { sku: 'JUMPER-YEL-M', size: 'M', color: 'Yellow', modifier: 0, onHand: 7 },
    ]);
    // Default Title: no variants; the Variant SKU is the product's SKU; Published FALSE → inactive; Type → category.
    expect(catalogue['SILK-TOP-1']).toMatchObject({ name: 'Silk Summer Top', price: 4500, active: false, category: 'Tops', onHand: 12, variants: [] });
    // No Variant SKU and no variants: the handle in upper case; --default-category; <li> items become words.
    expect(catalogue['GIFT-VOUCHER']).toMatchObject({ category: 'Gifts', onHand: 100, description: 'Any amount No expiry', variants: [] });
  });

  it('reports format, skipped rows and derived SKUs in --json; a re-run writes no events and is still recorded', async () => {
    const { db } = tempDb();
    const args = ['--db', db, 'import', 'products', CLASSIC, '--create-categories', '--default-category', 'Gifts'];
    const first = await runJson(args);
    expect(first).toMatchObject({
      format: 'shopify', formatRecognised: true, rowsRead: 10, rowsApplied: 7, rowsSkipped: 3, rowsRejected: 0,
      changes: { productsCreated: 4, variantsCreated: 5, productsDeactivated: 2, skusDerived: 3, imageRowsSkipped: 3 },
    });
    const events = eventCount(db);
    const again = await runJson(args);
    expect(again).toMatchObject({ eventsWritten: 0, rowsApplied: 7, changes: { productsCreated: 0, variantsCreated: 0, rowsUnchanged: 7 } });
    expect(eventCount(db)).toBe(events);
    expect(importCount(db)).toBe(2);
  });

  it('deactivates a draft only after all its variants were added, with the same source as the rest', async () => {
    const { db } = tempDb();
    await runJson(['--db', db, 'import', 'products', CLASSIC, '--create-categories', '--default-category', 'Gifts']);
    const events = (await run(['--db', db, '--json', 'events', 'list'])).stdout.trim().split('\n').map((l) => JSON.parse(l));
    const types = events.map((e) => e.type);
    expect(types.filter((t) => t === 'ProductDeactivated')).toHaveLength(2);
    const lastVariant = types.lastIndexOf('ProductUpdated');
    expect(types.indexOf('ProductDeactivated')).toBeGreaterThan(lastVariant);
    expect(new Set(events.map((e) => e.metadata.source)).size).toBe(1);
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const { db } = tempDb();
    await runJson(['--db', db, 'category', 'create', 'Gifts']);
    const before = eventCount(db);
    const report = await runJson(['--db', db, 'import', 'products', CLASSIC, '--create-categories', '--default-category', 'Gifts', '--dry-run']);
    expect(report).toMatchObject({ dryRun: true, id: null, changes: { productsCreated: 4, variantsCreated: 5, productsDeactivated: 2 } });
    expect(eventCount(db)).toBe(before);
  });
});

describe('import products: Shopify, current header', () => {
  it('reads URL handle, Description, SKU, Price, Inventory quantity, Option names in lower case; Archived → inactive', async () => {
    const { db } = tempDb();
    const report = await runJson(['--db', db, 'import', 'products', CURRENT, '--create-categories']);
    expect(report).toMatchObject({ format: 'shopify', rowsRead: 5, rowsApplied: 4, rowsSkipped: 1, changes: { skusDerived: 2 } });
    const catalogue = await catalogueOf(db);
    expect(catalogue['OCEAN-BLUE-SHIRT']).toMatchObject({
      price: 5000, active: true, category: 'Clothing > Clothing Tops > Shirts',
      description: 'Ocean blue cotton shirt with a narrow collar and buttons down the front and long sleeves. Comfortable fit & tiled kalidoscope patterns.',
    });
    expect(catalogue['OCEAN-BLUE-SHIRT'].variants).toEqual([
      { sku: 'OBS-MD', size: 'md', color: 'Ocean Blue', modifier: 200, onHand: 0 },
      { sku: 'OCEAN-BLUE-SHIRT-SM-OCEAN-BLUE', size: 'sm', color: 'Ocean Blue', modifier: 0, onHand: 6 },
      { sku: 'OCEAN-BLUE-SHIRT-XS-OCEAN-BLUE', size: 'xs', color: 'Ocean Blue', modifier: 0, onHand: 4 },
    ]);
    // Type "Shirts" names the category the first product created (names are unique).
    expect(catalogue['DARK-DENIM-TOP']).toMatchObject({ price: 6000, active: false, category: 'Clothing > Clothing Tops > Shirts', onHand: 1, variants: [] });
  });

  it('--format shopify reads a file whatever its header suggests; a bad --format is a usage error', async () => {
    const { db } = tempDb();
    const report = await runJson(['--db', db, 'import', 'products', CURRENT, '--create-categories', '--format', 'shopify']);
    expect(report).toMatchObject({ format: 'shopify', formatRecognised: false });
    const bad = await run(['--db', db, 'import', 'products', CURRENT, '--format', 'magento']);
    expect(bad.code).toBe(2);
    expect(bad.stderr).toContain('--format "magento" is not a product file format');
  });
});

describe('import products: Shopify problems', () => {
  it('all-or-nothing: bad price, unsupported option, missing category, each with its physical line; nothing written', async () => {
    const { db, dir } = tempDb();
    const rejects = path.join(dir, 'rejects.csv');
    const result = await run(['--db', db, '--json', 'import', 'products', PROBLEMS, '--create-categories', '--rejects', rejects]);
    expect(result.code).toBe(3);
    const error = JSON.parse(result.stderr.trim().split('\n').pop()!).error;
    expect(error.code).toBe('IMPORT_REJECTED');
    // Line 2 holds a description over three lines: the next record starts on line 5.
    expect(error.details.errors.map((e: any) => [e.line, e.column, e.code])).toEqual([
      [5, 'Variant Price', 'INVALID_PRICE'],
      [6, 'Option1 Name', 'UNSUPPORTED_OPTION'],
      [7, 'Handle', 'PRODUCT_NOT_FOUND'],
      [9, 'Product Category', 'MISSING_CATEGORY'],
    ]);
    expect(error.details.errors[1].message).toContain('"Material"');
    expect(error.details.errors[3].message).toContain('--default-category');
    expect(fs.existsSync(db) ? eventCount(db) : 0).toBe(0);
    // The rejects file: the rows as read, plus the error.
    const lines = fs.readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines[0].endsWith(',Status,error')).toBe(true);
    expect(lines).toHaveLength(5);
  });

  it('--skip-invalid imports the rest (exit 6), and --default-category fixes the missing category', async () => {
    const { db } = tempDb();
    const result = await run(['--db', db, '--json', 'import', 'products', PROBLEMS, '--create-categories', '--skip-invalid', '--default-category', 'Misc']);
    expect(result.code).toBe(6);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ rowsRead: 7, rowsRejected: 3, rowsSkipped: 1, rowsApplied: 3 });
    const catalogue = await catalogueOf(db);
    expect(Object.keys(catalogue).sort()).toEqual(['LSCT', 'STRIPED-SILK-BLOUSE', 'WHITE-COTTON-SHIRT']);
    expect(catalogue.LSCT.category).toBe('Misc');
    // The bad-price row was rejected, so the blouse has only its first variant.
    expect(catalogue['STRIPED-SILK-BLOUSE'].variants.map((v) => v.sku)).toEqual(['STRIPED-SILK-BLOUSE-S']);
  });

  it('a first row whose variant part fails writes nothing of the product either (--skip-invalid)', async () => {
    const { db, dir } = tempDb();
    await runJson(['--db', db, 'category', 'create', 'Tops']);
    await runJson(['--db', db, 'product', 'create', '--name', 'Taken', '--price', '1.00', '--category', 'Tops', '--sku', 'TAKEN-SKU']);
    const file = path.join(dir, 'taken.csv');
    fs.writeFileSync(file, 'Handle,Title,Type,Option1 Name,Option1 Value,Variant SKU,Variant Price\n' +
      'new-top,New Top,Tops,Size,S,TAKEN-SKU,10.00\nnew-top,,,,M,,10.00\n');
    const result = await run(['--db', db, '--json', 'import', 'products', file, '--skip-invalid']);
    expect(result.code).toBe(6);
    const report = JSON.parse(result.stdout);
    expect(report.errors.map((e: any) => [e.line, e.column, e.code])).toEqual([[2, 'Variant SKU', 'DUPLICATE_SKU'], [3, 'Handle', 'PRODUCT_NOT_FOUND']]);
    expect(Object.keys(await catalogueOf(db))).toEqual(['TAKEN-SKU']);
  });

  it('reads stdin with the same line numbers', async () => {
    const { db } = tempDb();
    const result = await run(['--db', db, '--json', 'import', 'products', '-', '--create-categories'], { stdin: fs.readFileSync(PROBLEMS, 'utf8') });
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr.trim().split('\n').pop()!).error.details.errors[0]).toMatchObject({ line: 5, code: 'INVALID_PRICE' });
  });
});
