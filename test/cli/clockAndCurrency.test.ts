// SHOPCTL_NOW and --currency are checked strictly: a wrong value is exit 2, never a silent guess.
import fs from 'node:fs';
import { describe, expect, it } from 'vitest';
import { readEvents, run, tempDb } from '../helpers/shop.js';

describe('SHOPCTL_NOW', () => {
  it('accepts a date-time with offset and a plain date (midnight UTC)', async () => {
    const { db } = tempDb();
    expect((await run(['--db', db, 'category', 'create', 'A'], { env: { SHOPCTL_NOW: '2026-01-05T10:00:00+02:00' } })).code).toBe(0);
    expect((await run(['--db', db, 'category', 'create', 'B'], { env: { SHOPCTL_NOW: '2026-01-06' } })).code).toBe(0);
    expect((await readEvents(db)).map((e) => e.recordedAt)).toEqual(['2026-01-05T08:00:00.000Z', '2026-01-06T00:00:00.000Z']);
  });

  it.each(['2026-02-30T00:00:00Z', '2026-13-01T00:00Z', '2026-01-05T25:00:00Z', 'yesterday', '2026-01-05T10:00:00'])(
    'refuses %s with exit 2 and writes nothing',
    async (value) => {
      const { db } = tempDb();
      const result = await run(['--db', db, 'category', 'create', 'A'], { env: { SHOPCTL_NOW: value } });
      expect(result.code).toBe(2);
      expect(result.stderr).toContain('is not an ISO-8601 time');
      expect(await readEvents(db)).toEqual([]);
    },
  );
});

describe('init --currency', () => {
  it('takes a real ISO 4217 code in any letter case and refuses a made-up one', async () => {
    const { db } = tempDb();
    expect((await run(['--db', db, 'init', '--currency', 'XYZ'])).code).toBe(2);
    const ok = await run(['--db', db, '--json', 'init', '--currency', 'eur']);
    expect(ok.code).toBe(0);
    expect(JSON.parse(ok.stdout).currency).toBe('EUR');
  });
});

describe('ids under SHOPCTL_NOW', () => {
  it('stay fresh for writes that record no event (an unchanged product feed imported three times)', async () => {
    const { dir, db } = tempDb();
    const feed = `${dir}/feed.csv`;
    fs.writeFileSync(feed, 'sku,name,price,category,stock\nA-1,Alpha,1.00,Cat,1\n');
    const env = { SHOPCTL_NOW: '2026-01-01T00:00:00Z' };
    for (let attempt = 0; attempt < 3; attempt++) {
      const result = await run(['--db', db, 'import', 'products', feed, '--create-categories'], { env });
      expect(result.stderr).not.toMatch(/internal error/);
      expect(result.code).toBe(0);
    }
    const history = JSON.parse((await run(['--db', db, '--json', 'import', 'history'])).stdout);
    expect(new Set(history.map((h: { id: string }) => h.id)).size).toBe(3);
  });
});
