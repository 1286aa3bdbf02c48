// Running shopctl in-process and building shops for the behaviour tests. `run` calls runCli
// with a fake IO (captured stdout/stderr, stdin from a string, its own env), so a command costs
// milliseconds instead of a Node start-up. What only a real process shows (exit codes seen by a
// shell, signals, a terminal, the working directory) is tested through ./cli.ts instead.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import type { CliIO, OutputStream } from '../../src/commands/io.js';
import { runCli } from '../../src/main.js';
import { checkRejection, countEvents, tempDb, type ErrorDocument, type RunResult } from './cli.js';
import { copyDatabase, shopExists } from './store.js';

export { countEvents, openReadOnly, tempDb, type ErrorDocument, type RunResult } from './cli.js';

export interface InProcessOptions {
  /** Given on stdin, which then ends (an empty stdin when absent, like a closed pipe); or a stream to read. */
  input?: string | Buffer | Readable;
  /** Added to the environment; `undefined` removes a variable. NO_COLOR=1 and CI=1 are set unless removed. */
  env?: Record<string, string | undefined>;
  /** Pretend stdin / stdout / stderr are terminals. */
  tty?: { stdin?: boolean; stdout?: boolean; stderr?: boolean };
}

function capture(isTTY: boolean | undefined): OutputStream & { text(): string } {
  const chunks: string[] = [];
  return { isTTY, write: (text: string) => (chunks.push(text), true), text: () => chunks.join('') };
}

/** The environment a command sees: only what the test gives (nothing leaks in from the runner's). */
function envOf(extra: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  const env: Record<string, string | undefined> = { NO_COLOR: '1', CI: '1' };
  for (const [key, value] of Object.entries(extra)) {
    if (value === undefined) delete env[key];
    else env[key] = value;
  }
  return env;
}

/** Runs `shopctl <args>` in this process, the in-process twin of cli.ts `shopctl()`. */
export async function run(args: string[], options: InProcessOptions = {}): Promise<RunResult> {
  const stdout = capture(options.tty?.stdout);
  const stderr = capture(options.tty?.stderr);
  const { input } = options;
  const stdin = (input instanceof Readable ? input : Readable.from(input === undefined || input.length === 0 ? [] : [input])) as CliIO['stdin'];
  stdin.isTTY = options.tty?.stdin;
  const code = await runCli(args, { stdout, stderr, stdin, env: envOf(options.env) });
  // A command on PostgreSQL waits synchronously and may end in promise callbacks only: let the
  // event loop turn, or a long series of commands starves vitest's own messages to this worker
  // ("Timeout calling onTaskUpdate").
  await new Promise((resolve) => setImmediate(resolve));
  return { code, stdout: stdout.text(), stderr: stderr.text() };
}

/** `shopctl --db <db> <args>` in-process (the caller checks the exit code). */
export function runIn(db: string, args: string[], options: InProcessOptions = {}): Promise<RunResult> {
  return run(['--db', db, ...args], options);
}

/** Runs with --db and --json and parses stdout; throws on a non-zero exit. */
export async function runJson<T = any>(db: string, args: string[], options: InProcessOptions = {}): Promise<T> {
  const result = await run(['--db', db, '--json', ...args], options);
  if (result.code !== 0) throw new Error(`shopctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** All events in the log, parsed (`events list --json` is NDJSON). */
export async function readEvents(db: string): Promise<any[]> {
  // No shop at all: nothing was written (and a read never creates one: NO_DATABASE).
  if (!shopExists(db)) return [];
  const result = await run(['--db', db, '--json', 'events', 'list']);
  if (result.code !== 0) throw new Error(result.stderr);
  return result.stdout.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/**
 * Runs with --db and --json and expects a rejection: the exit code, the JSON error with `code`
 * on stderr, nothing on stdout, and no event written.
 */
export async function expectRejected(
  db: string, args: string[], exitCode: number, code: string, options: InProcessOptions = {},
): Promise<RunResult & { error: ErrorDocument }> {
  const before = countEvents(db);
  return checkRejection(db, before, await run(['--db', db, '--json', ...args], options), exitCode, code);
}

// ---- Shops -------------------------------------------------------------------------------

export interface CatalogueShop {
  apparelId: string; shirtsId: string; teeId: string; mugId: string; variantM: string; variantL: string;
}

/** Apparel > Shirts; a T-shirt (TEE-1) with variants TEE-1-M and TEE-1-L; a mug (MUG-1) with stock 3. */
export async function catalogueShop(db: string): Promise<CatalogueShop> {
  const apparelId = (await runJson(db, ['category', 'create', 'Apparel'])).id;
  const shirtsId = (await runJson(db, ['category', 'create', 'Shirts', '--parent', 'Apparel'])).id;
  const teeId = (await runJson(db, ['product', 'create', '--name', 'T-shirt', '--price', '19.99', '--category', 'Shirts', '--sku', 'TEE-1'])).id;
  const mugId = (await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', '3'])).id;
  const variantM = (await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M'])).id;
  const variantL = (await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L', '--color', 'red', '--price-modifier', '2.00'])).id;
  return { apparelId, shirtsId, teeId, mugId, variantM, variantL };
}

export const PASSWORD = 'Tr0ub4dor&3-horse-staple';
export const ADDRESS = ['--name', 'Ada Lovelace', '--line1', '1 Main St', '--city', 'Springfield', '--postal-code', '12345', '--country', 'US'];

export interface OrderShop { db: string; mug: string; tee: string; teeM: string; teeL: string }

/** Category Apparel; MUG-1 (8.50, stock `mugStock`); TEE-1 (19.99) with TEE-1-M (+2.00) and TEE-1-L (+0), stock 5 each. */
export async function orderShop(db: string, mugStock = 10, options: InProcessOptions = {}): Promise<OrderShop> {
  await runJson(db, ['category', 'create', 'Apparel'], options);
  const mug = (await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '8.50', '--category', 'Apparel', '--sku', 'MUG-1', '--stock', String(mugStock)], options)).id;
  const tee = (await runJson(db, ['product', 'create', '--name', 'T-shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'TEE-1'], options)).id;
  const teeM = (await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-M', '--size', 'M', '--price-modifier', '2.00'], options)).id;
  const teeL = (await runJson(db, ['product', 'add-variant', 'TEE-1', '--sku', 'TEE-1-L', '--size', 'L'], options)).id;
  await runJson(db, ['inventory', 'restock', 'TEE-1-M', '5'], options);
  await runJson(db, ['inventory', 'restock', 'TEE-1-L', '5'], options);
  return { db, mug, tee, teeM, teeL };
}

/** Registers a customer with PASSWORD (given on stdin); returns the customer id. */
export async function register(db: string, email: string, name = 'Ada Lovelace', options: InProcessOptions = {}): Promise<string> {
  return (await runJson(db, ['customer', 'register', '--email', email, '--name', name, '--password-stdin'], { input: `${PASSWORD}\n`, ...options })).id;
}

export async function inventoryOf(db: string, sku: string): Promise<{ onHand: number; reserved: number; available: number }> {
  const items = await runJson<{ sku: string; onHand: number; reserved: number; available: number }[]>(db, ['inventory', 'list']);
  const item = items.find((i) => i.sku === sku);
  if (!item) throw new Error(`no inventory for ${sku}`);
  return { onHand: item.onHand, reserved: item.reserved, available: item.available };
}

const ROOT = path.resolve(__dirname, '../..');
let catalogueTemplate: string | undefined;

/** A fresh copy of a database holding fixtures/products.csv (categories, products, variants, stock). */
export async function importedCatalogue(): Promise<string> {
  if (!catalogueTemplate) {
    const { db } = tempDb('template.db');
    const result = await runIn(db, ['import', 'products', path.join(ROOT, 'fixtures', 'products.csv'), '--create-categories']);
    if (result.code !== 0) throw new Error(`building the template store failed: ${result.stderr}`);
    catalogueTemplate = db;
  }
  return copyOf(catalogueTemplate);
}

/** Category Apparel and one product "Linen shirt" (SHIRT-1, 19.99) with one unit in stock. */
export async function oneShirtShop(db: string): Promise<{ productId: string; inventoryId: string; name: string }> {
  await runJson(db, ['category', 'create', 'Apparel']);
  const created = await runJson(db, ['product', 'create', '--name', 'Linen shirt', '--price', '19.99', '--category', 'Apparel', '--sku', 'SHIRT-1', '--stock', '1']);
  const product = created.events.find((e: { type: string }) => e.type === 'ProductCreated').data;
  return { productId: product.productId, inventoryId: product.inventoryId, name: product.name };
}

const templates = new Map<string, Promise<{ file: string; value: unknown }>>();

/**
 * A fresh copy of a database that `build` filled once for this test file (the same `key` gives
 * the same template). For shops that are slow to build, such as registered customers: each
 * registration hashes a password on purpose (about a second here).
 */
export async function fromTemplate<T>(key: string, build: (db: string) => Promise<T>): Promise<{ db: string; value: T }> {
  let template = templates.get(key);
  if (!template) {
    template = (async () => {
      const { db: file } = tempDb('template.db');
      return { file, value: await build(file) };
    })();
    templates.set(key, template);
  }
  const { file, value } = await template;
  return { db: copyOf(file), value: value as T };
}

/** A fresh copy of the template database `file`: a file in a new folder, or a new PostgreSQL database. */
function copyOf(file: string): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'shopctl-test-'));
  return copyDatabase(file, path.join(dir, 'shop.db'));
}

export interface ShopWithCustomers extends OrderShop { customers: string[] }

/** orderShop(mugStock) with these customers registered ([email, name]), copied from a template. */
export async function orderShopWith(customers: [email: string, name?: string][], mugStock = 10): Promise<ShopWithCustomers> {
  const key = `orderShop:${mugStock}:${JSON.stringify(customers)}`;
  const { db, value } = await fromTemplate(key, async (file) => {
    const shop = await orderShop(file, mugStock);
    const ids: string[] = [];
    for (const [email, name] of customers) ids.push(await register(file, email, name));
    return { ...shop, customers: ids };
  });
  return { ...value, db };
}

export const DEMO_SHOP = path.join(ROOT, 'fixtures', 'demo-shop.json');
export const DEMO_NOW = '2026-03-01T09:00:00Z';

/** A copy of fixtures/demo-shop.json applied with SHOPCTL_NOW=DEMO_NOW, and the summary `--json` printed. */
export async function demoShop(): Promise<{ db: string; summary: any }> {
  const { db, value } = await fromTemplate('demo-shop', async (file) => {
    const result = await runIn(file, ['--json', 'fixtures', 'apply', DEMO_SHOP], { env: { SHOPCTL_NOW: DEMO_NOW } });
    if (result.code !== 0) throw new Error(`applying the demo shop failed: ${result.stderr}`);
    return JSON.parse(result.stdout);
  });
  return { db, summary: value };
}
