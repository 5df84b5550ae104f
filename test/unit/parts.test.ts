/**
 * The desk's parts-never-exceed-their-whole arithmetic (web/src/format/parts.ts): exact decimal sums and comparisons
 * on lib/money.ts's Decimal, including amounts and sums beyond 2^53 minor units, where floating point would round.
 */
import { describe, expect, it } from 'vitest';
import { amountText, exceedsProblem, parseAmount, sumAmounts, WHOLE_LABELS } from '../../web/src/format/parts';

const en = Object.assign((_zh: string, e: string) => e, { label: (l: readonly [string, string]) => l[1] });
const outstanding = (amount: string, currency = 'CNY') => ({ amount, currency, label: WHOLE_LABELS.outstanding });

describe('parts.ts', () => {
  it('reads plain non-negative amounts with at most the currency digits, nothing else', () => {
    expect(amountText(parseAmount(' 12.5 ', 2)!, 2)).toBe('12.50');
    expect(amountText(parseAmount('7', 0)!, 0)).toBe('7');
    for (const bad of ['12.345', '-1', '1e3', '1,000', '', '.5', '1.', '1234567890123456']) {
      expect(parseAmount(bad, 2), bad).toBeNull();
    }
    expect(parseAmount('12.5', 0)).toBeNull();
  });

  it('sums exactly, skipping empty ones, null on a bad one', () => {
    expect(sumAmounts(['0.1', '0.2', undefined, '', null, ' '], 2)).toBe('0.30');
    expect(sumAmounts(['1', 'x'], 2)).toBeNull();
    expect(sumAmounts([], 0)).toBe('0');
    // Beyond Number's exact integers (2^53 ≈ 9.007e15 minor units): 15 integer digits and cents stay exact.
    expect(sumAmounts(['999999999999999.99', '0.01'], 2)).toBe('1000000000000000.00');
    expect(sumAmounts(['900719925474099.27', '0.01', '0.01'], 2)).toBe('900719925474099.29');
    expect(amountText(parseAmount('0.05', 2)!.minus(parseAmount('0.10', 2)!), 2)).toBe('-0.05');
    expect(amountText(parseAmount('5', 2)!.minus(parseAmount('5.00', 2)!), 2)).toBe('0.00');
  });

  it('names a part beyond its whole by one minor unit, even where floating point could not tell them apart', () => {
    expect(exceedsProblem('1234.00', outstanding('1234'), 2, en)).toBeNull();
    expect(exceedsProblem('1234.01', outstanding('1234'), 2, en)).toBe(
      'Must not exceed the outstanding amount CNY 1,234.00',
    );
    // 900719925474099.93 and .92 are the same double; the comparison must still see the cent.
    expect(Number('900719925474099.93')).toBe(Number('900719925474099.92'));
    expect(exceedsProblem('900719925474099.93', outstanding('900719925474099.92'), 2, en)).toMatch(/^Must not exceed/);
    expect(exceedsProblem('900719925474099.92', outstanding('900719925474099.92'), 2, en)).toBeNull();
    expect(exceedsProblem('101', outstanding('100', 'JPY'), 0, en)).toBe(
      'Must not exceed the outstanding amount JPY 100',
    );
    expect(exceedsProblem('1.5', outstanding('100', 'JPY'), 0, en)).toBeNull(); // not an amount: another rule names it
  });
});
