import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  chargeOf,
  compareDecimal,
  Decimal,
  formatDecimal,
  formatMoney,
  formatUnitPrice,
  parseDecimal,
  percentOf,
  withinLimit,
} from '../../lib/money';
import { CURRENCIES, type Currency } from '../../machines/catalog';

/**
 * The former hand-written arithmetic (bigint minor units at scale 4, half-even by hand), kept here
 * only as the oracle the decimal.js implementation must agree with.
 */
const old = (() => {
  const SCALE = 4;
  const FACTOR = 10n ** 4n;
  const toScaled = (s: string): bigint => {
    const m = /^(-)?(\d+)(?:\.(\d{1,4}))?$/.exec(s);
    if (!m) throw new Error(s);
    const v = BigInt(m[2]!) * FACTOR + BigInt((m[3] ?? '').padEnd(SCALE, '0'));
    return m[1] ? -v : v;
  };
  const fromScaled = (v: bigint, places: number): string => {
    const abs = v < 0n ? -v : v;
    const frac = (abs % FACTOR).toString().padStart(SCALE, '0').slice(0, places);
    return `${v < 0n ? '-' : ''}${abs / FACTOR}${places > 0 ? `.${frac}` : ''}`;
  };
  const divHalfEven = (n: bigint, d: bigint): bigint => {
    let q = n / d;
    const r = n % d;
    const twice = (r < 0n ? -r : r) * 2n;
    const absD = d < 0n ? -d : d;
    if (twice > absD || (twice === absD && q % 2n !== 0n)) q += n < 0n !== d < 0n ? -1n : 1n;
    return q;
  };
  const digits = (c: Currency) => (c === 'JPY' ? 0 : 2);
  return {
    toScaled,
    /** price × quantity (÷ 100) rounded half-even to the currency's digits, printed with them. */
    charge: (price: string, qty: string, c: Currency, perCent: boolean): string => {
      const minor = divHalfEven(toScaled(price) * toScaled(qty), (perCent ? 100n : 1n) * 10n ** BigInt(8 - digits(c)));
      return fromScaled(minor * 10n ** BigInt(SCALE - digits(c)), digits(c));
    },
    /** a ÷ b × 100 half-even to 2 decimals. */
    percent: (a: bigint, b: bigint): string => {
      const q = divHalfEven(a * 10_000n, b);
      const abs = q < 0n ? -q : q;
      return `${q < 0n ? '-' : ''}${abs / 100n}.${(abs % 100n).toString().padStart(2, '0')}`;
    },
    money: (s: string, c: Currency): string => {
      const unit = 10n ** BigInt(SCALE - digits(c));
      return fromScaled(divHalfEven(toScaled(s), unit) * unit, digits(c));
    },
    fromScaled,
  };
})();

/** A non-negative decimal string below 10^14 with 0–4 decimals, as the API accepts. */
const decimalString = fc
  .tuple(
    fc.bigInt({ min: 0n, max: 10n ** 14n - 1n }),
    fc.integer({ min: 0, max: 9999 }),
    fc.integer({ min: 0, max: 4 }),
  )
  .map(([i, f, places]) => (places === 0 ? `${i}` : `${i}.${String(f).padStart(4, '0').slice(0, places)}`));
/** The same, often small (where ties and carries happen), sometimes negative. */
const smallDecimal = fc
  .tuple(fc.integer({ min: -99_999_999, max: 99_999_999 }), fc.integer({ min: 0, max: 4 }))
  .map(([v, places]) => {
    const s = old.fromScaled(BigInt(v), 4);
    return places === 4 ? s : s.slice(0, s.length - (4 - places) - (places === 0 ? 1 : 0));
  });
const anyDecimal = fc.oneof(decimalString, smallDecimal);
const currency = fc.constantFrom(...CURRENCIES);

describe('exact money', () => {
  it('parsing and printing a decimal loses nothing', () => {
    fc.assert(
      fc.property(anyDecimal, (s) => {
        expect(compareDecimal(formatDecimal(parseDecimal(s), 4), s)).toBe(0);
        expect(formatDecimal(parseDecimal(s), 4)).toBe(old.fromScaled(old.toScaled(s), 4));
      }),
    );
  });

  it('rounding half-even never moves a value by more than half a minor unit', () => {
    fc.assert(
      fc.property(anyDecimal, fc.integer({ min: 0, max: 4 }), (s, places) => {
        const v = parseDecimal(s);
        const r = new Decimal(formatDecimal(v, places));
        expect(r.minus(v).abs().lte(new Decimal(10).pow(-places).div(2))).toBe(true);
        expect(r.decimalPlaces()).toBeLessThanOrEqual(places);
      }),
    );
  });

  it('ties round to the even neighbour', () => {
    expect(formatMoney('2.125', 'USD')).toBe('2.12');
    expect(formatMoney('2.135', 'USD')).toBe('2.14');
    expect(formatMoney('2.5', 'JPY')).toBe('2');
    expect(formatMoney('3.5', 'JPY')).toBe('4');
    expect(formatMoney('-2.5', 'JPY')).toBe('-2');
    expect(formatDecimal(new Decimal('-0.001'), 2)).toBe('0.00');
    expect(percentOf(new Decimal(1), new Decimal(8))).toBe('12.50');
    expect(percentOf(new Decimal('0.00125'), new Decimal(1))).toBe('0.12');
  });

  it('refuses what is not a plain decimal', () => {
    for (const bad of ['1e3', '1.23456', 'abc', '', '1,000', '+1', '0x10', 'Infinity', 'NaN', ' 1', '.5'])
      expect(() => parseDecimal(bad)).toThrow();
  });

  it('a charge (price × quantity, ÷ 100 for a rate) equals the former bigint result, rounded once half-even', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, currency, fc.boolean(), (price, qty, c, perCent) => {
        expect(formatMoney(chargeOf(price, qty, c, perCent), c)).toBe(old.charge(price, qty, c, perCent));
      }),
      { numRuns: 2000 },
    );
  });

  it('sums are exact: the total of rounded amounts equals the bigint sum, and the limit is 10^14', () => {
    fc.assert(
      fc.property(fc.array(anyDecimal, { maxLength: 30 }), (xs) => {
        const sum = xs.reduce((s, x) => s.plus(parseDecimal(x)), new Decimal(0));
        const big = xs.reduce((s, x) => s + old.toScaled(x), 0n);
        expect(formatDecimal(sum, 4)).toBe(old.fromScaled(big, 4));
        expect(withinLimit(sum)).toBe((big < 0n ? -big : big) < 10n ** 18n);
      }),
    );
    expect(withinLimit(parseDecimal('99999999999999.9999'))).toBe(true);
    expect(withinLimit(parseDecimal('100000000000000'))).toBe(false);
  });

  it('a percentage equals the former bigint result, half-even to 2 decimals', () => {
    fc.assert(
      fc.property(anyDecimal, anyDecimal, (a, b) => {
        fc.pre(old.toScaled(b) !== 0n);
        expect(percentOf(parseDecimal(a), parseDecimal(b))).toBe(old.percent(old.toScaled(a), old.toScaled(b)));
      }),
      { numRuns: 2000 },
    );
    expect(percentOf(new Decimal(5), new Decimal(0))).toBe('0.00');
  });

  it('formatting an amount in its currency equals the former result', () => {
    fc.assert(
      fc.property(anyDecimal, currency, (s, c) => {
        expect(formatMoney(s, c)).toBe(old.money(s, c));
      }),
    );
  });

  it('a unit price keeps every non-zero digit and at least its currency digits (rates 4)', () => {
    expect(formatUnitPrice('350.0000', 'per_shipment', 'CNY')).toBe('350.00');
    expect(formatUnitPrice('0.3', 'percent_of_value', 'USD')).toBe('0.3000');
    expect(formatUnitPrice('12.3450', 'per_kg', 'CNY')).toBe('12.345');
    expect(formatUnitPrice('50000.0000', 'per_shipment', 'JPY')).toBe('50000');
  });
});
