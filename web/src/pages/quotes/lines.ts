/** Quote lines as the desk edits them, and the catalogue facts it shows (from machines/catalog.ts, the API's own). */
import {
  CURRENCY_DIGITS,
  PRICE_UNIT_LABELS,
  quantityDigits,
  SERVICE_TYPE_LABELS,
  type Currency,
  type PriceUnit,
  type ServiceType,
} from '../../../../machines/catalog';
import type { paths } from '../../api/schema';

export type QuoteDetail = paths['/quotes/{quoteNo}']['get']['responses']['200']['content']['application/json'];
export type PricedLine = QuoteDetail['lines'][number];
export type TariffDetail = paths['/tariffs/in-force']['get']['responses']['200']['content']['application/json'];
export type TariffLine = TariffDetail['lines'][number];
export type QuotePreview = paths['/quotes/preview']['post']['responses']['200']['content']['application/json'];

/** One line being edited: the tariff line it prices, the quoted unit price and quantity as typed. */
export interface EditLine {
  key: string;
  tariffLineNo: number;
  quotedPrice: string;
  quantity: string;
}

export const serviceTypeLabel = (s: string): string => SERVICE_TYPE_LABELS[s as ServiceType] ?? s;
export const unitLabel = (u: string): string => PRICE_UNIT_LABELS[u as PriceUnit] ?? u;
export const SERVICE_TYPE_OPTIONS = Object.entries(SERVICE_TYPE_LABELS).map(([value, label]) => ({ value, label }));
export const CURRENCY_OPTIONS = Object.keys(CURRENCY_DIGITS).map((c) => ({ value: c, label: c }));

/** Decimals a quantity of this unit takes: whole containers and shipments (0), 3 for kg / CBM, the currency's for % of value. */
export const quantityDecimals = (unit: string, currency: string): number =>
  quantityDigits(unit as PriceUnit, currency as Currency);

/** Decimals a unit price takes: the currency's; a per-cent rate 4. */
export const priceDecimals = (unit: string, currency: string): number =>
  unit === 'percent_of_value' ? 4 : (CURRENCY_DIGITS[currency as Currency] ?? 2);

/** `2450.0000` → `2450.00` (USD): trailing zeros beyond `digits` dropped, never a digit that is not zero. */
export function trimDecimals(value: string, digits: number): string {
  const m = /^(-?\d+)(?:\.(\d*))?$/.exec(value);
  if (!m) return value;
  const frac = (m[2] ?? '').replace(/0+$/, '');
  const keep = frac.length > digits ? frac : frac.padEnd(digits, '0');
  return keep ? `${m[1]}.${keep}` : m[1]!;
}

/**
 * Whether a preview priced exactly `lines` as they are on screen — the same tariff lines in the same order, each with
 * the same quoted price and quantity, compared as numbers (`2400` is the API's `2400.00`) — so its figures may be shown
 * as current (the builder's and the revise form's totals are marked 「以上為修改前的金額…」 until they do).
 */
export function previewPrices(preview: QuotePreview | undefined, lines: readonly EditLine[]): boolean {
  return (
    !!preview &&
    preview.lines.length === lines.length &&
    lines.every((l, i) => {
      const p = preview.lines[i]!;
      return (
        p.tariffLineNo === l.tariffLineNo &&
        Number(p.quotedPrice) === Number(l.quotedPrice) &&
        Number(p.quantity) === Number(l.quantity)
      );
    })
  );
}

/** What is wrong with a typed decimal (format/number.ts, where every amount field's rule is). */
export { decimalProblem } from '../../format/number';

let counter = 0;
export const newLineKey = (): string => `l${Date.now().toString(36)}${(counter++).toString(36)}`;

/** Editable lines from a quote's priced lines (revising or amending). */
export const toEditLines = (lines: readonly PricedLine[]): EditLine[] =>
  lines.map((l) => ({
    key: newLineKey(),
    tariffLineNo: l.tariffLineNo,
    quotedPrice: trimDecimals(l.quotedPrice, priceDecimals(l.unit, l.currency)),
    quantity: trimDecimals(l.quantity, quantityDecimals(l.unit, l.currency)),
  }));

/** The API body's lines. */
export const toBodyLines = (lines: readonly EditLine[]) =>
  lines.map((l) => ({ tariffLineNo: l.tariffLineNo, quotedPrice: l.quotedPrice.trim(), quantity: l.quantity.trim() }));
