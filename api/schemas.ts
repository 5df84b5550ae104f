/** Zod schemas shared by several routes: errors, pagination, bounded strings, decimals, dates. */
import { z } from 'zod';
import { CURRENCY_DIGITS, QUANTITY_DIGITS, type Currency } from '../machines/catalog';
import { amountDigitsProblem, MAX_AMOUNT, MAX_DECIMAL, toScaled, withinLimit } from '../lib/money';

export const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: ErrorBody,
  401: ErrorBody,
  403: ErrorBody,
  404: ErrorBody,
  409: ErrorBody,
  422: ErrorBody,
  503: ErrorBody,
} as const;

/** A trimmed, non-empty string of at most `max` characters, without control characters. */
export const text = (max: number) =>
  z
    .string()
    .trim()
    .min(1)
    .max(max)
    .regex(/^[^\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]*$/, 'must not contain control characters');

export const optionalText = (max: number) => text(max).nullable().optional();

/**
 * The calendar range every date and month field and query parameter accepts: 1900-01-01 … 2999-12-31.
 * Nothing the business records (a tariff's validity, a sailing, a signature, an audit search) lies
 * before 1900 or after 2999; inside the range every date is a four-digit year that PostgreSQL `date`,
 * JavaScript `Date` and `Intl` all handle, with room for the ± one day the boards and expiry compute
 * (0000-01-01 or 9999-12-31 used to reach the database and wedge a workflow or answer 500).
 */
export const DATE_RANGE = { min: '1900-01-01', max: '2999-12-31' } as const;
const DATE_RANGE_MESSAGE = `must be between ${DATE_RANGE.min} and ${DATE_RANGE.max}`;

/** A real calendar date `YYYY-MM-DD` within DATE_RANGE; 400 otherwise. The one date schema of the API. */
export const isoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/, 'must be a date YYYY-MM-DD')
  .refine((s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s), 'must be a real date')
  .refine((s) => s >= DATE_RANGE.min && s <= DATE_RANGE.max, DATE_RANGE_MESSAGE)
  .meta({ format: 'date', description: `A calendar date YYYY-MM-DD from ${DATE_RANGE.min} to ${DATE_RANGE.max}` });

/** A month `YYYY-MM` within DATE_RANGE (1900-01 … 2999-12); 400 otherwise. The one month schema of the API. */
export const yearMonth = z
  .string()
  .regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'must be a month YYYY-MM')
  .refine((s) => s >= DATE_RANGE.min.slice(0, 7) && s <= DATE_RANGE.max.slice(0, 7), DATE_RANGE_MESSAGE)
  .meta({ description: `A month YYYY-MM from ${DATE_RANGE.min.slice(0, 7)} to ${DATE_RANGE.max.slice(0, 7)}` });

/**
 * A date and time `YYYY-MM-DDTHH:MM` (seconds optional; without a zone it is business time, or `Z` /
 * `±HH:MM`) whose date is within DATE_RANGE; 400 otherwise.
 */
export const isoLocalDateTime = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/, 'must be a date and time YYYY-MM-DDTHH:MM')
  .refine((s) => isoDate.safeParse(s.slice(0, 10)).success, `must be a real date ${DATE_RANGE_MESSAGE}`)
  .meta({ description: `Date and time YYYY-MM-DDTHH:MM[:SS] (business time unless Z or ±HH:MM follows), date from ${DATE_RANGE.min} to ${DATE_RANGE.max}` });

/**
 * Exact non-negative decimal as a string: at most 14 integer digits and 4 decimals, i.e. what a
 * `numeric(18,4)` column holds (below 10^14). Money fields add their currency's digits with
 * `currencyAmounts`; quantities use `quantity`.
 */
export const decimal = z
  .string()
  .regex(/^(0|[1-9]\d{0,13})(\.\d{1,4})?$/, 'must be a non-negative decimal string such as "1250.00" (at most 14 integer digits and 4 decimals)')
  .meta({ description: `Exact decimal string, at most ${MAX_DECIMAL} (14 integer digits, 4 decimals)` });

/** An amount of money: a decimal string; its currency (a sibling field) limits its decimals, see `currencyAmounts`. */
export const moneyAmount = decimal.meta({
  description: `Amount in the sibling currency, as a decimal string with at most that currency's digits (${Object.entries(CURRENCY_DIGITS)
    .map(([c, d]) => `${c} ${d}`)
    .join(', ')}); at most ${MAX_AMOUNT}`,
});

/**
 * Refinement for an object whose `fields` are amounts in its `currency` field: each may carry at most
 * that currency's digits (400 at the field's own path, naming the field and the digits). Use as
 * `z.strictObject({...}).superRefine(currencyAmounts('amount'))`.
 */
export function currencyAmounts<K extends string>(...fields: K[]) {
  return (obj: { currency: Currency } & { [k in K]?: string | null | undefined }, ctx: z.RefinementCtx): void => {
    for (const f of fields) {
      const v = obj[f];
      if (typeof v !== 'string') continue;
      const problem = amountDigitsProblem(f, v, obj.currency);
      if (problem) ctx.addIssue({ code: 'custom', path: [f], message: problem });
    }
  };
}

/** A positive quantity; how many decimals it may carry depends on the price unit (`quantityProblem` in lib/pricing.ts). */
export const quantity = decimal
  .refine((q) => !/^0(\.0+)?$/.test(q), 'must be greater than zero')
  .meta({ description: `Quantity in the price unit: whole numbers for per-container and per-shipment units, up to ${QUANTITY_DIGITS.per_kg} decimals for per-kg / per-CBM, ${QUANTITY_DIGITS.percent_of_value} for the declared value of percent_of_value; at most ${MAX_DECIMAL}` });

export const Page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

export const commentBody = z.strictObject({ comment: optionalText(2000) });
export const requiredCommentBody = z.strictObject({ comment: text(2000) });

/**
 * Refinement for an array of `{ currency, [field] }`: the items' sum per currency must stay within
 * what storage holds (below 10^14, MAX_DECIMAL), so a derived total can never overflow a column.
 */
export function currencyTotalsWithin<K extends string>(field: K) {
  return (items: ({ currency: Currency } & { [k in K]: string })[], ctx: z.RefinementCtx): void => {
    const sums = new Map<Currency, bigint>();
    for (const it of items) {
      if (!/^\d+(\.\d{1,4})?$/.test(it[field])) return; // a malformed amount has its own issue
      sums.set(it.currency, (sums.get(it.currency) ?? 0n) + toScaled(it[field]));
    }
    for (const [currency, sum] of sums) {
      if (!withinLimit(sum)) ctx.addIssue({ code: 'custom', path: [], message: `the ${currency} total of ${field} exceeds the largest amount, ${MAX_DECIMAL} ${currency}` });
    }
  };
}
