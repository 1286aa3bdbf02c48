// Long writes that yield inside their transaction (WriteSteps): the work awaits checkpoints with
// the transaction open; a checkpoint that throws rolls everything back, closing() comes once
// before the commit, and the store is usable afterwards.
import { spawn } from 'node:child_process';
import { createRequire } from 'node:module';
import { describe, expect, it } from 'vitest';
import { createCategory, createProduct } from '../../src/app/catalogue.js';
import { ShopApp } from '../../src/app/shopApp.js';
import type { WriteSteps } from '../../src/store/index.js';
import { resolveInventoryItem, restockItem } from '../../src/app/inventory.js';
import { tempDb } from '../helpers/cli.js';
import { freshDatabase } from '../helpers/postgres.js';
import { WRITER_LOCK } from '../../src/store/postgres/pgShopStore.js';

const require = createRequire(import.meta.url);

function recordingSteps(stopAt?: number): WriteSteps & { calls: string[] } {
  const calls: string[] = [];
  let checkpoints = 0;
  return {
    calls,
    async checkpoint() {
      calls.push('checkpoint');
      await new Promise<void>((resolve) => setImmediate(resolve));
      if (++checkpoints === stopAt) throw new Error('interrupted');
    },
    async closing() {
      calls.push('closing');
    },
  };
}

describe('a stepwise write transaction', () => {
  for (const readModels of ['sql', 'cached'] as const) {
    it(`commits what its work wrote across checkpoints, closing() once before the commit (${readModels})`, async () => {
      const app = new ShopApp({ dbPath: tempDb().db, fixedNow: '2026-01-01T00:00:00Z' });
      try {
        const steps = recordingSteps();
        const result = await app.store.transactStepwise({ now: app.now(), source: 'test', correlationId: 'c' }, steps, async (uow) => {
          const info = { command: 'Test', causationId: uow.newId() };
          createCategory(app, uow, info, { name: 'Kitchen' });
          await steps.checkpoint();
          createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
          await steps.checkpoint();
          return app.store.catalogue.findProduct('MUG-1')?.name; // its own writes, across the yields
        }, { readModels });
        expect(result.value).toBe('Mug');
        expect(steps.calls).toEqual(['checkpoint', 'checkpoint', 'closing']);
        expect(app.store.catalogue.findProduct('MUG-1')?.active).toBe(true);
        expect(app.store.events.head()).toBe(result.eventsWritten);
      } finally {
        app.close();
      }
    });
  }

  it('a checkpoint that throws rolls the whole transaction back; the next write works', async () => {
    const steps = recordingSteps(2);
    const app = new ShopApp({ dbPath: tempDb().db, fixedNow: '2026-01-01T00:00:00Z', aroundLongWrite: (work) => work(steps) });
    try {
      const head = app.store.events.head();
      await expect(app.executeStepwise('Test', async (uow, info, checkpoint) => {
        createCategory(app, uow, info, { name: 'Kitchen' });
        await checkpoint();
        createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
        await checkpoint();
        return 'committed';
      }, { readModels: 'cached' })).rejects.toThrow('interrupted');
      expect(steps.calls).toEqual(['checkpoint', 'checkpoint']); // never closing: nothing to commit
      expect(app.store.catalogue.findCategory('KITCHEN')).toBeUndefined();
      expect(app.store.catalogue.findProduct('MUG-1')).toBeUndefined();
      expect(app.store.events.head()).toBe(head);
      const after = app.execute('Test', (uow, info) => createCategory(app, uow, info, { name: 'Kitchen' }));
      expect(after.events).toHaveLength(1);
    } finally {
      app.close();
    }
  });

  it('replay rebuilds stepwise; a checkpoint that throws leaves the read models as they were', async () => {
    const app = new ShopApp({ dbPath: tempDb().db, fixedNow: '2026-01-01T00:00:00Z' });
    try {
      app.execute('Test', (uow, info) => {
        createCategory(app, uow, info, { name: 'Kitchen' });
        createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
      });
      const stopping = recordingSteps(1);
      await expect(app.store.rebuildReadModelsStepwise(stopping)).rejects.toThrow('interrupted');
      expect(app.store.catalogue.findProduct('MUG-1')?.name).toBe('Mug'); // not emptied
      const steps = recordingSteps();
      const result = await app.store.rebuildReadModelsStepwise(steps);
      expect(result.events).toBe(app.store.events.head());
      expect(steps.calls).toEqual(['checkpoint', 'closing']);
      expect(app.store.verifyReadModels().differences).toEqual([]);
    } finally {
      app.close();
    }
  });
});

describe('a stepwise write transaction on PostgreSQL (begin/commit/rollback by hand on PgDatabase)', () => {
  it('commits across checkpoints; a throwing checkpoint rolls back and the next write works', async () => {
    const app = new ShopApp({ dbPath: await freshDatabase(), fixedNow: '2026-01-01T00:00:00Z' });
    try {
      const steps = recordingSteps();
      const committed = await app.store.transactStepwise({ now: app.now(), source: 'test', correlationId: 'c' }, steps, async (uow) => {
        const info = { command: 'Test', causationId: uow.newId() };
        createCategory(app, uow, info, { name: 'Kitchen' });
        await steps.checkpoint();
        createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
        return app.store.catalogue.findProduct('MUG-1')?.name;
      }, { readModels: 'cached' });
      expect(committed.value).toBe('Mug');
      expect(steps.calls).toEqual(['checkpoint', 'closing']);
      const head = app.store.events.head();
      expect(head).toBe(committed.eventsWritten);

      const stopping = recordingSteps(1);
      await expect(app.store.transactStepwise({ now: app.now(), source: 'test', correlationId: 'c' }, stopping, async (uow) => {
        createCategory(app, uow, { command: 'Test', causationId: uow.newId() }, { name: 'Garden' });
        await stopping.checkpoint();
      })).rejects.toThrow('interrupted');
      expect(app.store.catalogue.findCategory('GARDEN')).toBeUndefined();
      expect(app.store.events.head()).toBe(head);

      await expect(app.store.rebuildReadModelsStepwise(recordingSteps(1))).rejects.toThrow('interrupted');
      expect(app.store.catalogue.findProduct('MUG-1')?.name).toBe('Mug');
      expect((await app.store.rebuildReadModelsStepwise(recordingSteps())).events).toBe(head);
      expect(app.store.verifyReadModels().differences).toEqual([]);
      expect(app.execute('Test', (uow, info) => createCategory(app, uow, info, { name: 'Garden' })).events).toHaveLength(1);
    } finally {
      app.close();
    }
  }, 60_000);
});

describe('the writers\' lock of a long write on PostgreSQL', () => {
  it('is taken before its work starts: an import reads input it cannot read again, and a lock that times out is retried before it begins', async () => {
    const url = await freshDatabase();
    // Random ids: reproducible ones read the log's head as the transaction opens, which would
    // wait for the lock anyway.
    const app = new ShopApp({ dbPath: url });
    // Another process holds the writers' lock for a second.
    const holder = spawn(process.execPath, ['-e', `
      const pg = require(${JSON.stringify(require.resolve('pg'))});
      const client = new pg.Client({ connectionString: ${JSON.stringify(url)} });
      client.connect()
        .then(() => client.query('BEGIN; SELECT pg_advisory_xact_lock(${WRITER_LOCK[0]}, ${WRITER_LOCK[1]})'))
        .then(() => { console.log('locked'); return new Promise((r) => setTimeout(r, 1000)); })
        .then(() => client.query('COMMIT')).then(() => client.end());
    `], { stdio: ['ignore', 'pipe', 'inherit'] });
    try {
      await new Promise<void>((resolve) => holder.stdout!.on('data', () => resolve()));
      const asked = Date.now();
      let started = 0;
      await app.store.transactStepwise({ now: app.now(), source: 'test', correlationId: 'c' }, recordingSteps(), async (uow) => {
        started = Date.now();
        createCategory(app, uow, { command: 'Test', causationId: uow.newId() }, { name: 'Kitchen' });
      });
      expect(started - asked).toBeGreaterThanOrEqual(500); // the work began once the lock was free
      expect(app.store.catalogue.findCategory('KITCHEN')).toBeDefined();
    } finally {
      holder.kill();
      app.close();
    }
  }, 60_000);
});

/** A new PostgreSQL shop with a Kitchen category, MUG-1 (3 in stock) and `more` products. */
async function kitchenOnPostgres(...more: Parameters<typeof createProduct>[3][]): Promise<ShopApp> {
  const app = new ShopApp({ dbPath: await freshDatabase(), fixedNow: '2026-01-01T00:00:00Z' });
  app.execute('Test', (uow, info) => {
    createCategory(app, uow, info, { name: 'Kitchen' });
    createProduct(app, uow, info, { name: 'Mug', priceMinor: 850, category: 'kitchen', sku: 'MUG-1', stock: 3 });
    for (const product of more) createProduct(app, uow, info, product);
  });
  return app;
}

describe('replay on PostgreSQL (the log read as binary COPY data, src/store/postgres/eventCopy.ts)', () => {
  it('projects a log of more than one batch (8,192 events) in order: the rebuild matches the live read models', async () => {
    const app = await kitchenOnPostgres({ name: 'Cup', priceMinor: 450, category: 'kitchen', sku: 'CUP-1', stock: 0 });
    try {
      const items = ['MUG-1', 'CUP-1'].map((sku) => resolveInventoryItem(app, sku));
      app.execute('Test', (uow, info) => {
        for (let i = 0; i < 9_000; i++) restockItem(uow, info, items[i % 2]!, 1 + (i % 3));
      });
      // verify's rebuild against the read models the commands wrote: the log read whole, in order.
      expect(app.store.verifyReadModels().differences).toEqual([]);
      const steps = recordingSteps();
      const result = await app.store.rebuildReadModelsStepwise(steps);
      expect(result.events).toBe(app.store.events.head());
      expect(result.events).toBeGreaterThan(9_000);
      expect(steps.calls).toEqual(['checkpoint', 'checkpoint', 'closing']); // 8,192 events, then the rest
      expect(app.store.verifyReadModels().differences).toEqual([]);
      // Stopped after its first batch, mid-read: everything rolls back and the connection, whose
      // worker still drains the rest of the COPY, serves the next statements.
      const before = app.store.catalogue.findProduct('MUG-1');
      await expect(app.store.rebuildReadModelsStepwise(recordingSteps(1))).rejects.toThrow('interrupted');
      expect(app.store.catalogue.findProduct('MUG-1')).toEqual(before);
      expect(app.execute('Test', (uow, info) => createCategory(app, uow, info, { name: 'Garden' })).events).toHaveLength(1);
      expect(app.store.verifyReadModels().differences).toEqual([]);
    } finally {
      app.close();
    }
  }, 120_000);

  it('an event whose payload is not JSON stops the replay with its position; nothing changes, the connection goes on', async () => {
    const app = await kitchenOnPostgres();
    try {
      const item = resolveInventoryItem(app, 'MUG-1');
      app.execute('Test', (uow, info) => {
        for (let i = 0; i < 300; i++) restockItem(uow, info, item, 1);
      });
      const head = app.store.events.head();
      // Appended behind shopctl's back (the log refuses changes, not additions), then one good event.
      const db = (app.store as unknown as { db: { prepare(sql: string): { run(...values: unknown[]): unknown } } }).db;
      db.prepare(`INSERT INTO events (position, eventId, streamId, streamVersion, type, schemaVersion, data, metadata, recordedAt)
        VALUES (?, 'bad-event', 'category-x', 1, 'CategoryCreated', 1, '{"name": ', '{}', '2026-01-01T00:00:00.000Z')`).run(head + 1);
      const stock = app.store.catalogue.findProduct('MUG-1');
      expect(() => app.store.rebuildReadModels()).toThrow(new RegExp(`position ${head + 1}.*not valid JSON`));
      expect(() => app.store.verifyReadModels()).toThrow(new RegExp(`position ${head + 1}`));
      expect(app.store.catalogue.findProduct('MUG-1')).toEqual(stock);
    } finally {
      app.close();
    }
  }, 120_000);
});
