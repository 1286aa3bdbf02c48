// The PostgreSQL schema: the same tables, columns and indexes as SQLite's (../schema.ts),
// migration for migration, so that one query text serves both stores. Identifiers are quoted
// to keep their camelCase (rows come back with the keys the query code reads); text sorts by
// byte ("C" collation) as SQLite's BINARY does, so ordered reads and key comparisons agree.
// The version lives in shopctl_schema (PostgreSQL has no user_version). Never edit a released
// migration: add one here and in ../schema.ts.

const TEXT = 'TEXT COLLATE "C"';

export const PG_MIGRATIONS: readonly string[] = [
  /* 1: event log, outbox, imports, credentials, settings and the read models */ `
  CREATE TABLE events (
    position        BIGINT PRIMARY KEY,
    "eventId"       ${TEXT} NOT NULL UNIQUE,
    "streamId"      ${TEXT} NOT NULL,
    "streamVersion" INTEGER NOT NULL,
    type            ${TEXT} NOT NULL,
    "schemaVersion" INTEGER NOT NULL,
    data            TEXT NOT NULL,
    metadata        TEXT NOT NULL,
    "recordedAt"    ${TEXT} NOT NULL,
    UNIQUE ("streamId", "streamVersion")
  );
  CREATE INDEX events_by_type ON events (type, position);
  -- The log is append-only by the database's own rule, whoever connects.
  CREATE FUNCTION shopctl_refuse_event_change() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    RAISE EXCEPTION 'the event log is append-only: % on events is refused', TG_OP USING ERRCODE = 'restrict_violation';
  END $$;
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events FOR EACH ROW EXECUTE FUNCTION shopctl_refuse_event_change();
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION shopctl_refuse_event_change();
  CREATE TRIGGER events_no_truncate BEFORE TRUNCATE ON events FOR EACH STATEMENT EXECUTE FUNCTION shopctl_refuse_event_change();

  CREATE TABLE outbox_messages (
    sequence         BIGINT PRIMARY KEY,
    "messageId"      ${TEXT} NOT NULL UNIQUE,
    type             ${TEXT} NOT NULL,
    subject          ${TEXT} NOT NULL,
    data             TEXT NOT NULL,
    "occurredAt"     ${TEXT} NOT NULL,
    "sourcePosition" BIGINT NOT NULL
  );
  CREATE TABLE outbox_pending (
    sequence BIGINT PRIMARY KEY,
    type     ${TEXT} NOT NULL
  );
  CREATE TABLE outbox_deliveries (
    sequence      BIGINT PRIMARY KEY,
    "deliveredAt" ${TEXT} NOT NULL
  );
  CREATE VIEW outbox AS
    SELECT m.sequence, m."messageId", m.type, m.subject, m.data, m."occurredAt", m."sourcePosition", d."deliveredAt"
    FROM outbox_messages m LEFT JOIN outbox_deliveries d ON d.sequence = m.sequence;
  -- Setting deliveredAt by hand (an operator's repair) moves the message between the two states.
  CREATE FUNCTION shopctl_outbox_set_delivered() RETURNS trigger LANGUAGE plpgsql AS $$
  BEGIN
    DELETE FROM outbox_deliveries WHERE sequence = OLD.sequence;
    DELETE FROM outbox_pending WHERE sequence = OLD.sequence;
    IF NEW."deliveredAt" IS NOT NULL THEN
      INSERT INTO outbox_deliveries (sequence, "deliveredAt") VALUES (OLD.sequence, NEW."deliveredAt");
    ELSE
      INSERT INTO outbox_pending (sequence, type) VALUES (OLD.sequence, OLD.type);
    END IF;
    RETURN NEW;
  END $$;
  CREATE TRIGGER outbox_set_delivered INSTEAD OF UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION shopctl_outbox_set_delivered();

  CREATE TABLE imports (
    id              ${TEXT} PRIMARY KEY,
    kind            ${TEXT} NOT NULL,
    sha256          ${TEXT} NOT NULL,
    "fileName"      TEXT NOT NULL,
    "rowsRead"      BIGINT NOT NULL,
    "rowsApplied"   BIGINT NOT NULL,
    "rowsRejected"  BIGINT NOT NULL,
    "eventsWritten" BIGINT NOT NULL,
    forced          INTEGER NOT NULL DEFAULT 0,
    "dryRun"        INTEGER NOT NULL DEFAULT 0,
    "importedAt"    ${TEXT} NOT NULL,
    -- SQLite's rowid: the order imports were recorded in.
    "recordedOrder" BIGSERIAL NOT NULL
  );
  CREATE INDEX imports_by_hash ON imports (kind, sha256);

  CREATE TABLE credentials (
    "customerId" ${TEXT} PRIMARY KEY,
    algorithm    TEXT NOT NULL,
    salt         TEXT NOT NULL,
    hash         TEXT NOT NULL
  );
  CREATE TABLE verification_tokens (
    "customerId" ${TEXT} PRIMARY KEY,
    token        TEXT NOT NULL,
    "createdAt"  ${TEXT} NOT NULL
  );
  CREATE TABLE settings (
    key   ${TEXT} PRIMARY KEY,
    value TEXT NOT NULL
  );

  CREATE TABLE categories (
    id          ${TEXT} PRIMARY KEY,
    name        ${TEXT} NOT NULL,
    "nameKey"   ${TEXT} NOT NULL UNIQUE,
    "parentId"  ${TEXT},
    depth       INTEGER NOT NULL,
    path        ${TEXT} NOT NULL,
    "createdAt" ${TEXT} NOT NULL
  );
  CREATE TABLE products (
    id            ${TEXT} PRIMARY KEY,
    sku           ${TEXT},
    name          ${TEXT} NOT NULL,
    description   TEXT NOT NULL,
    price         BIGINT NOT NULL,
    currency      ${TEXT} NOT NULL,
    "categoryId"  ${TEXT} NOT NULL,
    active        INTEGER NOT NULL,
    "inventoryId" ${TEXT} NOT NULL,
    "createdAt"   ${TEXT} NOT NULL,
    "updatedAt"   ${TEXT} NOT NULL
  );
  CREATE INDEX products_by_category ON products ("categoryId");
  CREATE TABLE variants (
    id              ${TEXT} PRIMARY KEY,
    "productId"     ${TEXT} NOT NULL,
    sku             ${TEXT} NOT NULL,
    size            ${TEXT},
    color           ${TEXT},
    "priceModifier" BIGINT NOT NULL,
    "inventoryId"   ${TEXT} NOT NULL,
    "createdAt"     ${TEXT} NOT NULL
  );
  CREATE INDEX variants_by_product ON variants ("productId");
  CREATE TABLE skus (
    "skuKey"    ${TEXT} PRIMARY KEY,
    sku         ${TEXT} NOT NULL,
    "productId" ${TEXT} NOT NULL,
    "variantId" ${TEXT}
  );
  CREATE TABLE inventory (
    "inventoryId" ${TEXT} PRIMARY KEY,
    "productId"   ${TEXT} NOT NULL,
    "variantId"   ${TEXT},
    sku           ${TEXT},
    "onHand"      BIGINT NOT NULL CHECK ("onHand" >= 0),
    reserved      BIGINT NOT NULL CHECK (reserved >= 0 AND reserved <= "onHand"),
    "updatedAt"   ${TEXT} NOT NULL
  );
  CREATE INDEX inventory_by_product ON inventory ("productId");
  CREATE TABLE customers (
    id             ${TEXT} PRIMARY KEY,
    email          ${TEXT} NOT NULL UNIQUE,
    name           ${TEXT} NOT NULL,
    status         ${TEXT} NOT NULL,
    "registeredAt" ${TEXT} NOT NULL
  );
  CREATE TABLE carts (
    id           ${TEXT} PRIMARY KEY,
    "customerId" ${TEXT} NOT NULL UNIQUE,
    lines        TEXT NOT NULL,
    "createdAt"  ${TEXT} NOT NULL,
    "updatedAt"  ${TEXT} NOT NULL
  );
  CREATE TABLE orders (
    id                       ${TEXT} PRIMARY KEY,
    "customerId"             ${TEXT} NOT NULL,
    status                   ${TEXT} NOT NULL,
    "lineItems"              TEXT NOT NULL,
    "totalAmount"            BIGINT NOT NULL,
    currency                 ${TEXT} NOT NULL,
    "shippingAddress"        TEXT NOT NULL,
    "paymentMethod"          ${TEXT} NOT NULL,
    "paymentAuthorizationId" ${TEXT} NOT NULL,
    "paymentCaptureId"       ${TEXT},
    "trackingNumber"         ${TEXT},
    carrier                  ${TEXT},
    "cancelReason"           TEXT,
    "refundAmount"           BIGINT,
    history                  TEXT NOT NULL,
    "placedAt"               ${TEXT} NOT NULL,
    "updatedAt"              ${TEXT} NOT NULL
  );
  CREATE INDEX orders_by_customer ON orders ("customerId");
  CREATE INDEX orders_by_status ON orders (status);
  `,
  /* 2: outbox delivery: the lease and failed delivery attempts per message */ `
  CREATE TABLE outbox_leases (
    name         ${TEXT} PRIMARY KEY,
    holder       ${TEXT} NOT NULL,
    purpose      ${TEXT} NOT NULL,
    host         ${TEXT} NOT NULL,
    pid          INTEGER NOT NULL,
    "acquiredAt" ${TEXT} NOT NULL,
    "expiresAt"  BIGINT NOT NULL
  );
  CREATE TABLE outbox_attempts (
    sequence        BIGINT PRIMARY KEY,
    attempts        INTEGER NOT NULL,
    "firstFailedAt" ${TEXT} NOT NULL,
    "lastAttemptAt" ${TEXT} NOT NULL,
    "lastError"     TEXT NOT NULL
  );
  `,
  /* 3: order numbers (#1001…) and the counters read model */ `
  ALTER TABLE orders ADD COLUMN number BIGINT;
  CREATE UNIQUE INDEX orders_by_number ON orders (number);
  CREATE TABLE counters (
    name  ${TEXT} PRIMARY KEY,
    value BIGINT NOT NULL
  );
  `,
  /* 4: aggregate snapshots, and orders in list order for keyset pagination */ `
  CREATE TABLE snapshots (
    "streamId"      ${TEXT} PRIMARY KEY,
    "streamVersion" INTEGER NOT NULL,
    "stateVersion"  INTEGER NOT NULL,
    state           TEXT NOT NULL
  );
  CREATE INDEX orders_in_list_order ON orders ("placedAt", id);
  `,
];

/** The triggers (migration 1) that make the database itself refuse changes to the log. */
export const PG_APPEND_ONLY_TRIGGERS = ['events_no_update', 'events_no_delete', 'events_no_truncate'] as const;

/** Where the schema version is kept (one row). */
export const PG_VERSION_TABLE = 'shopctl_schema';

/** Tables, views and indexes named in migrations 1..version (CREATE TABLE|VIEW|INDEX name). */
export function expectedRelations(version: number): string[] {
  const names: string[] = [];
  for (const migration of PG_MIGRATIONS.slice(0, version)) {
    for (const match of migration.matchAll(/CREATE (?:UNIQUE )?(?:TABLE|VIEW|INDEX) (\w+)/g)) names.push(match[1]);
  }
  return names;
}
