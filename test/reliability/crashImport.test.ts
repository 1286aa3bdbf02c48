// Killed at a random moment (SIGKILL: no cleanup, no flush) during a large `import restock` and
// a `replay`: after every kill the database is intact, the import is wholly there or wholly
// absent (and can be run again), and replay agrees with the read models.
import { createHash } from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempDb } from '../helpers/cli.js';
import { runIn, runJson } from '../helpers/shop.js';
import { copyDatabase, jsonField, storeTimeout } from '../helpers/store.js';
import { expectIntact, expectOutboxComplete, inspect, killMoment, runAndKill, timed } from './kill.js';
import { expectCleanStderr, expectReplayVerifies, prng } from './support.js';

const SEED = 4_711;
const SKUS = 20;
// Enough rows for the import to take a while after start-up (the kills are spread over a whole
// run, measured below), few enough that the six imports, re-runs and replays stay cheap.
const IMPORT_ROWS = 5_000;
const IMPORT_KILLS = 5;
const REPLAY_KILLS = 3;

function restockFile(dir: string, index: number): { file: string; sha256: string; units: Map<string, number> } {
  const random = prng(SEED * 31 + index);
  const units = new Map<string, number>();
  const lines = ['sku,quantity,note'];
  for (let row = 0; row < IMPORT_ROWS; row++) {
    const sku = `SKU-${random.int(1, SKUS)}`;
    const quantity = random.int(1, 5);
    units.set(sku, (units.get(sku) ?? 0) + quantity);
    lines.push(`${sku},${quantity},delivery ${index}`);
  }
  const content = `${lines.join('\n')}\n`;
  const file = path.join(dir, `restock-${index}.csv`);
  fs.writeFileSync(file, content);
  return { file, sha256: createHash('sha256').update(content).digest('hex'), units };
}

async function onHandBySku(db: string): Promise<Map<string, number>> {
  const items = await runJson<{ sku: string; onHand: number }[]>(db, ['inventory', 'list']);
  return new Map(items.map((i) => [i.sku, i.onHand]));
}

describe('SIGKILL at random moments', () => {
  it(`import restock of ${IMPORT_ROWS} rows: all or nothing after each kill, and it can be run again; replay killed changes nothing`, async () => {
    const { dir, db } = tempDb();
    const catalogue = ['sku,name,description,price,category,stock', ...Array.from({ length: SKUS }, (_, i) => `SKU-${i + 1},Product ${i + 1},,1.00,Home,0`)];
    fs.writeFileSync(path.join(dir, 'products.csv'), `${catalogue.join('\n')}\n`);
    expect((await runIn(db, ['import', 'products', path.join(dir, 'products.csv'), '--create-categories'])).code).toBe(0);

    // How long a whole import takes here (on a scratch copy), to place the kills inside it.
    const scratch = copyDatabase(db, path.join(dir, 'scratch.db'));
    const full = timed(['--db', scratch, 'import', 'restock', restockFile(dir, 999).file]);

    const random = prng(SEED);
    const expected = await onHandBySku(db);
    const outcomes: string[] = [];
    for (let k = 0; k < IMPORT_KILLS; k++) {
      const { file, sha256, units } = restockFile(dir, k);
      for (const [sku, n] of units) expected.set(sku, (expected.get(sku) ?? 0) + n);
      const delay = killMoment(random, k, IMPORT_KILLS, full);
      const killed = await runAndKill(['--db', db, 'import', 'restock', file], delay);
      expectCleanStderr(killed.stderr, `kill ${k}`);

      expectIntact(db);
      const [events, history] = inspect(db, (raw) => [
        raw.prepare(`SELECT count(*) FROM events WHERE type = 'InventoryRestocked' AND ${jsonField(db, 'metadata', 'source')} = ?`).pluck().get(`import:${sha256}`) as number,
        raw.prepare(`SELECT count(*) FROM imports WHERE kind = 'restock' AND sha256 = ? AND dryRun = 0`).pluck().get(sha256) as number,
      ]);
      expect([0, IMPORT_ROWS], `kill ${k} after ${delay} ms`).toContain(events);
      expect(history).toBe(events === IMPORT_ROWS ? 1 : 0);
      outcomes.push(`${delay}ms:${killed.signal ?? `exit ${killed.code}`}:${events === 0 ? 'absent' : 'present'}`);
      expectOutboxComplete(db);
      // Read models are checked against a replay once after all kills (below): nothing rebuilds
      // them in between, so a kill that left them wrong would still show there.

      // Run it again: applied now if it was absent, refused (nothing written) if it was present.
      const again = await runIn(db, ['--json', 'import', 'restock', file]);
      expect(again.code, again.stderr).toBe(events === 0 ? 0 : 3);
      const after = inspect(db, (raw) => raw.prepare(`SELECT count(*) FROM events WHERE ${jsonField(db, 'metadata', 'source')} = ?`).pluck().get(`import:${sha256}`));
      expect(after).toBe(IMPORT_ROWS);
    }
    // Every file counted exactly once in the stock, whatever moment each kill hit.
    expect(await onHandBySku(db)).toEqual(expected);
    const history = await runJson<unknown[]>(db, ['import', 'history']);
    expect(history.length).toBeGreaterThanOrEqual(IMPORT_KILLS + 1);
    await expectReplayVerifies(db);
    // Kills did interrupt imports (the import was then absent, and its re-run applied it once).
    expect(outcomes.some((o) => o.includes('SIGKILL:absent')), outcomes.join(' ')).toBe(true);

    // `replay` rebuilds every read model in one transaction: killed, it leaves them as they were.
    const replayFull = timed(['--db', db, 'replay']);
    for (let k = 0; k < REPLAY_KILLS; k++) {
      const killed = await runAndKill(['--db', db, 'replay'], killMoment(random, k, REPLAY_KILLS, replayFull));
      expectCleanStderr(killed.stderr, `replay kill ${k}`);
      expectIntact(db);
      expect(await onHandBySku(db)).toEqual(expected);
      await expectReplayVerifies(db);
    }
  }, storeTimeout(180_000));
});
