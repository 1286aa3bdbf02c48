// Shared set-up for the import tests: a store with the fixture catalogue, copied per test.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { openReadOnly, shopctl, tempDb, type RunResult } from '../helpers/cli.js';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CORPUS = path.join(__dirname, 'corpus');

let template: string | undefined;

/** A database holding fixtures/products.csv (categories, products, variants, stock). */
export function catalogueDb(): string {
  if (!template) {
    const { db } = tempDb('template.db');
    const result = shopctl(['--db', db, 'import', 'products', path.join(FIXTURES, 'products.csv'), '--create-categories']);
    if (result.code !== 0) throw new Error(`building the template store failed: ${result.stderr}`);
    template = db;
  }
  const { db } = tempDb();
  fs.copyFileSync(template, db);
  return db;
}

export function eventCount(db: string): number {
  const conn = openReadOnly(db);
  try {
    return conn.prepare('SELECT COUNT(*) FROM events').pluck().get() as number;
  } finally {
    conn.close();
  }
}

export function importCount(db: string): number {
  const conn = openReadOnly(db);
  try {
    return conn.prepare('SELECT COUNT(*) FROM imports').pluck().get() as number;
  } finally {
    conn.close();
  }
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Parses the `{"error":{...}}` document a --json run writes to stderr. */
export function jsonError(result: RunResult): { code: string; message: string; details: any } {
  return JSON.parse(result.stderr.trim().split('\n').pop()!).error;
}
