// The pure rules for reading Shopify/WooCommerce catalogues, the HTML-to-text conversion and
// the export's spreadsheet-safe CSV cells.
import { describe, expect, it } from 'vitest';
import {
  derivedSku, flagValue, isDefaultTitleOption, isInactiveStatus, lastCategoryLevels, skuOfHandle, variantAttributeOf,
} from '../../src/domain/foreignCatalogue.js';
import { withoutFormulaGuard } from '../../src/domain/importRows.js';
import { htmlToText, textToHtml } from '../../src/app/import/formats/htmlText.js';
import { firstCategory } from '../../src/app/import/formats/woocommerce.js';
import { csvCell } from '../../src/app/output/index.js';

describe('foreign catalogue rules', () => {
  it('maps Size and Color/Colour in any case, nothing else', () => {
    expect(['Size', 'SIZE', ' size ', 'Color', 'colour', 'COLOUR'].map(variantAttributeOf)).toEqual(['size', 'size', 'size', 'color', 'color', 'color']);
    expect(['Material', 'Title', 'Sizes', ''].map(variantAttributeOf)).toEqual([undefined, undefined, undefined, undefined]);
  });

  it('recognises Shopify\'s Default Title placeholder', () => {
    expect(isDefaultTitleOption('Title', 'Default Title')).toBe(true);
    expect(isDefaultTitleOption('title', 'default title')).toBe(true);
    expect(isDefaultTitleOption('Title', 'Large')).toBe(false);
    expect(isDefaultTitleOption('Size', 'Default Title')).toBe(false);
  });

  it('derives SKUs deterministically from handle and option values', () => {
    expect(skuOfHandle('classic-varsity-top')).toBe('CLASSIC-VARSITY-TOP');
    expect(derivedSku('classic-varsity-top', ['Small'])).toBe('CLASSIC-VARSITY-TOP-SMALL');
    expect(derivedSku('ocean-blue-shirt', ['xs', 'Ocean Blue'])).toBe('OCEAN-BLUE-SHIRT-XS-OCEAN-BLUE');
    expect(derivedSku('tee', ['', 'Größe 42/44', ' '])).toBe('TEE-GR-SSE-42/44');
    expect(derivedSku('Wooden Spoon', [])).toBe('WOODEN-SPOON');
  });

  it('keeps the last three levels of a taxonomy path', () => {
    expect(lastCategoryLevels('Apparel & Accessories > Clothing > Clothing Tops > Shirts')).toBe('Clothing > Clothing Tops > Shirts');
    expect(lastCategoryLevels('Home > Kitchen')).toBe('Home > Kitchen');
    expect(lastCategoryLevels('  ')).toBe('');
  });

  it('reads yes/no flags and Shopify statuses', () => {
    expect(['TRUE', 'false', 'Yes', 'no', '1', '0', ''].map((t) => flagValue(t, true))).toEqual([true, false, true, false, true, false, true]);
    expect(flagValue('maybe', true)).toBeUndefined();
    expect(['draft', 'Archived', 'active', 'unlisted', ''].map(isInactiveStatus)).toEqual([true, true, false, false, false]);
  });

  it('takes the first WooCommerce category, with escaped commas', () => {
    expect(firstCategory('Clothing > Accessories, Clothing')).toBe('Clothing > Accessories');
    expect(firstCategory('Books\\, Maps > Atlases, Other')).toBe('Books, Maps > Atlases');
    expect(firstCategory('')).toBe('');
  });
});

describe('HTML descriptions', () => {
  it('removes tags, decodes entities, collapses whitespace; inline tags do not split words', () => {
    expect(htmlToText('<p>Caf&eacute; &amp; bar</p>\n\n<ul><li>One</li><li>Two</li></ul>')).toBe('Café & bar One Two');
    expect(htmlToText('bold<b>er</b> text<br/>next&nbsp;&hellip;&#8217;&#x41;')).toBe('bolder text next …’A');
    expect(htmlToText('<style>p{color:red}</style><!-- note --><script>alert(1)</script>Plain')).toBe('Plain');
    expect(htmlToText('  just   text \n')).toBe('just text');
    expect(htmlToText('&lt;b&gt; is a tag')).toBe('<b> is a tag');
  });

  it('textToHtml is read back to the same (collapsed) text', () => {
    for (const text of ['a & b <c> "d"', 'Line one\nline two', 'x &amp; y']) {
      expect(htmlToText(textToHtml(text))).toBe(text.replace(/\s+/g, ' '));
    }
  });
});

describe('spreadsheet-safe CSV cells', () => {
  it('neutralises formula starts but not plain numbers, and quotes what needs quoting', () => {
    expect(csvCell('=SUM(A1)')).toBe("'=SUM(A1)");
    expect(csvCell('+1 555')).toBe("'+1 555");
    expect(csvCell('@cmd')).toBe("'@cmd");
    expect(csvCell('-1.50')).toBe('-1.50');
    expect(csvCell('-x')).toBe("'-x");
    expect(csvCell('a,"b"')).toBe('"a,""b"""');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(withoutFormulaGuard(csvCell('=SUM(A1)'))).toBe('=SUM(A1)');
    expect(withoutFormulaGuard("'plain")).toBe("'plain");
  });
});
