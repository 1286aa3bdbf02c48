// Read-model rows and keyed access to them. Projections are written once against the
// ReadModels interface; it is backed by SQLite for live commands and by write-back memory
// maps for replay and bulk import, so every path projects events the same way.
import type { SqlDatabase, SqlStatement } from './sql.js';
import type { ReadModelTableName } from './schema.js';
import { KeyedRead } from './readAhead.js';
import type { Read } from './dialect.js';

export interface CategoryRow { id: string; name: string; nameKey: string; parentId: string | null; depth: number; path: string; createdAt: string }
export interface ProductRow {
  id: string; sku: string | null; name: string; description: string; price: number; currency: string;
  categoryId: string; active: number; inventoryId: string; createdAt: string; updatedAt: string;
}
export interface VariantRow {
  id: string; productId: string; sku: string; size: string | null; color: string | null;
  priceModifier: number; inventoryId: string; createdAt: string;
}
export interface SkuRow { skuKey: string; sku: string; productId: string; variantId: string | null }
export interface InventoryRow {
  inventoryId: string; productId: string; variantId: string | null; sku: string | null;
  onHand: number; reserved: number; updatedAt: string;
}
export interface CustomerRow { id: string; email: string; name: string; status: string; registeredAt: string }
export interface CartLine {
  productId: string; variantId: string | null; quantity: number; unitPrice: number; currency: string; addedAt: string;
}
/** `lines` is JSON (CartLine[]) in SQLite. */
export interface CartRow { id: string; customerId: string; lines: string; createdAt: string; updatedAt: string }
export interface OrderHistoryEntry { status: string; at: string; note: string | null }
/** `lineItems`, `shippingAddress` and `history` are JSON in SQLite. */
export interface OrderRow {
  id: string; customerId: string; status: string; lineItems: string; totalAmount: number; currency: string;
  shippingAddress: string; paymentMethod: string; paymentAuthorizationId: string; paymentCaptureId: string | null;
  trackingNumber: string | null; carrier: string | null; cancelReason: string | null; refundAmount: number | null;
  history: string; placedAt: string; updatedAt: string;
  /** The shop-wide order number (#1001…). */
  number: number | null;
}
/** Running numbers kept by projections (the last order number given). */
export interface CounterRow { name: string; value: number }

interface RowTypes {
  categories: CategoryRow; products: ProductRow; variants: VariantRow; skus: SkuRow; inventory: InventoryRow;
  customers: CustomerRow; carts: CartRow; orders: OrderRow; counters: CounterRow;
}

const KEY_COLUMN: { [T in ReadModelTableName]: keyof RowTypes[T] & string } = {
  categories: 'id', products: 'id', variants: 'id', skus: 'skuKey', inventory: 'inventoryId',
  customers: 'id', carts: 'id', orders: 'id', counters: 'name',
};

export interface Table<Row> {
  get(key: string): Row | undefined;
  put(row: Row): void;
}

export type ReadModels = { [T in ReadModelTableName]: Table<RowTypes[T]> };

/** Direct SQLite access: every put is a statement in the open transaction. */
class SqlTable<Row extends object> implements Table<Row> {
  private readonly selectStatement: SqlStatement;
  private upsertStatement: SqlStatement | undefined;
  private manyStatement: KeyedRead | undefined;

  constructor(private readonly db: SqlDatabase, readonly name: ReadModelTableName, readonly keyColumn: string) {
    // Table and column names come from this file's constants, never from input.
    this.selectStatement = db.prepare(`SELECT * FROM ${name} WHERE ${keyColumn} = ?`);
  }

  get(key: string): Row | undefined {
    return this.selectStatement.get(key) as Row | undefined;
  }

  /** get(key) as a read to send with others (dialect.ts readTogether); its rows are get()'s. */
  readOf(key: string): Read {
    return { statement: this.selectStatement, params: [key] };
  }

  getMany(keys: readonly string[]): Row[] {
    this.manyStatement ??= new KeyedRead(this.db, `SELECT * FROM ${this.name}`, this.keyColumn);
    return this.manyStatement.all(keys) as Row[];
  }

  put(row: Row): void {
    this.upsertStatement ??= this.prepareUpsert(row);
    this.upsertStatement.run(row);
  }

  private prepareUpsert(row: Row): SqlStatement {
    // ON CONFLICT on the key only: a clash on another unique column (a name, an email)
    // must fail loudly rather than silently replace a different row.
    const columns = Object.keys(row);
    const updates = columns.filter((c) => c !== this.keyColumn).map((c) => `${c} = excluded.${c}`);
    return this.db.prepare(
      `INSERT INTO ${this.name} (${columns.join(', ')}) VALUES (${columns.map((c) => '@' + c).join(', ')})` +
        ` ON CONFLICT (${this.keyColumn}) DO UPDATE SET ${updates.join(', ')}`,
    );
  }
}

/**
 * Write-back cache: reads fall through to SQLite (unless `empty`), writes stay in memory
 * until flush(), which writes only the rows that were put. Used where thousands of events
 * touch the same few rows (replay, import).
 */
class CachedTable<Row extends object> implements Table<Row> {
  private readonly rows = new Map<string, Row>();
  private readonly changed = new Set<string>();

  constructor(private readonly backing: SqlTable<Row>, private readonly empty: boolean) {}

  get(key: string): Row | undefined {
    const cached = this.rows.get(key);
    if (cached !== undefined || this.empty) return cached;
    const row = this.backing.get(key);
    if (row) this.rows.set(key, row);
    return row;
  }

  put(row: Row): void {
    const key = (row as Record<string, string>)[this.backing.keyColumn];
    const cached = this.rows.get(key);
    // Refill the row already cached rather than keep the new object: over a million-row import
    // the new one dies young, where keeping it promoted a row per event into V8's old space
    // (peak memory, docs/import.md). Rows from get() are read before a put, never after.
    if (cached !== undefined) Object.assign(cached, row);
    else this.rows.set(key, row);
    this.changed.add(key);
  }

  /** Fills the cache with the stored rows of these keys in one read (a bulk import's prefetch). */
  prefetch(keys: readonly string[]): void {
    if (this.empty) return;
    const missing = keys.filter((key) => !this.rows.has(key));
    for (const row of this.backing.getMany(missing)) {
      const key = (row as Record<string, string>)[this.backing.keyColumn];
      if (!this.rows.has(key)) this.rows.set(key, row);
    }
  }

  get dirty(): boolean {
    return this.changed.size > 0;
  }

  flush(): number {
    for (const key of this.changed) this.backing.put(this.rows.get(key)!);
    const written = this.changed.size;
    this.rows.clear();
    this.changed.clear();
    return written;
  }
}

function buildTables<T>(make: (name: ReadModelTableName, key: string) => T): Record<ReadModelTableName, T> {
  const tables = {} as Record<ReadModelTableName, T>;
  for (const name of Object.keys(KEY_COLUMN) as ReadModelTableName[]) tables[name] = make(name, KEY_COLUMN[name]);
  return tables;
}

export function sqlReadModels(db: SqlDatabase): ReadModels {
  return buildTables((name, key) => new SqlTable(db, name, key)) as unknown as ReadModels;
}

/**
 * The live read models of one write transaction, each table able to take a row read ahead with
 * another read (`prime`): the next get() of that key returns it without asking again. Any put
 * to the table, or a get of another key, forgets it. Made per transaction, so a row read in one
 * is never taken in the next. (UnitOfWork.load: an aggregate's row read with its snapshot.)
 */
export interface PrimedReadModels extends ReadModels {
  prime(table: ReadModelTableName, key: string, row: unknown): void;
  /** The read get(key) of `table` would make. */
  readOf(table: ReadModelTableName, key: string): Read;
}

export function primedReadModels(live: ReadModels): PrimedReadModels {
  const primed = new Map<ReadModelTableName, { key: string; row: unknown }>();
  const tables = buildTables((name): Table<object> => {
    const table = live[name] as unknown as Table<object>;
    return {
      get(key) {
        const ahead = primed.get(name);
        if (ahead) {
          primed.delete(name);
          if (ahead.key === key) return ahead.row as object | undefined;
        }
        return table.get(key);
      },
      put(row) {
        primed.delete(name);
        table.put(row);
      },
    };
  });
  return {
    ...(tables as unknown as ReadModels),
    prime: (table, key, row) => primed.set(table, { key, row }),
    readOf: (table, key) => (live[table] as unknown as SqlTable<object>).readOf(key),
  };
}

export interface CachedReadModels extends ReadModels {
  /** Writes every cached change to SQLite (inside the caller's transaction). */
  flush(): number;
  /** Writes the cached changes of these tables only: a query over them is about to run. */
  flushTables(names: readonly ReadModelTableName[]): void;
  /** Reads the stored rows of these keys into the cache at once, for the gets that follow. */
  prefetch(table: ReadModelTableName, keys: readonly string[]): void;
}

/**
 * Called by a read query with the tables it reads, before it runs: inside a transaction
 * whose read-model writes are held in memory, those are written first, so every read sees
 * the transaction's own writes whichever way the transaction keeps them.
 */
export type BeforeRead = (tables: readonly ReadModelTableName[]) => void;

/**
 * Read models held in memory and written on flush(). `empty: true` skips reading SQLite
 * (replay starts from cleared tables).
 */
export function cachedReadModels(db: SqlDatabase, options: { empty: boolean }): CachedReadModels {
  const tables = buildTables((name, key) => new CachedTable(new SqlTable(db, name, key), options.empty));
  return {
    ...(tables as unknown as ReadModels),
    flush: () => Object.values(tables).reduce((sum, table) => sum + table.flush(), 0),
    flushTables: (names) => {
      for (const name of names) if (tables[name].dirty) tables[name].flush();
    },
    prefetch: (table, keys) => tables[table].prefetch(keys),
  };
}
