import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { compareDecimal, formatMoney, fromScaled, roundHalfEven, toScaled } from '../../lib/money';

const decimalString = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }),
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([i, f, places]) => (places === 0 ? `${i}` : `${i}.${String(f).padStart(4, '0').slice(0, places)}`));

describe('exact money', () => {
  it('parsing and printing a decimal loses nothing', () => {
    fc.assert(fc.property(decimalString, (s) => compareDecimal(fromScaled(toScaled(s)), s) === 0));
  });

  it('rounding half-even never moves a value by more than half a minor unit', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: -(10n ** 16n), max: 10n ** 16n }), fc.integer({ min: 0, max: 4 }), (v, places) => {
        const r = roundHalfEven(v, places);
        const half = 10n ** BigInt(4 - places) / 2n;
        const d = r > v ? r - v : v - r;
        return d <= half && r % 10n ** BigInt(4 - places) === 0n;
      }),
    );
  });

  it('ties round to the even neighbour', () => {
    expect(formatMoney('2.125', 'USD')).toBe('2.12');
    expect(formatMoney('2.135', 'USD')).toBe('2.14');
    expect(formatMoney('2.5', 'JPY')).toBe('2');
    expect(formatMoney('3.5', 'JPY')).toBe('4');
  });

  it('refuses what is not a plain decimal', () => {
    for (const bad of ['1e3', '1.23456', 'abc', '', '1,000']) expect(() => toScaled(bad)).toThrow();
  });
});
