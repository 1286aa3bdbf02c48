// Issue 14's figure: a Shopify product CSV of 50,000 variants imports at ≥ 0.5× the rate of
// the same catalogue in shopctl's own feed format, both through the spawned CLI into an empty
// shop, measured in the same run (alternating, best of ROUNDS each).
import { spawnSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import type { BenchFigure } from './run.js';

const PRODUCTS = 10_000;
const SIZES = ['XS', 'S', 'M', 'L', 'XL'];
const VARIANTS = PRODUCTS * SIZES.length;
const ROUNDS = 2;
const here = path.dirname(fileURLToPath(import.meta.url));
const SHOPCTL = path.resolve(here, '../../bin/shopctl.js');

const SHOPIFY_HEADER = [
  'Handle', 'Title', 'Body (HTML)', 'Vendor', 'Product Category', 'Type', 'Tags', 'Published', 'Option1 Name', 'Option1 Value',
  'Option2 Name', 'Option2 Value', 'Option3 Name', 'Option3 Value', 'Variant SKU', 'Variant Grams', 'Variant Inventory Tracker',
  'Variant Inventory Qty', 'Variant Inventory Policy', 'Variant Fulfillment Service', 'Variant Price', 'Variant Compare At Price',
  'Variant Requires Shipping', 'Variant Taxable', 'Variant Barcode', 'Image Src', 'Image Position', 'Image Alt Text', 'Gift Card',
  'SEO Title', 'SEO Description', 'Variant Image', 'Variant Weight Unit', 'Cost per item', 'Status',
];

function writeFiles(dir: string): { shopify: string; shopctl: string } {
  const shopify = path.join(dir, 'shopify.csv');
  const shopctl = path.join(dir, 'shopctl.csv');
  const s: string[] = [SHOPIFY_HEADER.join(',')];
  const f: string[] = ['sku,name,description,price,category,stock,variant_sku,size,color,price_modifier,variant_stock'];
  for (let i = 0; i < PRODUCTS; i++) {
    const handle = `bench-tee-${i}`;
    const sku = handle.toUpperCase();
    const category = `Apparel > Tops > Tees ${i % 50}`;
    const base = 10 + (i % 90);
    f.push(`${sku},Bench tee ${i},Soft cotton tee number ${i}. Machine washable.,${base}.00,${category},0,,,,,`);
    SIZES.forEach((size, at) => {
      const price = `${base + at}.00`;
      const first = at === 0;
      s.push([
        handle, first ? `Bench tee ${i}` : '', first ? `"<p>Soft cotton tee number ${i}.</p>\n<p>Machine&nbsp;washable.</p>"` : '',
        first ? 'Bench Co' : '', first ? category : '', first ? 'Tees' : '', first ? '"bench, tee"' : '', first ? 'TRUE' : '',
        first ? 'Size' : '', size, '', '', '', '', `${sku}-${size}`, '200', 'shopify', String(at + 1), 'deny', 'manual', price, '',
        'TRUE', 'TRUE', '', first ? `https://cdn.example.com/${handle}.jpg` : '', first ? '1' : '', '', first ? 'FALSE' : '',
        '', '', '', 'kg', '', first ? 'active' : '',
      ].join(','));
      f.push(`${sku},,,,,,${sku}-${size},${size},,${at}.00,${at + 1}`);
    });
    // One image-only row per product, as real exports have.
    s.push([handle, ...Array(24).fill(''), `https://cdn.example.com/${handle}-back.jpg`, '2', ...Array(8).fill('')].join(','));
  }
  fs.writeFileSync(shopify, s.join('\n') + '\n');
  fs.writeFileSync(shopctl, f.join('\n') + '\n');
  return { shopify, shopctl };
}

function importSeconds(dir: string, file: string, round: number): number {
  const db = path.join(dir, `round-${round}-${path.basename(file)}.db`);
  const start = performance.now();
  const result = spawnSync(process.execPath, [SHOPCTL, '--db', db, '--json', 'import', 'products', file, '--create-categories'], {
    encoding: 'utf8', env: { ...process.env, CI: '1', NO_COLOR: '1' },
  });
  const seconds = (performance.now() - start) / 1000;
  if (result.status !== 0) throw new Error(`import products ${file} exited ${result.status}: ${result.stderr}`);
  const report = JSON.parse(result.stdout) as { changes: { variantsCreated: number } };
  if (report.changes.variantsCreated !== VARIANTS) throw new Error(`expected ${VARIANTS} variants, got ${report.changes.variantsCreated}`);
  return seconds;
}

export async function run(): Promise<BenchFigure[]> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-bench-catalogue-'));
  try {
    const files = writeFiles(dir);
    let own = Infinity;
    let shopify = Infinity;
    for (let round = 0; round < ROUNDS; round++) {
      own = Math.min(own, importSeconds(dir, files.shopctl, round));
      shopify = Math.min(shopify, importSeconds(dir, files.shopify, round));
    }
    const rate = VARIANTS / shopify;
    const baseline = VARIANTS / own;
    return [{
      name: `import products, Shopify CSV of ${VARIANTS.toLocaleString('en-US')} variants (spawned CLI, wall time)`,
      unit: 'variants/s', value: rate,
      baselineName: 'the same catalogue in shopctl\'s feed format', baseline,
      target: '≥ 0.5× baseline', ok: rate >= 0.5 * baseline,
      note: `best of ${ROUNDS}; ${shopify.toFixed(1)} s against ${own.toFixed(1)} s; ${PRODUCTS.toLocaleString('en-US')} products, one image-only row each`,
    }];
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
