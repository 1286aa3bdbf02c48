// A Shopify or WooCommerce export has dozens of columns shopctl has no use for (images, SEO,
// Google Shopping, weights, tax…): they are named once, in one line, not warned about one by one.
export function notImportedWarning(system: string, columns: string[], fileName: string): string {
  return `note: ${columns.length} ${system} column${columns.length === 1 ? ' was' : 's were'} not imported from ${fileName} ` +
    `(shopctl keeps no images, SEO, shipping, tax or marketing data): ${columns.join(', ')}`;
}
