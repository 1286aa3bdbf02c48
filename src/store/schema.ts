// Schema migrations. The file's version lives in PRAGMA user_version; migration N brings a
// database from version N-1 to N. Never edit a released migration: add a new one.

export const MIGRATIONS: readonly string[] = [
  /* 1: event log, outbox, imports, credentials, settings and the read models */ `
  CREATE TABLE events (
    position      INTEGER PRIMARY KEY,
    eventId       TEXT NOT NULL UNIQUE,
    streamId      TEXT NOT NULL,
    streamVersion INTEGER NOT NULL,
    type          TEXT NOT NULL,
    schemaVersion INTEGER NOT NULL,
    data          TEXT NOT NULL,
    metadata      TEXT NOT NULL,
    recordedAt    TEXT NOT NULL,
    UNIQUE (streamId, streamVersion)
  );
  CREATE INDEX events_by_type ON events (type, position);
  CREATE TRIGGER events_no_update BEFORE UPDATE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: UPDATE on events is refused'); END;
  CREATE TRIGGER events_no_delete BEFORE DELETE ON events
    BEGIN SELECT RAISE(ABORT, 'the event log is append-only: DELETE on events is refused'); END;

  -- The outbox: messages are written once and never change; whether a message is pending or
  -- delivered lives in two narrow tables, so acknowledging 100,000 messages rewrites a few MB
  -- rather than every (large) message row.
  CREATE TABLE outbox_messages (
    sequence       INTEGER PRIMARY KEY,
    messageId      TEXT NOT NULL UNIQUE,
    type           TEXT NOT NULL,
    subject        TEXT NOT NULL,
    data           TEXT NOT NULL,
    occurredAt     TEXT NOT NULL,
    sourcePosition INTEGER NOT NULL
  );
  CREATE TABLE outbox_pending (
    sequence INTEGER PRIMARY KEY,
    type     TEXT NOT NULL
  );
  CREATE TABLE outbox_deliveries (
    sequence    INTEGER PRIMARY KEY,
    deliveredAt TEXT NOT NULL
  );
  -- One row per message with its delivery time (NULL while pending), for people and scripts.
  CREATE VIEW outbox AS
    SELECT m.sequence, m.messageId, m.type, m.subject, m.data, m.occurredAt, m.sourcePosition, d.deliveredAt
    FROM outbox_messages m LEFT JOIN outbox_deliveries d ON d.sequence = m.sequence;
  -- Setting deliveredAt by hand (an operator's repair) moves the message between the two states.
  CREATE TRIGGER outbox_set_delivered INSTEAD OF UPDATE OF deliveredAt ON outbox
  BEGIN
    DELETE FROM outbox_deliveries WHERE sequence = OLD.sequence;
    DELETE FROM outbox_pending WHERE sequence = OLD.sequence;
    INSERT INTO outbox_deliveries (sequence, deliveredAt) SELECT OLD.sequence, NEW.deliveredAt WHERE NEW.deliveredAt IS NOT NULL;
    INSERT INTO outbox_pending (sequence, type) SELECT OLD.sequence, OLD.type WHERE NEW.deliveredAt IS NULL;
  END;

  CREATE TABLE imports (
    id            TEXT PRIMARY KEY,
    kind          TEXT NOT NULL,
    sha256        TEXT NOT NULL,
    fileName      TEXT NOT NULL,
    rowsRead      INTEGER NOT NULL,
    rowsApplied   INTEGER NOT NULL,
    rowsRejected  INTEGER NOT NULL,
    eventsWritten INTEGER NOT NULL,
    forced        INTEGER NOT NULL DEFAULT 0,
    dryRun        INTEGER NOT NULL DEFAULT 0,
    importedAt    TEXT NOT NULL
  );
  CREATE INDEX imports_by_hash ON imports (kind, sha256);

  CREATE TABLE credentials (
    customerId TEXT PRIMARY KEY,
    algorithm  TEXT NOT NULL,
    salt       TEXT NOT NULL,
    hash       TEXT NOT NULL
  );
  CREATE TABLE verification_tokens (
    customerId TEXT PRIMARY KEY,
    token      TEXT NOT NULL,
    createdAt  TEXT NOT NULL
  );
  CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
  );

  -- Read models (projections of the event log; replay rebuilds them).
  CREATE TABLE categories (
    id        TEXT PRIMARY KEY,
    name      TEXT NOT NULL,
    nameKey   TEXT NOT NULL UNIQUE,
    parentId  TEXT,
    depth     INTEGER NOT NULL,
    path      TEXT NOT NULL,
    createdAt TEXT NOT NULL
  );
  CREATE TABLE products (
    id          TEXT PRIMARY KEY,
    sku         TEXT,
    name        TEXT NOT NULL,
    description TEXT NOT NULL,
    price       INTEGER NOT NULL,
    currency    TEXT NOT NULL,
    categoryId  TEXT NOT NULL,
    active      INTEGER NOT NULL,
    inventoryId TEXT NOT NULL,
    createdAt   TEXT NOT NULL,
    updatedAt   TEXT NOT NULL
  );
  CREATE INDEX products_by_category ON products (categoryId);
  CREATE TABLE variants (
    id            TEXT PRIMARY KEY,
    productId     TEXT NOT NULL,
    sku           TEXT NOT NULL,
    size          TEXT,
    color         TEXT,
    priceModifier INTEGER NOT NULL,
    inventoryId   TEXT NOT NULL,
    createdAt     TEXT NOT NULL
  );
  CREATE INDEX variants_by_product ON variants (productId);
  -- Every SKU in the catalogue (product and variant), case-insensitively unique.
  CREATE TABLE skus (
    skuKey    TEXT PRIMARY KEY,
    sku       TEXT NOT NULL,
    productId TEXT NOT NULL,
    variantId TEXT
  );
  CREATE TABLE inventory (
    inventoryId TEXT PRIMARY KEY,
    productId   TEXT NOT NULL,
    variantId   TEXT,
    sku         TEXT,
    onHand      INTEGER NOT NULL CHECK (onHand >= 0),
    reserved    INTEGER NOT NULL CHECK (reserved >= 0 AND reserved <= onHand),
    updatedAt   TEXT NOT NULL
  );
  CREATE INDEX inventory_by_product ON inventory (productId);
  CREATE TABLE customers (
    id           TEXT PRIMARY KEY,
    email        TEXT NOT NULL UNIQUE,
    name         TEXT NOT NULL,
    status       TEXT NOT NULL,
    registeredAt TEXT NOT NULL
  );
  CREATE TABLE carts (
    id         TEXT PRIMARY KEY,
    customerId TEXT NOT NULL UNIQUE,
    lines      TEXT NOT NULL,
    createdAt  TEXT NOT NULL,
    updatedAt  TEXT NOT NULL
  );
  CREATE TABLE orders (
    id                     TEXT PRIMARY KEY,
    customerId             TEXT NOT NULL,
    status                 TEXT NOT NULL,
    lineItems              TEXT NOT NULL,
    totalAmount            INTEGER NOT NULL,
    currency               TEXT NOT NULL,
    shippingAddress        TEXT NOT NULL,
    paymentMethod          TEXT NOT NULL,
    paymentAuthorizationId TEXT NOT NULL,
    paymentCaptureId       TEXT,
    trackingNumber         TEXT,
    carrier                TEXT,
    cancelReason           TEXT,
    refundAmount           INTEGER,
    history                TEXT NOT NULL,
    placedAt               TEXT NOT NULL,
    updatedAt              TEXT NOT NULL
  );
  CREATE INDEX orders_by_customer ON orders (customerId);
  CREATE INDEX orders_by_status ON orders (status);
  `,
  /* outbox delivery: who holds the outbox (lease) and failed delivery attempts per message */ `
  -- One row per lease name ('outbox'): held by one deliver or export run at a time, renewed
  -- while it works; expiresAt (unix ms, real clock) lets a killed holder's lease lapse.
  CREATE TABLE outbox_leases (
    name       TEXT PRIMARY KEY,
    holder     TEXT NOT NULL,
    purpose    TEXT NOT NULL,
    host       TEXT NOT NULL,
    pid        INTEGER NOT NULL,
    acquiredAt TEXT NOT NULL,
    expiresAt  INTEGER NOT NULL
  );
  -- Failed delivery attempts of pending messages (removed when the message is delivered):
  -- what is stuck, since when, and why (outbox status).
  CREATE TABLE outbox_attempts (
    sequence      INTEGER PRIMARY KEY,
    attempts      INTEGER NOT NULL,
    firstFailedAt TEXT NOT NULL,
    lastAttemptAt TEXT NOT NULL,
    lastError     TEXT NOT NULL
  );
  `,
  /* 3: order numbers (#1001…), numbered in order of placing; the counter is a read model */ `
  ALTER TABLE orders ADD COLUMN number INTEGER;
  UPDATE orders SET number = 1000 + (
    SELECT count(*) FROM events e WHERE e.type = 'OrderPlaced' AND e.position <= (
      SELECT p.position FROM events p WHERE p.type = 'OrderPlaced' AND p.streamId = 'order-' || orders.id));
  CREATE UNIQUE INDEX orders_by_number ON orders (number);
  CREATE TABLE counters (
    name  TEXT PRIMARY KEY,
    value INTEGER NOT NULL
  );
  INSERT INTO counters (name, value) SELECT 'lastOrderNumber', max(number) FROM orders HAVING max(number) IS NOT NULL;
  `,
  /* 4: aggregate snapshots (a cache of folded state, docs/events.md "Snapshots"), and orders in
        list order for keyset pagination (order list --after) */ `
  CREATE TABLE snapshots (
    streamId      TEXT PRIMARY KEY,
    streamVersion INTEGER NOT NULL,
    stateVersion  INTEGER NOT NULL,
    state         TEXT NOT NULL
  ) WITHOUT ROWID;
  CREATE INDEX orders_in_list_order ON orders (placedAt, id);
  `,
];

export const SCHEMA_VERSION = MIGRATIONS.length;

/** Read-model tables, in the order replay clears and refills them. */
export const READ_MODEL_TABLES = [
  'categories', 'products', 'variants', 'skus', 'inventory', 'customers', 'carts', 'orders', 'counters',
] as const;
export type ReadModelTableName = (typeof READ_MODEL_TABLES)[number];
