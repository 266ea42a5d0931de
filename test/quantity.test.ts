import { describe, expect, it } from 'vitest';
import { formatCpu, formatMemory, parseQuantity } from '../lib/spec/quantity';

describe('quantities', () => {
  it.each([
    ['100m', 0.1],
    ['2', 2],
    ['1.5', 1.5],
    ['512Mi', 512 * 2 ** 20],
    ['1Gi', 2 ** 30],
    ['1G', 1e9],
    ['10k', 1e4],
  ])('parses %s', (q, n) => {
    expect(parseQuantity(q)).toBeCloseTo(n);
  });
  it('rejects what is not a quantity', () => {
    expect(() => parseQuantity('1Xi')).toThrow(/not a quantity/);
  });
  it('formats for messages', () => {
    expect(formatCpu(0.25)).toBe('250m');
    expect(formatCpu(2.5)).toBe('2.5');
    expect(formatMemory(1.5 * 2 ** 30)).toBe('1.5Gi');
    expect(formatMemory(256 * 2 ** 20)).toBe('256Mi');
  });
});
