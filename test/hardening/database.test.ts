// Issue 16 items 6 and 7: every file shopctl creates is 0600 however it is reached; a damaged or
// tampered database gives one line with a code naming what and where (never exit 1), a log
// without its append-only triggers is refused for writes, and `shopctl doctor` lists it all.
import fs from 'node:fs';
import path from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { inProcess, ok, shell, smallShop } from './support.js';

function tamper(db: string, sql: string, options: { keepTriggerDropped?: boolean } = {}): void {
  const conn = new Database(db);
  try {
    const trigger = conn.prepare(`SELECT sql FROM sqlite_master WHERE name = 'events_no_update'`).pluck().get() as string | undefined;
    if (trigger) conn.exec('DROP TRIGGER events_no_update');
    conn.exec(sql);
    if (trigger && !options.keepTriggerDropped) conn.exec(trigger);
  } finally {
    conn.close();
  }
}

function lastRestockPosition(db: string): number {
  const conn = new Database(db, { readonly: true });
  try {
    return conn.prepare(`SELECT max(position) FROM events WHERE type = 'InventoryRestocked'`).pluck().get() as number;
  } finally {
    conn.close();
  }
}

async function expectError(db: string, argv: string[], exit: number, code: string, message?: RegExp): Promise<void> {
  const human = await inProcess(db, argv);
  expect(human.code, human.stderr).toBe(exit);
  expect(human.stderr.split('\n').filter(Boolean)).toHaveLength(1);
  expect(human.stderr).toContain(`[${code}]`);
  const json = await inProcess(db, ['--json', ...argv]);
  expect(json.code).toBe(exit);
  const error = JSON.parse(json.stderr).error;
  expect(error.code).toBe(code);
  if (message) expect(error.message).toMatch(message);
}

describe('files are 0600 however they are reached (item 6)', () => {
  it('a database created through a dangling symlink, under umask 022 and 000, is 0600 with its -wal and -shm', () => {
    for (const umask of ['022', '000']) {
      const { dir } = tempDb();
      const link = path.join(dir, 'link.db');
      const real = path.join(dir, 'real.db');
      fs.symlinkSync('real.db', link);
      const created = shell(`umask ${umask}; $SHOPCTL --db ${link} category create Apparel`);
      expect(created.code, created.stderr).toBe(0);
      expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
      expect(fs.statSync(real).mode & 0o777, `umask ${umask}: real.db`).toBe(0o600);
      // Hold a connection open so the WAL files exist while a second command writes.
      const holder = new Database(real);
      holder.prepare('SELECT count(*) FROM events').get();
      try {
        const second = shell(`umask ${umask}; $SHOPCTL --db ${link} category create Shirts --parent Apparel`);
        expect(second.code, second.stderr).toBe(0);
        for (const suffix of ['-wal', '-shm']) expect(fs.statSync(real + suffix).mode & 0o777, `umask ${umask}: ${suffix}`).toBe(0o600);
      } finally {
        holder.close();
      }
    }
  });

  it('export files, rejects files and the stdin spool are 0600 under umask 000', async () => {
    const { dir, db } = await smallShop();
    fs.writeFileSync(path.join(dir, 'in.csv'), 'sku,quantity\nMUG-1,1\nNOPE,1\n');
    const run = shell(`umask 000; cd ${dir} && $SHOPCTL --db ${db} outbox export --out batch.ndjson && ` +
      `cat in.csv | $SHOPCTL --db ${db} import restock - --skip-invalid --rejects rejected.csv; echo "exit $?"`);
    expect(run.stdout).toContain('exit 6');
    for (const name of ['batch.ndjson', 'rejected.csv']) expect(fs.statSync(path.join(dir, name)).mode & 0o777, name).toBe(0o600);
  });
});

describe('damaged or tampered databases (item 7)', () => {
  it('bad JSON at a position: CORRUPT_EVENT naming the position, for reads of the log and for folds', async () => {
    const { db } = await smallShop();
    const position = lastRestockPosition(db);
    tamper(db, `UPDATE events SET data = '{not json' WHERE position = ${position}`);
    await expectError(db, ['events', 'list'], 3, 'CORRUPT_EVENT', new RegExp(`position ${position} \\(InventoryRestocked\\).*not valid JSON`));
    // A command folds only the events after its stream's snapshot (docs/events.md, "Snapshots"):
    // without one it folds the whole stream and meets the damaged event.
    tamper(db, 'DELETE FROM snapshots');
    await expectError(db, ['inventory', 'restock', 'MUG-1', '1'], 3, 'CORRUPT_EVENT', new RegExp(`position ${position}`));
  });

  it('an empty payload and a negative quantity: CORRUPT_EVENT naming the field and the position (also for replay)', async () => {
    const { db } = await smallShop();
    const position = lastRestockPosition(db);
    tamper(db, `UPDATE events SET data = '{}' WHERE position = ${position}`);
    tamper(db, 'DELETE FROM snapshots'); // so that the command folds the whole stream (see above)
    await expectError(db, ['inventory', 'restock', 'MUG-1', '1'], 3, 'CORRUPT_EVENT', new RegExp(`position ${position}.*field "inventoryId" is missing`));
    tamper(db, `UPDATE events SET data = (SELECT data FROM events WHERE position = ${position})`); // no-op, trigger restored
    const { db: other } = await smallShop();
    const at = lastRestockPosition(other);
    tamper(other, `UPDATE events SET data = json_set(data, '$.addedQuantity', -7, '$.newTotalQuantity', -2) WHERE position = ${at}`);
    await expectError(other, ['replay'], 3, 'CORRUPT_EVENT', new RegExp(`position ${at}.*addedQuantity`));
    tamper(other, 'DELETE FROM snapshots');
    await expectError(other, ['inventory', 'restock', 'MUG-1', '1'], 3, 'CORRUPT_EVENT');
  });

  it('a truncated file and a dropped table: DATABASE_CORRUPT, exit 3', async () => {
    const { db } = await smallShop();
    const conn = new Database(db);
    conn.pragma('wal_checkpoint(TRUNCATE)');
    conn.close();
    const copy = `${db}.cut`;
    fs.copyFileSync(db, copy);
    fs.truncateSync(copy, 4096 * 3);
    await expectError(copy, ['inventory', 'list'], 3, 'DATABASE_CORRUPT', /damaged/);
    tamper(db, 'DROP TABLE imports');
    await expectError(db, ['import', 'history'], 3, 'DATABASE_CORRUPT', /no such table: imports/);
  });

  it('a dropped append-only trigger: writes refused (LOG_NOT_APPEND_ONLY, nothing written), reads still work', async () => {
    const { db } = await smallShop();
    tamper(db, 'SELECT 1', { keepTriggerDropped: true });
    const events = () => {
      const conn = new Database(db, { readonly: true });
      try {
        return conn.prepare('SELECT count(*) FROM events').pluck().get() as number;
      } finally {
        conn.close();
      }
    };
    const before = events();
    await expectError(db, ['inventory', 'restock', 'MUG-1', '1'], 3, 'LOG_NOT_APPEND_ONLY', /events_no_update/);
    expect(events()).toBe(before);
    expect((await inProcess(db, ['inventory', 'list'])).code).toBe(0);
  });

  it('no shop to check or read: a missing or empty (0-byte) file is NO_DATABASE, exit 2, for doctor and every read; nothing is created or migrated', async () => {
    const { dir } = tempDb();
    const missing = path.join(dir, 'missing.db');
    const empty = path.join(dir, 'empty.db');
    fs.writeFileSync(empty, '');
    for (const db of [missing, empty]) {
      await expectError(db, ['doctor'], 2, 'NO_DATABASE', /no shop database/);
      await expectError(db, ['product', 'list'], 2, 'NO_DATABASE');
    }
    expect(fs.existsSync(missing)).toBe(false);
    expect(fs.statSync(empty).size).toBe(0);
  });

  it('shopctl doctor: exit 0 on a sound shop; each problem with where it is, exit 3 (human and --json)', async () => {
    const { db } = await smallShop();
    const healthy = await ok(db, ['doctor']);
    expect(healthy.ok).toBe(true);
    expect(healthy.problems).toEqual([]);
    expect(healthy.eventsRead).toBeGreaterThan(0);
    expect(healthy.objectsChecked).toBeGreaterThan(10);
    const position = lastRestockPosition(db);
    tamper(db, `UPDATE events SET data = '{not json' WHERE position = ${position};
      CREATE TRIGGER sneaky AFTER INSERT ON events BEGIN SELECT 1; END;`, { keepTriggerDropped: true });
    const json = await inProcess(db, ['--json', 'doctor']);
    expect(json.code).toBe(3);
    const report = JSON.parse(json.stdout);
    expect(report.ok).toBe(false);
    expect(report.problems).toEqual(expect.arrayContaining([
      expect.objectContaining({ check: 'schema', where: 'trigger events_no_update' }),
      expect.objectContaining({ check: 'schema', where: 'trigger sneaky' }),
      expect.objectContaining({ check: 'event', position }),
    ]));
    expect(JSON.parse(json.stderr).error.code).toBe('DATABASE_DAMAGED');
    const human = await inProcess(db, ['doctor']);
    expect(human.code).toBe(3);
    expect(human.stdout).toContain(`position ${position}`);
    expect(human.stdout).toContain('events_no_update is missing');
  });
});
