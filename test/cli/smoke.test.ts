import { describe, expect, it } from 'vitest';
import { eventsOf, shopctl, shopctlJson, tempDb } from '../helpers/cli.js';

describe('shopctl smoke', () => {
  it('creates a category and lists it as JSON', () => {
    const { db } = tempDb();
    const created = shopctlJson(db, ['category', 'create', 'Apparel']);
    expect(created.events[0].type).toBe('CategoryCreated');
    const list = shopctlJson(db, ['category', 'list']);
    expect(list.map((c: { name: string }) => c.name)).toEqual(['Apparel']);
    expect(eventsOf(db)).toHaveLength(1);
  });

  it('exits 2 on an unknown command', () => {
    const result = shopctl(['bogus']);
    expect(result.code).toBe(2);
    expect(result.stderr).toMatch(/^error: unknown command 'bogus'/);
  });
});
