// What in-process runs rely on: each run closes its database, and reads its database path and
// clock from the IO it is given, never from the process or from an earlier run.
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { readEvents, run, runIn, tempDb } from '../helpers/shop.js';
import { everyConnectionClosed, shopExists } from '../helpers/store.js';

describe('runCli in-process', () => {
  it('closes the database after a success, a rejection, a not-found, a usage error and a fixture run', async () => {
    const { dir, db } = tempDb();
    expect((await runIn(db, ['category', 'create', 'Apparel'])).code).toBe(0);
    expect(everyConnectionClosed(db)).toBe(true);
    expect((await runIn(db, ['category', 'create', 'apparel'])).code).toBe(3);
    expect(everyConnectionClosed(db)).toBe(true);
    expect((await runIn(db, ['product', 'show', 'NOPE'])).code).toBe(4);
    expect(everyConnectionClosed(db)).toBe(true);
    expect((await runIn(db, ['inventory', 'restock', 'NOPE'])).code).toBe(2);
    expect(everyConnectionClosed(db)).toBe(true);
    const fixture = path.join(dir, 'fixture.json');
    fs.writeFileSync(fixture, JSON.stringify({ steps: [{ command: 'category create', args: { name: 'Books' } }] }));
    expect((await runIn(db, ['fixtures', 'apply', fixture, '--append'])).code).toBe(0);
    expect(everyConnectionClosed(db)).toBe(true);
  });

  it('takes SHOPCTL_DB and SHOPCTL_NOW from the IO of each run, not from the process or an earlier run', async () => {
    const first = tempDb().db;
    const second = tempDb().db;
    const elsewhere = tempDb().db;
    const saved = { db: process.env.SHOPCTL_DB, now: process.env.SHOPCTL_NOW };
    process.env.SHOPCTL_DB = elsewhere;
    process.env.SHOPCTL_NOW = '2020-01-01T00:00:00Z';
    try {
      expect((await run(['category', 'create', 'A'], { env: { SHOPCTL_DB: first, SHOPCTL_NOW: '2026-01-05T08:00:00Z' } })).code).toBe(0);
      expect((await run(['category', 'create', 'B'], { env: { SHOPCTL_DB: second, SHOPCTL_NOW: '2026-02-01T00:00:00Z' } })).code).toBe(0);
      expect((await run(['category', 'create', 'C'], { env: { SHOPCTL_DB: first } })).code).toBe(0);
    } finally {
      for (const [key, value] of [['SHOPCTL_DB', saved.db], ['SHOPCTL_NOW', saved.now]] as const) {
        if (value === undefined) delete process.env[key];
        else process.env[key] = value;
      }
    }
    expect(shopExists(elsewhere)).toBe(false);
    const inFirst = await readEvents(first);
    expect(inFirst.map((e) => e.data.name)).toEqual(['A', 'C']);
    expect(inFirst[0].recordedAt).toBe('2026-01-05T08:00:00.000Z');
    // Without SHOPCTL_NOW in its IO the run uses the real clock (not 2020, not an earlier run's).
    expect(Date.parse(inFirst[1].recordedAt)).toBeGreaterThan(Date.parse('2026-02-01T00:00:00Z'));
    expect((await readEvents(second)).map((e) => [e.data.name, e.recordedAt])).toEqual([['B', '2026-02-01T00:00:00.000Z']]);
  });
});
