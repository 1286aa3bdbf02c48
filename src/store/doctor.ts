// `shopctl doctor`: looks at a database without changing it — SQLite's integrity check, every
// schema object against what the migrations create, the log's append-only triggers, and every
// stored event parsed and shape-checked — and lists each problem with where it is.
import fs from 'node:fs';
import type Database from 'better-sqlite3';
import { sqliteDriver } from './sqliteDriver.js';
import { APPEND_ONLY_TRIGGERS } from './database.js';
import { checkEvents, problemAdder, type DoctorProblem, type DoctorReport } from './doctorReport.js';
import { diagnosePostgres } from './postgres/doctor.js';
import { isPostgresUrl } from './postgres/pgDatabase.js';
import { noShopDatabase } from './shopStore.js';
import { MIGRATIONS, SCHEMA_VERSION } from './schema.js';

export type { DoctorProblem, DoctorReport };

interface SchemaObject { type: string; name: string; sql: string | null }

export function diagnoseDatabase(file: string): DoctorReport {
  if (isPostgresUrl(file)) return diagnosePostgres(file);
  const stat = fs.statSync(file, { throwIfNoEntry: false });
  // Nothing to check, as every other command that only reads says (a PostgreSQL database without a shop too).
  if (!stat || (stat.isFile() && stat.size === 0)) throw noShopDatabase(file);
  const report: DoctorReport = { file, schemaVersion: null, objectsChecked: 0, eventsRead: 0, problems: [], problemsNotListed: 0 };
  const add = problemAdder(report);
  let db: Database.Database | undefined;
  try {
    db = new (sqliteDriver())(file, { readonly: true, fileMustExist: true });
    report.schemaVersion = db.pragma('user_version', { simple: true }) as number;
    const integrity = db.pragma('integrity_check', { simple: false }) as { integrity_check: string }[];
    for (const row of integrity) if (row.integrity_check !== 'ok') add({ check: 'integrity', where: file, message: row.integrity_check });
    checkSchema(db, report, add);
    if (hasTable(db, 'events')) checkEvents(db, report, add);
  } catch (error) {
    const code = (error as { code?: string }).code ?? '';
    add({ check: 'file', where: file, message: `${code ? `${code}: ` : ''}${(error as Error).message}` });
  } finally {
    db?.close();
  }
  return report;
}

function checkSchema(db: Database.Database, report: DoctorReport, add: (p: DoctorProblem) => void): void {
  const version = report.schemaVersion ?? 0;
  if (version > SCHEMA_VERSION) {
    add({ check: 'schema', where: 'user_version', message: `schema version ${version} is newer than this shopctl (${SCHEMA_VERSION})` });
    return;
  }
  if (version === 0) {
    add({ check: 'schema', where: 'user_version', message: 'not a shopctl database (schema version 0)' });
    return;
  }
  const expected = expectedSchema(version);
  const actual = new Map(objectsOf(db).map((o) => [`${o.type} ${o.name}`, o]));
  for (const [key, object] of expected) {
    report.objectsChecked++;
    const found = actual.get(key);
    if (!found) add({ check: 'schema', where: key, message: `${key} is missing${(APPEND_ONLY_TRIGGERS as readonly string[]).includes(object.name) ? ' (the log is no longer append-only)' : ''}` });
    else if (normaliseSql(found.sql) !== normaliseSql(object.sql)) add({ check: 'schema', where: key, message: `${key} differs from what shopctl created` });
  }
  for (const key of actual.keys()) {
    if (!expected.has(key)) add({ check: 'schema', where: key, message: `${key} was not created by shopctl` });
  }
}

/** The schema objects migrations 1..version create, by "type name". */
function expectedSchema(version: number): Map<string, SchemaObject> {
  const scratch = new (sqliteDriver())(':memory:');
  try {
    for (let next = 0; next < version; next++) scratch.exec(MIGRATIONS[next]);
    return new Map(objectsOf(scratch).map((o) => [`${o.type} ${o.name}`, o]));
  } finally {
    scratch.close();
  }
}

function objectsOf(db: Database.Database): SchemaObject[] {
  return db.prepare(`SELECT type, name, sql FROM sqlite_master WHERE name NOT LIKE 'sqlite_%'`).all() as SchemaObject[];
}

function hasTable(db: Database.Database, name: string): boolean {
  return db.prepare(`SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?`).get(name) !== undefined;
}

function normaliseSql(sql: string | null): string {
  return (sql ?? '').replace(/\s+/g, ' ').trim();
}
