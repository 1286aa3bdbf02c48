// `shopctl doctor` on PostgreSQL: the schema version, every table, view and index the migrations
// create, the log's append-only triggers (present and enabled), and every stored event parsed.
// PostgreSQL checks its own pages (checksums, WAL); there is no file to look at.
import { checkEvents, problemAdder, type DoctorReport } from '../doctorReport.js';
import { StoreError } from '../errors.js';
import { SCHEMA_VERSION } from '../schema.js';
import { redactUrl } from './pgDatabase.js';
import { connectTo, noShopInDatabase, schemaVersion } from './pgShopStore.js';
import { expectedRelations, PG_APPEND_ONLY_TRIGGERS, PG_VERSION_TABLE } from './schema.js';

export function diagnosePostgres(url: string): DoctorReport {
  const shown = redactUrl(url);
  const report: DoctorReport = { file: shown, schemaVersion: null, objectsChecked: 0, eventsRead: 0, problems: [], problemsNotListed: 0 };
  const add = problemAdder(report);
  const db = connectTo(url, shown);
  try {
    report.schemaVersion = schemaVersion(db);
    // No shop: what every command that only reads says, and doctor on a missing SQLite file.
    if (report.schemaVersion === 0) throw noShopInDatabase(shown);
    if (report.schemaVersion > SCHEMA_VERSION) {
      add({ check: 'schema', where: PG_VERSION_TABLE, message: `schema version ${report.schemaVersion} is newer than this shopctl (${SCHEMA_VERSION})` });
      return report;
    }
    for (const name of expectedRelations(report.schemaVersion)) {
      report.objectsChecked++;
      if (!db.prepare('SELECT to_regclass(?) IS NOT NULL').pluck().get(name)) add({ check: 'schema', where: name, message: `${name} is missing` });
    }
    const triggers = new Map((db.prepare(
      `SELECT tgname, tgenabled FROM pg_trigger WHERE tgrelid = to_regclass('events') AND NOT tgisinternal`,
    ).raw().all() as [string, string][]));
    for (const name of PG_APPEND_ONLY_TRIGGERS) {
      report.objectsChecked++;
      const state = triggers.get(name);
      if (state === undefined) add({ check: 'schema', where: `trigger ${name}`, message: `trigger ${name} is missing (the log is no longer append-only)` });
      else if (state === 'D') add({ check: 'schema', where: `trigger ${name}`, message: `trigger ${name} is disabled (the log is no longer append-only)` });
    }
    if (db.prepare(`SELECT to_regclass('events') IS NOT NULL`).pluck().get()) checkEvents(db, report, add);
  } catch (error) {
    if (error instanceof StoreError) throw error; // NO_DATABASE: nothing to check
    const code = (error as { code?: string }).code ?? '';
    add({ check: 'file', where: shown, message: `${code ? `${code}: ` : ''}${(error as Error).message}` });
  } finally {
    db.close();
  }
  return report;
}
