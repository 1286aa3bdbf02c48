// Shared checks for the import tests (the catalogue they import into: importedCatalogue()).
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { readOnly } from '../helpers/cli.js';
import type { RunResult } from '../helpers/shop.js';

export const ROOT = path.resolve(__dirname, '../..');
export const FIXTURES = path.join(ROOT, 'fixtures');
export const CORPUS = path.join(__dirname, 'corpus');

export function eventCount(db: string): number {
  return readOnly(db, (conn) => conn.prepare('SELECT COUNT(*) FROM events').pluck().get() as number);
}

export function importCount(db: string): number {
  return readOnly(db, (conn) => conn.prepare('SELECT COUNT(*) FROM imports').pluck().get() as number);
}

export function sha256Of(file: string): string {
  return createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Parses the `{"error":{...}}` document a --json run writes to stderr. */
export function jsonError(result: RunResult): { code: string; message: string; details: any } {
  return JSON.parse(result.stderr.trim().split('\n').pop()!).error;
}
