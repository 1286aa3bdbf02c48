// The read that opening a PostgreSQL shop starts with (PgShopStore.open): the schema version
// and the event log's enabled triggers, in one statement. Its own small module: the launcher's
// early connection (early.ts) sends it as soon as it has connected, while the CLI still loads.
import { PG_VERSION_TABLE } from './schema.js';

/** Fails with 42P01 when the database has no shop yet (no version table). */
export const OPENING_READ = `SELECT (SELECT COALESCE(MAX(version), 0) FROM ${PG_VERSION_TABLE}) AS version,
       (SELECT string_agg(tgname::text, ',') FROM pg_trigger
         WHERE tgrelid = to_regclass('events') AND NOT tgisinternal AND tgenabled <> 'D') AS triggers`;
