// Issue 16 items 4, 5 and 10: SKUs never look like ids, text that steers a terminal is refused
// where it has no business and escaped everywhere else on its way out, look-alike names collide.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { freeTextProblem, lineTextProblem, nameKey } from '../../src/domain/text.js';
import { checkSku } from '../../src/domain/validation.js';
import { forTerminal, oneLine, safeJson } from '../../src/commands/terminalText.js';
import { inProcess, ok, smallShop } from './support.js';

const ESC = '\x1b';
const CLIPBOARD = `${ESC}]52;c;Zm9v\x07`;
const HIDE = `${ESC}[8m`;

describe('a SKU may not look like an id or an order number (item 4)', () => {
  it('the domain refuses UUID and order-number shapes with INVALID_SKU', () => {
    for (const sku of ['2a19a70c-453e-853d-8210-46ba91dbf344', '2A19A70C-453E-853D-8210-46BA91DBF344', '1001', '#1001', ' 42 ']) {
      expect(() => checkSku(sku), sku).toThrowError(expect.objectContaining({ code: 'INVALID_SKU' }));
    }
    for (const sku of ['MUG-1', 'A1001', '1001-B', '2a19a70c']) expect(checkSku(sku)).toBe(sku);
  });

  it("a variant SKU equal to another product's id is refused, and that id still means the product", async () => {
    const { db, mugId } = await smallShop();
    const refused = await inProcess(db, ['--json', 'product', 'add-variant', 'TEE-1', '--sku', mugId, '--size', 'M']);
    expect(refused.code).toBe(3);
    expect(JSON.parse(refused.stderr).error.code).toBe('INVALID_SKU');
    const restocked = await ok(db, ['inventory', 'restock', mugId, '2']);
    expect(restocked.events[0].data.productId).toBe(mugId);
    const numbered = await inProcess(db, ['--json', 'product', 'create', '--name', 'Cup', '--price', '1', '--category', 'Apparel', '--sku', '#1001']);
    expect(JSON.parse(numbered.stderr).error.code).toBe('INVALID_SKU');
  });
});

describe('control and bidi characters (item 5)', () => {
  it('names, SKUs, emails and address fields refuse them; descriptions allow only tabs and line breaks', () => {
    for (const bad of ['a\x1bb', 'a\x07b', 'a\nb', 'a\u009bb', 'a\u0085b', 'a\u2028b', 'a\u202eb', 'a\u2066b', 'a\u200bb', 'a\ufeffb', 'a\ud800b']) {
      expect(lineTextProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
    expect(lineTextProblem('Café – 😀 Ünïcödé')).toBeNull();
    expect(freeTextProblem('line one\nline two\r\n\tindented')).toBeNull();
    for (const bad of [`x${CLIPBOARD}`, `x${HIDE}`, 'a\rb', 'a\u009db', 'a\u2029b', 'a\u202eb', 'a\udc00']) {
      expect(freeTextProblem(bad), JSON.stringify(bad)).not.toBeNull();
    }
  });

  it('the CLI refuses them in a description, a product name, a category name and an address; nothing is written', async () => {
    const { db } = await smallShop();
    const cases: [string[], string][] = [
      [['product', 'create', '--name', 'Tee', '--price', '1', '--category', 'Apparel', '--description', `nice ${CLIPBOARD}${HIDE}secret`], 'INVALID_DESCRIPTION'],
      [['product', 'create', '--name', 'Evil\u202eeT', '--price', '1', '--category', 'Apparel'], 'INVALID_NAME'],
      [['product', 'create', '--name', 'Ca\u009bp', '--price', '1', '--category', 'Apparel'], 'INVALID_NAME'],
      [['category', 'create', 'Apparel\u200b'], 'INVALID_NAME'],
      [['category', 'create', 'Broken \ud800'], 'INVALID_NAME'],
    ];
    for (const [argv, code] of cases) {
      const result = await inProcess(db, ['--json', ...argv]);
      expect(result.code, argv.join(' ')).toBe(3);
      expect(JSON.parse(result.stderr).error.code).toBe(code);
    }
    const multiline = await ok(db, ['product', 'create', '--name', 'Cup', '--price', '1', '--category', 'Apparel', '--description', 'one\n\ttwo']);
    expect(multiline.events[0].data.description).toBe('one\n\ttwo');
  });

  it('escapes everything else in one place: human output, one-line errors (human and JSON), file names in import lines and history', async () => {
    const { dir, db } = await smallShop();
    const evilName = path.join(dir, `n${HIDE}\u202ecsv.csv`);
    fs.writeFileSync(evilName, 'sku,quantity\nMUG-1,1\n');
    const imported = await inProcess(db, ['import', 'restock', evilName]);
    expect(imported.code, imported.stderr).toBe(0);
    const history = await inProcess(db, ['import', 'history']);
    const missing = await inProcess(db, ['product', 'show', `x${CLIPBOARD}\u009b\u2028\u202e`]);
    expect(missing.code).toBe(4);
    const missingJson = await inProcess(db, ['--json', 'product', 'show', `x${CLIPBOARD}\u202e`]);
    for (const text of [imported.stdout, imported.stderr, history.stdout, missing.stderr, missingJson.stderr]) {
      expect(text).not.toMatch(/[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]/);
    }
    expect(imported.stdout).toContain('\\x1b[8m\\u{202e}csv.csv');
    expect(history.stdout).toContain('\\x1b[8m');
    expect(missing.stderr).toMatch(/^error: .*\\x1b\]52;c;Zm9v\\x07\\u\{9b\}\\u\{2028\}\\u\{202e\}/);
    expect(missing.stderr.split('\n')).toHaveLength(2);
    // The JSON error is the same text, escaped as JSON.
    expect(JSON.parse(missingJson.stderr).error.message).toContain(`x${CLIPBOARD}\u202e`);
    expect(missingJson.stderr).toContain('\\u202e');
  });

  it('keeps the colours shopctl writes (when colour is on) and nothing else', () => {
    const ours = `${ESC}[32m✔${ESC}[39m ${ESC}[2mdim${ESC}[22m`;
    expect(forTerminal(ours, true)).toBe(ours);
    expect(forTerminal(ours, false)).toBe('\\x1b[32m✔\\x1b[39m \\x1b[2mdim\\x1b[22m');
    expect(forTerminal(`a${HIDE}b${CLIPBOARD}\r\n`, true)).toBe('a\\x1b[8mb\\x1b]52;c;Zm9v\\x07\\x0d\n');
    expect(oneLine('two\nlines\tand\u2029')).toBe('two\\nlines\\tand\\u{2029}');
    expect(JSON.parse(safeJson({ s: '\u009b\u202e\u2028' })).s).toBe('\u009b\u202e\u2028');
    expect(safeJson({ s: '\u202e' })).toBe('{"s":"\\u202e"}');
  });
});

describe('look-alike names (item 10)', () => {
  it('name keys: NFKC and full case folding, dotted and dotless i alike', () => {
    const pairs = [['Café', 'Cafe\u0301'], ['STRASSE', 'Straße'], ['\uff21pparel', 'Apparel'], ['İstanbul', 'istanbul'], ['ıstanbul', 'ISTANBUL']];
    for (const [a, b] of pairs) expect(nameKey(a), `${a} / ${b}`).toBe(nameKey(b));
    expect(nameKey('Apparel')).not.toBe(nameKey('Apparels'));
  });

  it('a lone surrogate from a fixture file is refused, not stored as unreadable bytes', async () => {
    const { dir, db } = await smallShop();
    const fixture = path.join(dir, 'fixture.json');
    fs.writeFileSync(fixture, '{"steps":[{"name":"bad","command":"category create","args":{"name":"Broken \\ud800 name"}}]}');
    const result = await inProcess(db, ['--json', 'fixtures', 'apply', fixture, '--append']);
    expect(result.code).toBe(3);
    expect(result.stderr).toContain('INVALID_NAME');
  });

  it('the CLI refuses a category whose name only looks different, and finds a category by any of its spellings', async () => {
    const { db } = await smallShop();
    await ok(db, ['category', 'create', 'Café']);
    await ok(db, ['category', 'create', 'Straße']);
    await ok(db, ['category', 'create', 'İstanbul']);
    for (const name of ['Cafe\u0301', 'CAFÉ', 'STRASSE', 'strasse', '\uff21pparel', 'istanbul', 'ıstanbul', 'ISTANBUL']) {
      const result = await inProcess(db, ['--json', 'category', 'create', name]);
      expect(result.code, name).toBe(3);
      expect(JSON.parse(result.stderr).error.code).toBe('DUPLICATE_CATEGORY_NAME');
    }
    const product = await ok(db, ['product', 'create', '--name', 'Bag', '--price', '3', '--category', 'strasse']);
    expect(product.events[0].data.categoryId).toBeTruthy();
  });
});
