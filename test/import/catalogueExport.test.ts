// `export products` (in-process): the round trip export → import into an empty shop → export
// gives the same file, for all three formats; atomic --out; spreadsheet formulas neutralised.
import fs from 'node:fs';
import path from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { catalogueOf, run, runJson } from './inProcess.js';
import { eventCount, FIXTURES } from './support.js';

const FORMATS = ['shopctl', 'shopify', 'woocommerce'] as const;
let shop: string;

/** A catalogue with everything an export must carry: variants, negative modifiers, drafts, no SKU, odd text. */
beforeAll(async () => {
  shop = tempDb().db;
  await runJson(['--db', shop, 'import', 'products', path.join(FIXTURES, 'products.csv'), '--create-categories']);
  await runJson(['--db', shop, 'import', 'products', path.join(__dirname, 'foreign', 'shopify-classic.csv'), '--create-categories', '--default-category', 'Gifts']);
  await runJson(['--db', shop, 'product', 'create', '--name', '=HYPERLINK("http://x","y")', '--price', '3.00', '--category', 'Gifts',
    '--description', 'Line one\nline <two> & "three", @four', '--sku', 'FORMULA-1', '--stock', '2']);
  await runJson(['--db', shop, 'product', 'create', '--name', 'No SKU Mug', '--price', '7.25', '--category', 'Gifts', '--stock', '1',
    '--id', '0a1b2c3d-0000-4000-8000-000000000001']);
  await runJson(['--db', shop, 'product', 'add-variant', 'FORMULA-1', '--sku', 'FORMULA-1-RED', '--color', 'Red', '--price-modifier', '-1.50']);
  await runJson(['--db', shop, 'product', 'deactivate', 'CAP-1']);
});

async function exportTo(db: string, format: string, out: string): Promise<any> {
  return runJson(['--db', db, 'export', 'products', '--format', format, '--out', out]);
}

describe('export products', () => {
  for (const format of FORMATS) {
    it(`${format}: export → import into an empty shop → export gives the same file; re-importing writes nothing`, async () => {
      const { dir, db } = tempDb();
      const first = path.join(dir, `first-${format}.csv`);
      const summary = await exportTo(shop, format, first);
      expect(summary).toMatchObject({ format, products: 10, variants: 11 });
      const imported = await runJson(['--db', db, 'import', 'products', first, '--create-categories']);
      expect(imported).toMatchObject({ format, formatRecognised: true, rowsRejected: 0 });
      const second = path.join(dir, `second-${format}.csv`);
      await exportTo(db, format, second);
      expect(fs.readFileSync(second, 'utf8')).toBe(fs.readFileSync(first, 'utf8'));
      const events = eventCount(db);
      expect(await runJson(['--db', db, 'import', 'products', first])).toMatchObject({ eventsWritten: 0 });
      expect(eventCount(db)).toBe(events);
      // Prices, categories, active flags and stock on hand came back (products with variants keep per-variant stock).
      const [before, after] = [await catalogueOf(shop), await catalogueOf(db)];
      for (const sku of ['HOOD-1', 'YELLOW-WOOL-JUMPER', 'MUG-1', 'SILK-TOP-1']) {
        const [b, a] = [before[sku], after[sku]];
        expect(a.active, sku).toBe(b.active);
        expect(a.category, sku).toBe(b.category);
        expect(a.variants.map((v) => [v.sku, v.size, v.color, v.onHand]), sku).toEqual(b.variants.map((v) => [v.sku, v.size, v.color, v.onHand]));
        expect(a.variants.map((v) => a.price + v.modifier), sku).toEqual(b.variants.map((v) => b.price + v.modifier));
        if (b.variants.length === 0) expect([a.price, a.onHand], sku).toEqual([b.price, b.onHand]);
      }
      expect(after['CAP-1'].active).toBe(false);
      // A product created without a SKU is exported under a derived one.
      expect(after['P-0A1B2C3D']).toMatchObject({ name: 'No SKU Mug', price: 725, onHand: 1 });
    });
  }

  it('shopctl format keeps everything: the same catalogue, descriptions with their newlines', async () => {
    const { dir, db } = tempDb();
    const file = path.join(dir, 'c.csv');
    await exportTo(shop, 'shopctl', file);
    await runJson(['--db', db, 'import', 'products', file, '--create-categories']);
    const [before, after] = [await catalogueOf(shop), await catalogueOf(db)];
    expect(after['FORMULA-1']).toEqual(before['FORMULA-1']);
    expect(after['HOOD-1']).toEqual(before['HOOD-1']);
    expect(after['FORMULA-1'].description).toBe('Line one\nline <two> & "three", @four');
  });

  it('neutralises cells a spreadsheet would run as a formula, but not negative amounts', async () => {
    const { dir } = tempDb();
    const file = path.join(dir, 'c.csv');
    await exportTo(shop, 'shopctl', file);
    const text = fs.readFileSync(file, 'utf8');
    expect(text).toContain(`FORMULA-1,"'=HYPERLINK(""http://x"",""y"")"`);
    expect(text).toContain('FORMULA-1,,,,,,,FORMULA-1-RED,,Red,-1.50,0');
    const shopify = path.join(dir, 's.csv');
    await exportTo(shop, 'shopify', shopify);
    // HTML for Shopify: entities escaped, whitespace collapsed.
    expect(fs.readFileSync(shopify, 'utf8')).toContain('Line one line &lt;two&gt; &amp; &quot;three&quot;, @four');
  });

  it('writes to stdout without --out (summary on stderr), and --json summarises', async () => {
    const result = await run(['--db', shop, 'export', 'products', '--format', 'woocommerce']);
    expect(result.code, result.stderr).toBe(0);
    expect(result.stdout.split('\n')[0]).toBe('Type,SKU,Name,Published,Description,Regular price,Stock,Categories,Parent,' +
      'Attribute 1 name,Attribute 1 value(s),Attribute 2 name,Attribute 2 value(s)');
    expect(result.stdout).toContain('variable,HOOD-1,Zip hoodie,1,Fleece lined. Two pockets.,49.00,,Apparel > Sweaters,,Size,"L, M",Color,Grey');
    expect(result.stdout).toContain('simple,CAP-1,Baseball cap,-1,');
    expect(result.stderr).toContain('exported 10 products and 11 variants');
    const json = await run(['--db', shop, '--json', 'export', 'products']);
    expect(JSON.parse(json.stderr)).toMatchObject({ format: 'shopctl', products: 10, variants: 11, rows: 21, out: '-' });
  });

  it('--out is atomic: the target appears complete, no temporary file stays; an unusable --out writes nothing (exit 2)', async () => {
    const { dir } = tempDb();
    const out = path.join(dir, 'catalogue.csv');
    fs.writeFileSync(out, 'old content\n');
    await exportTo(shop, 'shopify', out);
    expect(fs.readFileSync(out, 'utf8').startsWith('Handle,Title,Body (HTML),')).toBe(true);
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
    const folder = await run(['--db', shop, '--json', 'export', 'products', '--out', dir]);
    expect(folder.code).toBe(2);
    expect(JSON.parse(folder.stderr.trim()).error.code).toBe('EXPORT_FAILED');
    const missing = await run(['--db', shop, 'export', 'products', '--out', path.join(dir, 'no', 'such.csv')]);
    expect(missing.code).toBe(2);
    expect(fs.readdirSync(dir).sort()).toEqual(['catalogue.csv']);
  });

  it('the feed\'s active column: false creates the product inactive; an unreadable value is INVALID_FLAG', async () => {
    const { dir, db } = tempDb();
    const file = path.join(dir, 'feed.csv');
    fs.writeFileSync(file, 'sku,name,price,category,active,variant_sku,size\nA-1,Alpha,1.00,Misc,false,,\nA-1,,,,,A-1-S,S\nB-1,Beta,2.00,Misc,maybe,,\n');
    const result = await run(['--db', db, '--json', 'import', 'products', file, '--create-categories', '--skip-invalid']);
    expect(result.code).toBe(6);
    expect(JSON.parse(result.stdout).errors.map((e: any) => [e.line, e.column, e.code])).toEqual([[4, 'active', 'INVALID_FLAG']]);
    const catalogue = await catalogueOf(db);
    expect(catalogue['A-1']).toMatchObject({ active: false, variants: [{ sku: 'A-1-S', size: 'S' }] });
  });

  it('refuses an unknown --format (exit 2)', async () => {
    const result = await run(['--db', shop, 'export', 'products', '--format', 'magento']);
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('--format "magento" is not an export format');
  });
});
