// The store's public face: the application layer imports from here and nowhere deeper,
// so another store (a server-backed one) could stand behind the same names.
export { ShopStore, type IdSourceFactory, type TransactOptions, type TransactResult } from './shopStore.js';
export { UnitOfWork, type IdSource, type RunInfo, type CommandInfo } from './unitOfWork.js';
export { StoreError, isBusyError, type StoreErrorCode, type StoreErrorKind } from './errors.js';
export type { StoredEvent, EventMetadata, EventFilter } from './eventLog.js';
export { CustomerQueries } from './queries/customers.js';
export { CartQueries } from './queries/carts.js';
export { OrderQueries } from './queries/orders.js';
export { CredentialWriter, type PasswordHash } from './credentials.js';
export { ImportQueries, type ImportKind, type ImportRecord } from './queries/imports.js';
export { ProductViewQueries } from './queries/productViews.js';
export { CatalogueExportQueries, type CatalogueExportRow } from './queries/catalogueExport.js';
export { OutboxQueries, type PendingOutboxRow, type OutboxTypeCount, type OldestPending } from './queries/outbox.js';
export { OutboxDeliveryQueries, type StuckMessages } from './queries/outboxDelivery.js';
export type * from './readModels.js';
export { rebuildReadModels, verifyReadModels, type ReplayOptions, type ReplayResult, type VerifyResult, type ProjectionDifference } from './replay.js';
export { ShopSummaryQueries, type ShopSummary } from './queries/shopSummary.js';
export { diagnoseDatabase, type DoctorReport, type DoctorProblem } from './doctor.js';
