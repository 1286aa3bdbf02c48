// The store's door: the application layer imports from here and nowhere deeper. `ShopStore`
// (door.ts) is what a store offers; the SQLite store implements it. A second store (e.g.
// PostgreSQL) implements the same interface in its own folder and is opened in app/shopApp.ts.
export type {
  ShopStore, UnitOfWork, IdSource, IdSourceFactory, RunInfo, CommandInfo, TransactOptions, TransactResult, WriteSteps,
  CatalogueReads, CustomerReads, CartReads, OrderReads, ImportHistory, ProductViews, OutboxReads, ShopSummaryReads,
  Credentials, EventReads, CatalogueExport, OutboxDelivery,
} from './door.js';
export { SqliteShopStore } from './shopStore.js';
export { openShopStore, shownLocation, withoutPasswords, isPostgresUrl, copyShopBetween, type CopyProgress, type CopyResult } from './open.js';
export { storeFailure } from './failures.js';
export { StoreError, isBusyError, type StoreErrorCode, type StoreErrorKind } from './errors.js';
export type { StoredEvent, EventMetadata, EventFilter } from './eventLog.js';
export type { PasswordHash } from './credentials.js';
export type { ImportKind, ImportRecord } from './queries/imports.js';
export type { PendingOutboxRow, OutboxTypeCount, OldestPending } from './queries/outbox.js';
export type { StuckMessages } from './queries/outboxDelivery.js';
export type { CatalogueExportRow } from './queries/catalogueExport.js';
export type { NamedItems } from './queries/catalogue.js';
export type { ShopSummary } from './queries/shopSummary.js';
export type { CategoryRow, CustomerRow, SkuRow, VariantRow, InventoryRow, CartLine, OrderHistoryEntry } from './readModels.js';
export type { ProductRecord, CartRecord, OrderRecord, ProductView, VariantView } from './views.js';
export type { ReplayResult, VerifyResult, ProjectionDifference } from './replay.js';
export type { OrderListFilter } from './queries/orders.js';
export type { InventoryListRow } from './queries/productViews.js';
export { diagnoseDatabase, type DoctorReport, type DoctorProblem } from './doctor.js';
