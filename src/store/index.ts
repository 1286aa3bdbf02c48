// The store's public face: the application layer imports from here and nowhere deeper,
// so another store (a server-backed one) could stand behind the same names.
export { ShopStore, type TransactOptions, type TransactResult } from './shopStore.js';
export { UnitOfWork, type IdSource, type RunInfo, type CommandInfo } from './unitOfWork.js';
export { StoreError, type StoreErrorCode, type StoreErrorKind } from './errors.js';
export type { StoredEvent, EventMetadata, EventFilter } from './eventLog.js';
export { looksLikeId } from './queries/catalogue.js';
export { ProductViewQueries, type ProductStockRow, type VariantStockRow } from './queries/productViews.js';
export type * from './readModels.js';
