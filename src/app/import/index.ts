// CSV import use cases (SPEC §8): restock files, product files (shopctl, Shopify, WooCommerce), and their history.
export { importRestock } from './restock.js';
export { importProducts } from './products.js';
export { importHistory, type ImportKind, type ImportRecord } from './history.js';
export { ImportRejectedError, describeProblems, type ProblemSummary, type RowProblem } from './problems.js';
export type { ImportOptions, ImportProgress, ImportReport, ProductFileFormat } from './runImport.js';
