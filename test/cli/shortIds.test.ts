// Short ids in lists: 8 characters, more only where listed ids share a longer prefix.
import { describe, expect, it } from 'vitest';
import { shortIdsFor, shortStream } from '../../src/commands/render/ids.js';

describe('short ids', () => {
  it('uses 8 characters when they tell the ids apart, more when they do not', () => {
    const random = ['6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a', 'c5bff0d3-1111-4111-8111-111111111111'];
    expect(random.map(shortIdsFor(random))).toEqual(['6f1c2e0a', 'c5bff0d3']);
    const fixed = ['de000005-0000-4000-8000-000000000001', 'de000005-0000-4000-8000-000000000002'];
    const short = fixed.map(shortIdsFor(fixed));
    expect(new Set(short).size).toBe(2);
    expect(short[0]).toBe('de000005-0000-4000-8000-000000000001');
    expect(shortStream('order-6f1c2e0a-8d3b-4c4e-9f7a-0b1d2c3e4f5a')).toBe('order-6f1c2e0a');
  });
});
