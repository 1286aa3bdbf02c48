import { describe, expect, it } from 'vitest';
import { formatMinorUnits, parseMinorUnits } from '../../src/domain/money.js';

describe('money as integer minor units', () => {
  it('parses decimals with at most two fraction digits', () => {
    expect(parseMinorUnits('19.99')).toBe(1999);
    expect(parseMinorUnits('19.9')).toBe(1990);
    expect(parseMinorUnits('19')).toBe(1900);
    expect(parseMinorUnits('0.01')).toBe(1);
    expect(parseMinorUnits('-2.50')).toBe(-250);
    expect(parseMinorUnits('1000000.00')).toBe(100_000_000);
    expect(parseMinorUnits(' 0.10 ')).toBe(10);
  });

  it('is exact where floating point is not (0.29 × 100 = 28.999… in floats)', () => {
    expect(parseMinorUnits('0.29')).toBe(29);
    expect(parseMinorUnits('1.15')).toBe(115);
  });

  it('refuses anything else', () => {
    for (const text of ['abc', '1.999', '', '.5', '1.', '1e3', '1,00', '--1', '0x10', 'Infinity', 'NaN', '1 000']) {
      expect(parseMinorUnits(text), text).toBeUndefined();
    }
  });

  it('formats minor units back to plain decimals', () => {
    expect(formatMinorUnits(1999)).toBe('19.99');
    expect(formatMinorUnits(5)).toBe('0.05');
    expect(formatMinorUnits(-50)).toBe('-0.50');
    expect(formatMinorUnits(100_000_000)).toBe('1000000.00');
  });
});
