// primedReadModels: a row read ahead (with an aggregate's snapshot, on PostgreSQL) is what the
// next get() of its key returns without asking again — once, and never after a put to its table,
// a get of another key, or in another transaction (a new set of primed tables).
import { describe, expect, it } from 'vitest';
import { primedReadModels, type ReadModels } from '../../src/store/readModels.js';

function liveTables(): { live: ReadModels; reads: string[]; puts: string[] } {
  const reads: string[] = [];
  const puts: string[] = [];
  const stored = new Map<string, object>([['inv-1', { inventoryId: 'inv-1', onHand: 5 }], ['inv-2', { inventoryId: 'inv-2', onHand: 7 }]]);
  const table = (name: string) => ({
    get: (key: string) => (reads.push(`${name}:${key}`), stored.get(key)),
    put: (row: { inventoryId?: string }) => {
      puts.push(`${name}:${row.inventoryId}`);
      stored.set(row.inventoryId!, row);
    },
  });
  const live = Object.fromEntries(['categories', 'products', 'variants', 'skus', 'inventory', 'customers', 'carts', 'orders', 'counters'].map((name) => [name, table(name)]));
  return { live: live as unknown as ReadModels, reads, puts };
}

describe('primedReadModels', () => {
  it('the next get of the primed key takes the row read ahead, once; then it reads as usual', () => {
    const { live, reads } = liveTables();
    const rm = primedReadModels(live);
    rm.prime('inventory', 'inv-1', { inventoryId: 'inv-1', onHand: 5 });
    expect(rm.inventory.get('inv-1')).toEqual({ inventoryId: 'inv-1', onHand: 5 });
    expect(reads).toEqual([]);
    expect(rm.inventory.get('inv-1')).toEqual({ inventoryId: 'inv-1', onHand: 5 });
    expect(reads).toEqual(['inventory:inv-1']);
  });

  it('a row primed as missing is missing', () => {
    const { live, reads } = liveTables();
    const rm = primedReadModels(live);
    rm.prime('orders', 'o-9', undefined);
    expect(rm.orders.get('o-9')).toBeUndefined();
    expect(reads).toEqual([]);
  });

  it('a put to the table, or a get of another key, forgets the primed row', () => {
    const { live, reads } = liveTables();
    const rm = primedReadModels(live);
    rm.prime('inventory', 'inv-1', { inventoryId: 'inv-1', onHand: 5 });
    rm.inventory.put({ inventoryId: 'inv-1', onHand: 6 } as never);
    expect(rm.inventory.get('inv-1')).toEqual({ inventoryId: 'inv-1', onHand: 6 }); // read, not the stale primed row
    rm.prime('inventory', 'inv-1', { inventoryId: 'inv-1', onHand: 6 });
    expect(rm.inventory.get('inv-2')).toEqual({ inventoryId: 'inv-2', onHand: 7 });
    rm.inventory.get('inv-1');
    expect(reads).toEqual(['inventory:inv-1', 'inventory:inv-2', 'inventory:inv-1']);
  });

  it('tables are primed each on their own, and a new set (the next transaction) has nothing primed', () => {
    const { live, reads } = liveTables();
    const first = primedReadModels(live);
    first.prime('inventory', 'inv-1', { inventoryId: 'inv-1', onHand: 1 });
    first.products.get('p-1'); // another table: the inventory row stays primed
    expect(first.inventory.get('inv-1')).toEqual({ inventoryId: 'inv-1', onHand: 1 });
    const second = primedReadModels(live);
    first.prime('inventory', 'inv-2', { stale: true });
    expect(second.inventory.get('inv-2')).toEqual({ inventoryId: 'inv-2', onHand: 7 });
    expect(reads).toEqual(['products:p-1', 'inventory:inv-2']);
  });
});
