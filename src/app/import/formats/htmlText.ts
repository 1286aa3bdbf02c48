// Shopify's Body (HTML) and WooCommerce's Description hold HTML; a shopctl description is plain
// text. Tags go (block-level ones leave a space, inline ones nothing: `bold<b>er</b>` stays one
// word), entities are decoded by the `entities` package (the full HTML5 table: `&eacute;`,
// `&rsquo;`, `&#8230;`…), and runs of whitespace become one space.
import { decodeHTML, escapeUTF8 } from 'entities';

const BLOCK_TAGS = new Set([
  'address', 'article', 'aside', 'blockquote', 'br', 'dd', 'div', 'dl', 'dt', 'figcaption', 'figure', 'footer',
  'h1', 'h2', 'h3', 'h4', 'h5', 'h6', 'header', 'hr', 'li', 'main', 'nav', 'ol', 'p', 'pre', 'section', 'table',
  'tbody', 'td', 'tfoot', 'th', 'thead', 'tr', 'ul',
]);

export function htmlToText(html: string): string {
  if (!html.includes('<') && !html.includes('&')) return collapse(html);
  const withoutTags = html
    .replace(/<!--[\s\S]*?-->/g, ' ')
    .replace(/<(script|style)\b[\s\S]*?<\/\1\s*>/gi, ' ')
    .replace(/<\/?([a-zA-Z][a-zA-Z0-9]*)\b[^>]*>/g, (_tag, name: string) => (BLOCK_TAGS.has(name.toLowerCase()) ? ' ' : ''));
  return collapse(decodeHTML(withoutTags));
}

/** Plain text as HTML that htmlToText reads back to the same text (whitespace collapsed). */
export function textToHtml(text: string): string {
  return escapeUTF8(collapse(text));
}

function collapse(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}
