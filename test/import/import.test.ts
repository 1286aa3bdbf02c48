// Import behaviour through the built CLI: cron safety, --skip-invalid, stdin, --dry-run,
// product feeds and their re-runs, history.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, run, runJson, tempDb, importedCatalogue } from '../helpers/shop.js';
import { eventCount, FIXTURES, importCount, jsonError, sha256Of } from './support.js';

const RESTOCK = path.join(FIXTURES, 'restock.csv');
const PRODUCTS = path.join(FIXTURES, 'products.csv');

async function onHand(db: string): Promise<Record<string, number>> {
  const items = await runJson<{ sku: string; onHand: number }[]>(db, ['inventory', 'list']);
  return Object.fromEntries(items.map((i) => [i.sku, i.onHand]));
}

describe('import restock', () => {
  it('restocks every row as one InventoryRestocked with the file hash as source, and warns once about unknown columns', async () => {
    const db = await importedCatalogue();
    const before = await onHand(db);
    const eventsBefore = eventCount(db);
    const result = await run(['--db', db, '--json', 'import', 'restock', RESTOCK]);
    expect(result.code, result.stderr).toBe(0);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ kind: 'restock', rowsRead: 6, rowsApplied: 6, rowsRejected: 0, eventsWritten: 6, dryRun: false });
    expect(report.sha256).toBe(sha256Of(RESTOCK));
    expect(result.stderr.trim().split('\n')).toEqual(['warning: ignoring unknown column "note" in ' + RESTOCK]);
    const after = await onHand(db);
    expect(after['MUG-1']).toBe(before['MUG-1'] + 24);
    expect(after['HOOD-1-M-GRY']).toBe(before['HOOD-1-M-GRY'] + 4);
    const written = (await readEvents(db)).slice(eventsBefore);
    expect(written.map((e) => e.type)).toEqual(Array(6).fill('InventoryRestocked'));
    expect(new Set(written.map((e) => e.metadata.source))).toEqual(new Set([`import:${sha256Of(RESTOCK)}`]));
    expect(written.every((e) => e.metadata.command === 'RestockInventory')).toBe(true);
  });

  it('refuses the same content twice (naming the earlier import), and --force imports it again', async () => {
    const db = await importedCatalogue();
    const first = await runJson(db, ['import', 'restock', RESTOCK]);
    const afterFirst = eventCount(db);
    const copy = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-')), 'renamed.csv');
    fs.copyFileSync(RESTOCK, copy);
    const second = await run(['--db', db, 'import', 'restock', copy]);
    expect(second.code).toBe(3);
    expect(second.stderr).toContain(`import ${first.id} of ${RESTOCK}`);
    expect(second.stderr).toMatch(/already imported at \d{4}-\d\d-\d\dT/);
    expect(second.stderr).toContain('[ALREADY_IMPORTED]');
    expect(eventCount(db)).toBe(afterFirst);
    const forced = await runJson(db, ['import', 'restock', copy, '--force']);
    expect(forced).toMatchObject({ forced: true, eventsWritten: 6 });
    expect(eventCount(db)).toBe(afterFirst + 6);
    const history = await runJson<any[]>(db, ['import', 'history']);
    expect(history.map((h) => [h.kind, h.fileName, h.forced])).toEqual([
      ['restock', copy, true], ['restock', RESTOCK, false], ['products', PRODUCTS, false],
    ]);
    // Flags are booleans in every document (the column's raw 0 had reached dryRun here).
    expect(history.map((h) => h.dryRun)).toEqual([false, false, false]);
  });

  it('--skip-invalid applies the good rows, writes the bad ones with an error column, exits 6', async () => {
    const db = await importedCatalogue();
    const { dir } = tempDb();
    const file = path.join(dir, 'mixed.csv');
    fs.writeFileSync(file, 'sku,quantity\nMUG-1,2\nCAP-1,-3\n"TEE-1-S-BLK",1\nNOPE,4\nCAP-1,5\n');
    const rejects = path.join(dir, 'rejects.csv');
    const before = await onHand(db);
    const eventsBefore = eventCount(db);
    const result = await run(['--db', db, '--json', 'import', 'restock', file, '--skip-invalid', '--rejects', rejects]);
    expect(result.code, result.stderr).toBe(6);
    const report = JSON.parse(result.stdout);
    expect(report).toMatchObject({ rowsRead: 5, rowsApplied: 3, rowsRejected: 2, eventsWritten: 3, rejectsFile: rejects });
    expect(jsonError(result).code).toBe('ROWS_REJECTED');
    expect(fs.readFileSync(rejects, 'utf8')).toBe(
      'sku,quantity,error\n' +
        'CAP-1,-3,"line 3, quantity: ""-3"" is not a positive integer [INVALID_QUANTITY]"\n' +
        'NOPE,4,"line 5, sku: no product or variant ""NOPE"" [PRODUCT_NOT_FOUND]"\n',
    );
    expect(eventCount(db)).toBe(eventsBefore + 3);
    const after = await onHand(db);
    expect(after['MUG-1']).toBe(before['MUG-1'] + 2);
    expect(after['CAP-1']).toBe(before['CAP-1'] + 5);
    expect((await runJson<any[]>(db, ['import', 'history']))[0]).toMatchObject({ rowsRead: 5, rowsApplied: 3, rowsRejected: 2, eventsWritten: 3 });
  });

  it('groups many rows with one problem, showing the first line numbers', async () => {
    const db = await importedCatalogue();
    const { dir } = tempDb();
    const file = path.join(dir, 'zeros.csv');
    fs.writeFileSync(file, 'sku,quantity\n' + Array.from({ length: 12 }, () => 'MUG-1,0\n').join('') + 'NOPE,1\n');
    const result = await run(['--db', db, 'import', 'restock', file]);
    expect(result.code).toBe(3);
    const lines = result.stderr.trim().split('\n');
    expect(lines[0]).toBe('12 rows with INVALID_QUANTITY in quantity (lines 2, 3, 4, 5, 6, …), e.g. line 2, quantity: "0" is not a positive integer');
    expect(lines[1]).toBe('line 14, sku: no product or variant "NOPE" [PRODUCT_NOT_FOUND]');
    expect(lines).toHaveLength(3);
  });

  it('reads - from stdin and records it as "-"', async () => {
    const db = await importedCatalogue();
    const input = 'SKU , Quantity\r\nmug-1,7\r\n';
    const before = await onHand(db);
    const result = await run(['--db', db, '--json', 'import', 'restock', '-'], { input });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ file: '-', rowsApplied: 1, eventsWritten: 1 });
    expect((await onHand(db))['MUG-1']).toBe(before['MUG-1'] + 7);
    const again = await run(['--db', db, 'import', 'restock', '-'], { input });
    expect(again.code).toBe(3);
    expect(again.stderr).toContain('[ALREADY_IMPORTED]');
  });

  it('--dry-run reports what would change and writes nothing', async () => {
    const db = await importedCatalogue();
    const before = eventCount(db);
    const importsBefore = importCount(db);
    const result = await run(['--db', db, '--json', 'import', 'restock', RESTOCK, '--dry-run']);
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({
      id: null, dryRun: true, rowsApplied: 6, eventsWritten: 6, changes: { itemsRestocked: 6, unitsAdded: 86 },
    });
    expect(eventCount(db)).toBe(before);
    expect(importCount(db)).toBe(importsBefore);
    // A dry run is not an import: the real one is not refused afterwards.
    expect((await run(['--db', db, 'import', 'restock', RESTOCK])).code).toBe(0);
  });

  it('prints a summary on stderr and no progress bar when stderr is not a terminal', async () => {
    const db = await importedCatalogue();
    const result = await run(['--db', db, 'import', 'restock', RESTOCK]);
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^✔ imported .*restock\.csv: 6 of 6 rows applied, restocked 6 items by 86 units\n/);
    expect(result.stderr).toMatch(/restock\.csv: 6 rows read, 6 applied, 0 rejected, 6 events written in \d+\.\d\d s \([\d,]+ rows\/s\)\n$/);
    expect(result.stderr).not.toMatch(/[\r#]/);
  });

  it('shows a progress bar on stderr when stderr is a terminal, and clears it before the summary', async () => {
    const db = await importedCatalogue();
    const result = await run(['--db', db, 'import', 'restock', RESTOCK], { tty: { stderr: true } });
    expect(result.code).toBe(0);
    expect(result.stderr).toMatch(/\r.*restock\.csv \[[#-]{30}\] +\d+% \d+ rows/);
    expect(result.stderr).toContain('\r\x1b[2K');
    expect(result.stdout).not.toMatch(/[\r#]/);
  });

  it('is a usage error (exit 2) when the file does not exist', async () => {
    const db = await importedCatalogue();
    const result = await run(['--db', db, 'import', 'restock', '/nonexistent/restock.csv']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/cannot read \/nonexistent\/restock\.csv: no such file/);
  });
});

describe('import products', () => {
  it('creates categories, products, variants and their stock from the fixture feed', async () => {
    const { db } = tempDb();
    const report = await runJson(db, ['import', 'products', PRODUCTS, '--create-categories']);
    expect(report).toMatchObject({
      rowsRead: 9, rowsApplied: 9, rowsRejected: 0,
      changes: { categoriesCreated: 6, productsCreated: 4, variantsCreated: 5, pricesUpdated: 0, unitsStocked: 123 },
    });
    const events = await readEvents(db);
    expect(report.eventsWritten).toBe(events.length);
    const count = (type: string) => events.filter((e) => e.type === type).length;
    expect(count('CategoryCreated')).toBe(6);
    expect(count('ProductCreated')).toBe(4);
    expect(count('ProductUpdated')).toBe(5);
    expect(count('InventoryRestocked')).toBe(7);
    expect(new Set(events.map((e) => e.metadata.source))).toEqual(new Set([`import:${sha256Of(PRODUCTS)}`]));
    const tee = await runJson(db, ['product', 'show', 'TEE-1']);
    expect(tee.variants.map((v: { sku: string }) => v.sku).sort()).toEqual(['TEE-1-L-BLK', 'TEE-1-M-BLK', 'TEE-1-S-BLK']);
    const hoodie = await runJson(db, ['product', 'show', 'HOOD-1']);
    expect(hoodie.name).toBe('Zip hoodie');
    const stock = await onHand(db);
    expect(stock).toMatchObject({ 'MUG-1': 40, 'CAP-1': 25, 'TEE-1-S-BLK': 15, 'TEE-1-M-BLK': 20, 'HOOD-1-L-GRY': 5 });
    const categories = await runJson<{ path?: string; name: string }[]>(db, ['category', 'list']);
    expect(categories.map((c) => c.name)).toEqual(expect.arrayContaining(['Apparel', 'Shirts', 'Home', 'Kitchen']));
  });

  it('writes no events when the same feed runs again, and one ProductUpdated when a price changed', async () => {
    const db = await importedCatalogue();
    const before = eventCount(db);
    const again = await runJson(db, ['import', 'products', PRODUCTS, '--create-categories']);
    expect(again).toMatchObject({ eventsWritten: 0, rowsApplied: 9, changes: { rowsUnchanged: 9 } });
    expect(eventCount(db)).toBe(before);

    const changed = fs.readFileSync(PRODUCTS, 'utf8').replace('19.99', '21.50');
    const result = await run(['--db', db, '--json', 'import', 'products', '-'], { input: changed });
    expect(result.code, result.stderr).toBe(0);
    expect(JSON.parse(result.stdout)).toMatchObject({ eventsWritten: 1, changes: { pricesUpdated: 1 } });
    const written = (await readEvents(db)).slice(before);
    expect(written).toHaveLength(1);
    expect(written[0].type).toBe('ProductUpdated');
    expect(written[0].data.price).toEqual({ amount: 2150, currency: 'USD' });
    expect(written[0].metadata.source).toMatch(/^import:[0-9a-f]{64}$/);
  });

  it('without --create-categories names the missing category and writes nothing', async () => {
    const { db } = tempDb();
    await run(['--db', db, 'init']);
    const result = await run(['--db', db, '--json', 'import', 'products', PRODUCTS]);
    expect(result.code).toBe(3);
    const errors = jsonError(result).details.errors;
    expect(errors[0]).toMatchObject({ line: 2, column: 'category', code: 'CATEGORY_NOT_FOUND' });
    // The hoodie's row has a quoted two-line description: the next product row starts on line 11.
    expect(jsonError(result).details.groups[0]).toMatchObject({ code: 'CATEGORY_NOT_FOUND', count: 4, lines: [2, 3, 7, 11] });
    expect(eventCount(db)).toBe(0);
  });
});
