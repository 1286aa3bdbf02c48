// WooCommerce product CSVs through `import products` (in-process): simple, variable and
// variation rows (variations before and after their parent, by id:N and by SKU), skipped
// product types, drafts, HTML descriptions, derived SKUs, and the failure paths.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { catalogueOf, run, runJson } from './inProcess.js';
import { eventCount } from './support.js';

const FOREIGN = path.join(__dirname, 'foreign');
const WOO = path.join(FOREIGN, 'woocommerce.csv');
const PROBLEMS = path.join(FOREIGN, 'woocommerce-problems.csv');

const HEADER = 'ID,Type,SKU,Name,Published,Description,Stock,Regular price,Categories,Parent,Attribute 1 name,Attribute 1 value(s)';

describe('import products: WooCommerce', () => {
  it('imports simple and variable products with their variations, before and after the parent; skips grouped, external, downloadable', async () => {
    const { db } = tempDb();
    const result = await run(['--db', db, '--json', 'import', 'products', WOO, '--create-categories']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      format: 'woocommerce', formatRecognised: true, rowsRead: 12, rowsApplied: 9, rowsSkipped: 3, rowsRejected: 0,
      changes: { productsCreated: 4, variantsCreated: 5, productsSkipped: 3, productsDeactivated: 1, skusDerived: 4 },
    });
    expect(result.stderr.split('\n').filter((l) => l.startsWith('note:'))).toHaveLength(1);

    const catalogue = await catalogueOf(db);
    expect(Object.keys(catalogue).sort()).toEqual(['WOODEN-SPOON', 'woo-beanie', 'woo-hoodie', 'woo-vneck-tee']);
    // A variable product without a price takes its first variation's (read before it, line 2).
    expect(catalogue['woo-hoodie']).toMatchObject({
      name: 'Hoodie', price: 4500, active: true, category: 'Clothing > Hoodies',
      description: 'Pellentesque habitant morbi tristique senectus et netus et malesuada fames ac turpis egestas. ' +
        'Vestibulum tortor quam, feugiat vitae, ultricies eget, tempor sit amet, ante.',
    });
    expect(catalogue['woo-hoodie'].variants).toEqual([
      { sku: 'woo-hoodie-blue', size: null, color: 'Blue', modifier: 0, onHand: 6 },
      { sku: 'WOO-HOODIE-GREEN', size: null, color: 'Green', modifier: 0, onHand: 0 },
      { sku: 'woo-hoodie-red', size: null, color: 'Red', modifier: -300, onHand: 2 },
    ]);
    // Size and Colour attributes; the parent's own Regular price; variation SKUs derived.
    expect(catalogue['woo-vneck-tee']).toMatchObject({ price: 1800, category: 'Clothing > Tshirts' });
    expect(catalogue['woo-vneck-tee'].variants).toEqual([
      { sku: 'WOO-VNECK-TEE-LARGE-RED', size: 'Large', color: 'Red', modifier: 200, onHand: 4 },
      { sku: 'WOO-VNECK-TEE-MEDIUM-RED', size: 'Medium', color: 'Red', modifier: 0, onHand: 1 },
    ]);
    // The first of the categories; Description HTML to text; Stock → opening stock.
    expect(catalogue['woo-beanie']).toMatchObject({ price: 2000, category: 'Clothing > Accessories', onHand: 20, description: 'Warm & cosy knit beanie.' });
    // No SKU: derived from the name; Published -1 → imported, then deactivated.
    expect(catalogue['WOODEN-SPOON']).toMatchObject({ price: 450, active: false, category: 'Kitchen', onHand: 3 });
  });

  it('a re-run writes no events', async () => {
    const { db } = tempDb();
    await runJson(['--db', db, 'import', 'products', WOO, '--create-categories']);
    const events = eventCount(db);
    const again = await runJson(['--db', db, 'import', 'products', WOO, '--create-categories']);
    expect(again).toMatchObject({ eventsWritten: 0, rowsApplied: 9, changes: { rowsUnchanged: 9 } });
    expect(eventCount(db)).toBe(events);
  });

  it('holds a variation until its parent, then imports it; a parent without price waits for its first variation', async () => {
    const { db, dir } = tempDb();
    const file = path.join(dir, 'woo.csv');
    fs.writeFileSync(file, `${HEADER}\n` +
      '2,variation,MUG-RED,Mug - Red,1,,3,9.50,,MUG,Color,Red\n' +
      '3,variation,MUG-BLUE,Mug - Blue,1,,4,9.00,,id:1,Color,Blue\n' +
      '1,variable,MUG,Mug,1,<p>Mug</p>,,,Kitchen,,Color,"Red, Blue"\n' +
      '4,variable,BOWL,Bowl,0,,,,Kitchen,,Size,"S, L"\n' +
      '5,variation,BOWL-L,Bowl - L,1,,1,12.00,,BOWL,Size,L\n' +
      '6,variation,BOWL-S,Bowl - S,1,,1,10.00,,id:4,Size,S\n');
    const report = await runJson(['--db', db, 'import', 'products', file, '--create-categories']);
    expect(report).toMatchObject({ rowsRead: 6, rowsApplied: 6, rowsRejected: 0 });
    const catalogue = await catalogueOf(db);
    expect(catalogue.MUG).toMatchObject({ price: 950, description: 'Mug' });
    expect(catalogue.MUG.variants.map((v) => [v.sku, v.color, v.modifier, v.onHand])).toEqual([['MUG-BLUE', 'Blue', -50, 4], ['MUG-RED', 'Red', 0, 3]]);
    // Published 0 → deactivated after its variations were added.
    expect(catalogue.BOWL).toMatchObject({ price: 1200, active: false });
    expect(catalogue.BOWL.variants.map((v) => [v.sku, v.size, v.modifier])).toEqual([['BOWL-L', 'L', 0], ['BOWL-S', 'S', -200]]);
  });

  it('all-or-nothing: unsupported attribute, bad price, missing category, unknown parent, each with its line; nothing written', async () => {
    const { db } = tempDb();
    const result = await run(['--db', db, '--json', 'import', 'products', PROBLEMS, '--create-categories']);
    expect(result.code).toBe(3);
    const error = JSON.parse(result.stderr.trim().split('\n').pop()!).error;
    // Line 2's description spans two lines.
    expect(error.details.errors.map((e: any) => [e.line, e.column, e.code])).toEqual([
      [4, 'Attribute 1 name', 'UNSUPPORTED_OPTION'],
      [5, 'Regular price', 'INVALID_PRICE'],
      [6, 'Categories', 'MISSING_CATEGORY'],
      [7, 'Parent', 'PRODUCT_NOT_FOUND'],
    ]);
    expect(error.details.errors[0].message).toContain('"Logo"');
    expect(fs.existsSync(db) ? eventCount(db) : 0).toBe(0);
  });

  it('--skip-invalid with --default-category and --rejects: the good rows go in, exit 6, rejects list the rest', async () => {
    const { db, dir } = tempDb();
    const rejects = path.join(dir, 'rejects.csv');
    const result = await run(['--db', db, '--json', 'import', 'products', PROBLEMS, '--create-categories', '--skip-invalid',
      '--default-category', 'Misc', '--rejects', rejects]);
    expect(result.code).toBe(6);
    expect(JSON.parse(result.stdout)).toMatchObject({ rowsRead: 6, rowsApplied: 3, rowsRejected: 3 });
    expect(Object.keys(await catalogueOf(db)).sort()).toEqual(['woo-cap', 'woo-mug', 'woo-plate']);
    const lines = fs.readFileSync(rejects, 'utf8').trim().split('\n');
    expect(lines.slice(1).map((l) => l.split(',')[0])).toEqual(['41', '42', '44']);
    expect(lines[3]).toContain('[PRODUCT_NOT_FOUND]');
  });

  it('an unknown product type is a row problem', async () => {
    const { db, dir } = tempDb();
    const file = path.join(dir, 'woo.csv');
    fs.writeFileSync(file, `${HEADER}\n1,bundle,B-1,Bundle,1,,,5.00,Kitchen,,,\n`);
    const result = await run(['--db', db, '--json', 'import', 'products', file, '--create-categories']);
    expect(result.code).toBe(3);
    expect(JSON.parse(result.stderr.trim().split('\n').pop()!).error.details.errors[0]).toMatchObject({ line: 2, column: 'Type', code: 'UNSUPPORTED_PRODUCT_TYPE' });
  });
});
