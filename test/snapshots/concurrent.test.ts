// Concurrent writers (separate processes, as on a shared shop) never leave a snapshot ahead of
// or behind the events it covers: snapshots commit in the same transaction as those events.
import fs from 'node:fs';
import path from 'node:path';
import { afterAll, expect, it } from 'vitest';
import { shopctlAsync, tempDb } from '../helpers/cli.js';
import { runJson } from '../helpers/shop.js';
import { cli, headOf, snapshotsOf } from './snapshotSupport.js';
import { storeTimeout } from '../helpers/store.js';

const { dir, db } = tempDb();
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

it('concurrent processes leave every snapshot at its stream head, equal to the fold of its events', async () => {
  // Set-up and looks in-process; the writers racing are processes.
  await runJson(db, ['category', 'create', 'Kitchen']);
  const mug = await runJson(db, ['product', 'create', '--name', 'Mug', '--price', '9.50', '--category', 'Kitchen', '--sku', 'MUG-1', '--stock', '5']);
  const cup = await runJson(db, ['product', 'create', '--name', 'Cup', '--price', '4.00', '--category', 'Kitchen', '--sku', 'CUP-1']);
  const file = path.join(dir, 'restock.csv');
  fs.writeFileSync(file, 'sku,quantity\n' + Array.from({ length: 2000 }, (_, i) => `${i % 2 ? 'MUG-1' : 'CUP-1'},1`).join('\n') + '\n');

  const worker = async (n: number): Promise<number[]> => {
    const codes: number[] = [];
    for (let i = 0; i < 8; i++) {
      const args = i % 4 === 3
        ? ['product', 'update-price', n % 2 ? 'MUG-1' : 'CUP-1', `${5 + n}.${10 + i}`]
        : ['inventory', 'restock', i % 2 ? 'MUG-1' : 'CUP-1', String(1 + n)];
      codes.push((await shopctlAsync(['--db', db, '--json', ...args])).code);
    }
    return codes;
  };
  const importer = async () => [(await shopctlAsync(['--db', db, '--json', 'import', 'restock', file])).code];
  const codes = (await Promise.all([worker(0), worker(1), worker(2), importer()])).flat();
  expect(codes.every((code) => code === 0), `exit codes ${codes.join(',')}`).toBe(true);

  const inventory = await runJson(db, ['inventory', 'list']) as { inventoryId: string; productId: string; onHand: number }[];
  for (const product of [mug, cup]) {
    const item = inventory.find((i) => i.productId === product.id)!;
    const stream = `inventory-${item.inventoryId}`;
    const snapshot = snapshotsOf(db).find((s) => s.streamId === stream)!;
    expect(snapshot.streamVersion).toBe(headOf(db, stream));
    expect(JSON.parse(snapshot.state).onHand).toBe(item.onHand);
  }
  for (const product of [mug, cup]) {
    const snapshot = snapshotsOf(db).find((s) => s.streamId === `product-${product.id}`)!;
    expect(snapshot.streamVersion).toBe(headOf(db, `product-${product.id}`));
  }
  // Every snapshot equals the fold of its stream up to its version.
  const verify = await cli(db, ['replay', '--verify']);
  expect(verify.code, verify.stdout).toBe(0);
}, storeTimeout(60_000));
