// Shared by the PostgreSQL reliability tests: the built CLI run against a postgres:// URL, and a
// raw `pg` client (what an operator's psql would be) for looking into — or tampering with — the
// database behind shopctl's back.
import fs from 'node:fs';
import path from 'node:path';
import pg from 'pg';
import { expect } from 'vitest';
import { shopctl, shopctlAsync, tempDb, type RunOptions, type RunResult } from '../helpers/cli.js';

export { freshDatabase, startTestPostgres } from '../helpers/postgres.js';

/** Runs one SQL statement on its own connection; the rows. */
export async function sql<T = any>(url: string, text: string, values: unknown[] = []): Promise<T[]> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return (await client.query(text, values)).rows as T[];
  } finally {
    await client.end();
  }
}

/** The error a raw statement fails with (the test fails if it succeeds). */
export async function sqlError(url: string, text: string): Promise<{ code?: string; message: string }> {
  try {
    await sql(url, text);
  } catch (error) {
    return error as { code?: string; message: string };
  }
  throw new Error(`expected the database to refuse: ${text}`);
}

export function run(url: string, args: string[], options: RunOptions = {}): RunResult {
  return shopctl(['--db', url, ...args], options);
}

export function runAsync(url: string, args: string[], options: RunOptions = {}): Promise<RunResult> {
  return shopctlAsync(['--db', url, ...args], options);
}

/** `--json` run that must succeed; stdout parsed. */
export function json<T = any>(url: string, args: string[], options: RunOptions = {}): T {
  const result = run(url, ['--json', ...args], options);
  if (result.code !== 0) throw new Error(`shopctl ${args.join(' ')} exited ${result.code}: ${result.stderr}`);
  return JSON.parse(result.stdout) as T;
}

/** NDJSON output as objects. */
export function ndjson(text: string): any[] {
  return text.split('\n').filter(Boolean).map((line) => JSON.parse(line));
}

/** The one JSON error document of a `--json` run that failed with `exit`. */
export function expectJsonError(result: RunResult, exit: number, code: string): { code: string; message: string; details: any } {
  expect(result.code, result.stderr).toBe(exit);
  expect(result.stdout).toBe('');
  // An import's warnings (an unknown column) come first by design (docs/reliability.md).
  const lines = result.stderr.trimEnd().split('\n').filter((line) => !line.startsWith('warning: '));
  expect(lines, result.stderr).toHaveLength(1);
  const error = JSON.parse(lines[0]!).error;
  expect(error.code, result.stderr).toBe(code);
  return error;
}

/** Never a JavaScript stack trace or a raw driver dump. */
export function expectNoStack(text: string, context = ''): void {
  expect(text, context).not.toMatch(/^\s+at /m);
  expect(text, context).not.toMatch(/node:internal|\.js:\d+:\d+/);
}

export interface RawEvent { position: number; eventId: string; streamId: string; streamVersion: number; type: string; data: any; metadata: any }

/** Every event straight from the events table, in position order. */
export async function rawEvents(url: string): Promise<RawEvent[]> {
  const rows = await sql(url, 'SELECT position, "eventId", "streamId", "streamVersion", type, data, metadata FROM events ORDER BY position');
  return rows.map((r) => ({ ...r, position: Number(r.position), data: JSON.parse(r.data), metadata: JSON.parse(r.metadata) }));
}

/** Positions 1..n with no gap, event ids unique, every stream's versions 1..k. */
export function expectGapFreeLog(events: RawEvent[]): void {
  expect(events.map((e) => e.position)).toEqual(events.map((_, i) => i + 1));
  expect(new Set(events.map((e) => e.eventId)).size).toBe(events.length);
  const versions = new Map<string, number[]>();
  for (const e of events) versions.set(e.streamId, [...(versions.get(e.streamId) ?? []), e.streamVersion]);
  for (const [stream, list] of versions) expect(list, stream).toEqual(list.map((_, i) => i + 1));
}

export function expectReplayVerifies(url: string): void {
  const result = run(url, ['replay', '--verify']);
  expect(result.code, result.stdout + result.stderr).toBe(0);
}

/** A catalogue of `count` products SKU-1…SKU-n (category Home, no stock), written by one import. */
export function catalogueFile(count: number, stock = 0): string {
  const { dir } = tempDb();
  const file = path.join(dir, 'products.csv');
  const rows = Array.from({ length: count }, (_, i) => `SKU-${i + 1},Product ${i + 1},,1.00,Home,${stock}`);
  fs.writeFileSync(file, `sku,name,description,price,category,stock\n${rows.join('\n')}\n`);
  return file;
}

/** A restock CSV of `rows` rows over SKU-1…SKU-skus, one unit each; its path. */
export function restockFile(rows: number, skus: number, tag = 'x'): string {
  const { dir } = tempDb();
  const file = path.join(dir, `restock-${tag}.csv`);
  const lines = Array.from({ length: rows }, (_, i) => `SKU-${(i % skus) + 1},1,${tag}`);
  fs.writeFileSync(file, `sku,quantity,note\n${lines.join('\n')}\n`);
  return file;
}
