// A product as every export format sees it: plain values, money in minor units.
export interface ExportedVariant {
  sku: string;
  size: string | null;
  color: string | null;
  priceModifierMinor: number;
  onHand: number;
}

export interface ExportedProduct {
  /** Its SKU; a product created without one gets a derived one (see docs/import.md). */
  sku: string;
  name: string;
  description: string;
  priceMinor: number;
  active: boolean;
  /** `Apparel > Shirts`, from the root. */
  categoryPath: string;
  /** Stock on hand of the product's own item (a product without variants). */
  onHand: number;
  variants: ExportedVariant[];
}

/** One export format: its header and the CSV rows of one product. */
export interface CatalogueWriter {
  header: string[];
  rows(product: ExportedProduct): string[][];
}
