// The event log's guarantees on PostgreSQL, held by the database itself: append-only whoever
// connects (triggers), writes refused when that protection is gone, a schema from a newer
// shopctl refused, concurrent first use migrating once — and commit order = position order, so a
// reader following the log with `events list --after` never skips a position for good.
import { describe, expect, it } from 'vitest';
import type { RunResult } from '../helpers/cli.js';
import { runIn, runJson } from '../helpers/shop.js';
import {
  catalogueFile, expectGapFreeLog, expectJsonError, freshDatabase, json, ndjson, rawEvents, restockFile, run, runAsync, sql, sqlError,
} from './support.js';

/** A shop of three products; set up in-process (what is tested below runs as processes). */
async function shopWithEvents(): Promise<string> {
  const url = await freshDatabase();
  await runJson(url, ['import', 'products', catalogueFile(3, 2), '--create-categories']);
  return url;
}

describe('the event log on PostgreSQL', () => {
  it('UPDATE, DELETE and TRUNCATE on events are refused by the database, for any client', async () => {
    const url = await shopWithEvents();
    const before = await rawEvents(url);
    expect(before.length).toBeGreaterThan(0);
    for (const statement of [
      `UPDATE events SET type = 'Tampered' WHERE position = 1`,
      `DELETE FROM events WHERE position = (SELECT max(position) FROM events)`,
      'TRUNCATE events',
    ]) {
      const error = await sqlError(url, statement);
      expect(error.message, statement).toMatch(/append-only/);
      expect(error.code, statement).toBe('23001');
    }
    expect(await rawEvents(url)).toEqual(before);
  });

  it('a dropped or disabled trigger: writes refused (LOG_NOT_APPEND_ONLY, nothing written), reads still work', async () => {
    const url = await shopWithEvents();
    const count = (await rawEvents(url)).length;
    await sql(url, 'DROP TRIGGER events_no_delete ON events');
    const refused = expectJsonError(run(url, ['--json', 'inventory', 'restock', 'SKU-1', '5']), 3, 'LOG_NOT_APPEND_ONLY');
    expect(refused.details.missing).toEqual(['events_no_delete']);
    expect(refused.message).not.toContain(new URL(url).password);
    expect((await rawEvents(url)).length).toBe(count);
    expect(json(url, ['inventory', 'list']).map((i: { sku: string }) => i.sku).sort()).toEqual(['SKU-1', 'SKU-2', 'SKU-3']);
    expect(ndjson(run(url, ['--json', 'events', 'list']).stdout)).toHaveLength(count);

    // Disabled rather than dropped: the same.
    await sql(url, `CREATE TRIGGER events_no_delete BEFORE DELETE ON events FOR EACH ROW EXECUTE FUNCTION shopctl_refuse_event_change()`);
    await sql(url, 'ALTER TABLE events DISABLE TRIGGER events_no_truncate');
    expectJsonError(run(url, ['--json', 'inventory', 'restock', 'SKU-1', '5']), 3, 'LOG_NOT_APPEND_ONLY');
    expect((await rawEvents(url)).length).toBe(count);
    // Protection back: writes are accepted again.
    await sql(url, 'ALTER TABLE events ENABLE TRIGGER events_no_truncate');
    expect(json(url, ['inventory', 'restock', 'SKU-1', '5']).events).toHaveLength(1);
  });

  it('a schema from a newer shopctl is refused (DATABASE_TOO_NEW) for reads and writes, and left as it is', async () => {
    const url = await shopWithEvents();
    const count = (await rawEvents(url)).length;
    await sql(url, 'UPDATE shopctl_schema SET version = 99');
    for (const args of [['product', 'list'], ['inventory', 'restock', 'SKU-1', '1']]) {
      const error = expectJsonError(run(url, ['--json', ...args]), 2, 'DATABASE_TOO_NEW');
      expect(error.details).toMatchObject({ fileVersion: 99 });
    }
    expect(await sql(url, 'SELECT version FROM shopctl_schema')).toEqual([{ version: 99 }]);
    expect((await rawEvents(url)).length).toBe(count);
  });

  it('processes opening a new empty database at once all succeed; one of them migrates', async () => {
    const url = await freshDatabase();
    const names = ['Alpha', 'Beta', 'Gamma', 'Delta'];
    const results = await Promise.all(names.map((name) => runAsync(url, ['category', 'create', name])));
    for (const r of results) expect(r.code, r.stderr).toBe(0);
    const created = results.filter((r) => r.stderr.includes('created a new shop database'));
    expect(created, results.map((r) => r.stderr).join('\n')).toHaveLength(1);
    expect(await sql(url, 'SELECT version FROM shopctl_schema')).toHaveLength(1);
    expect(json(url, ['category', 'list']).map((c: { name: string }) => c.name).sort()).toEqual([...names].sort());
    expectGapFreeLog(await rawEvents(url));
  });

  it('commit order = position order: a reader polling `events list --after` while writers commit sees every position once, in order', async () => {
    const url = await shopWithEvents();
    const base = (await rawEvents(url)).length;
    const WRITERS = 3;
    const ROUNDS = 4;
    // Each writer restocks its own SKU, one command at a time; a fourth imports restock files
    // (one transaction of many events each), so commits of different sizes interleave.
    const writers: Promise<RunResult[]>[] = Array.from({ length: WRITERS }, async (_, w) => {
      const results: RunResult[] = [];
      for (let i = 0; i < ROUNDS; i++) results.push(await runAsync(url, ['--json', 'inventory', 'restock', `SKU-${w + 1}`, '1']));
      return results;
    });
    const importer = (async () => {
      const results: RunResult[] = [];
      for (let i = 0; i < 3; i++) results.push(await runAsync(url, ['--json', 'import', 'restock', restockFile(300, 3, `r${i}`)]));
      return results;
    })();
    let done = false;
    const all = Promise.all([...writers, importer]).finally(() => {
      done = true;
    });

    const seen: { position: number; eventId: string }[] = [];
    let polls = 0;
    // The reader runs in-process (each poll its own query, as a process's would be): spawning
    // one process after another for as long as the writers run cost more than the writers.
    const poll = async () => {
      const after = seen.at(-1)?.position ?? 0;
      const result = await runIn(url, ['--json', 'events', 'list', '--after', String(after)]);
      expect(result.code, result.stderr).toBe(0);
      for (const e of ndjson(result.stdout)) seen.push({ position: e.position, eventId: e.eventId });
      polls++;
    };
    while (!done) {
      await poll();
      await new Promise((resolve) => setTimeout(resolve, 20)); // lets the writers' output in
    }
    await poll(); // after the last commit

    for (const results of await all) for (const r of results) expect(r.code, r.stderr).toBe(0);
    const log = await rawEvents(url);
    expectGapFreeLog(log);
    expect(log.length).toBe(base + WRITERS * ROUNDS + 900); // one event per restock and per imported row
    // The reader's view: every position exactly once and in order, as the final log has them.
    expect(seen.map((e) => e.position)).toEqual(log.map((e) => e.position));
    expect(seen.map((e) => e.eventId)).toEqual(log.map((e) => e.eventId));
    expect(polls).toBeGreaterThan(2);
  });
});
