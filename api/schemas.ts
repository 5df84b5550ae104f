/** Zod schemas shared by several routes: errors, pagination, bounded strings, decimals, dates. */
import type { FastifySchema } from 'fastify';
import { z } from 'zod';
import { CURRENCY_DIGITS, QUANTITY_DIGITS, type Currency } from '../machines/catalog';
import { SAFE_TEXT_PATTERN, unsafeCharacterMessage } from '../lib/text';
import { amountDigitsProblem, Decimal, MAX_AMOUNT, MAX_DECIMAL, parseDecimal, withinLimit } from '../lib/money';
import { PERCENT_PATTERN } from '../domain/collection-rate';

const ErrorBody = z.object({
  code: z.string(),
  message: z.string(),
  details: z.record(z.string(), z.unknown()),
});

/** What each error status means, as the OpenAPI document describes it (codes in lib/errors.ts). */
const ERROR_DESCRIPTIONS: Record<number, string> = {
  400: '`bad_request`: wrong shape; `details.fields[]` lists `{path, message}`',
  401: '`unauthenticated`: no, invalid or expired token, or unknown or deactivated user',
  403: '`forbidden`: the role may not act (auditors are read-only), or segregation of duties',
  404: '`not_found`: no such record, or not yours to see',
  409: '`conflict`: the record’s state refuses the step, or a duplicate',
  413: '`payload_too_large`: body over 1 MiB',
  414: '`uri_too_long`: a path parameter over 100 characters',
  415: '`unsupported_media_type`: the body is not JSON',
  422: '`unprocessable`: against a business rule; `idempotency_key_reused`: the key names another request',
  429: '`rate_limited`: too many changes by this user; see Retry-After',
  431: '`header_too_large`: request headers too large',
  500: '`internal`: unexpected; logged',
  503: '`unavailable`: Temporal or the database cannot be reached; retry with the same Idempotency-Key',
};
const errorFor = (status: number) => ErrorBody.describe(ERROR_DESCRIPTIONS[status] ?? 'error');

/** The error responses every authenticated route may give. */
export const errorResponses = {
  400: errorFor(400),
  401: errorFor(401),
  403: errorFor(403),
  404: errorFor(404),
  409: errorFor(409),
  422: errorFor(422),
  503: errorFor(503),
} as const;

/**
 * Adds to a route's documented responses every error status the platform itself can answer, so the
 * OpenAPI document lists each status a route can give, with the error shape: 400, 414 and 431
 * (malformed request, over-long path parameter, oversized headers) and 500 everywhere; 401, 403 and
 * 503 on authenticated routes; 404 where the path names a record; 429 on changes; 413 and 415 where
 * a body is read. A route's own entries are kept. Call from an `onRoute` hook before routes register.
 */
export function addCommonErrorResponses(route: {
  method: string | string[];
  url: string;
  schema?: FastifySchema & { hide?: boolean };
  config?: { public?: boolean; readOnly?: boolean };
}): void {
  if (!route.schema || route.schema.hide) return;
  const methods = [route.method].flat();
  const statuses = [400, 414, 431, 500];
  if (!route.config?.public) statuses.push(401, 403, 503);
  if (route.url.includes(':')) statuses.push(404);
  const writes = methods.some((m) => !['GET', 'HEAD', 'OPTIONS'].includes(m));
  if (writes && !route.config?.readOnly && !route.config?.public) statuses.push(429);
  if (methods.some((m) => ['POST', 'PUT', 'PATCH'].includes(m))) statuses.push(413, 415);
  const response = { ...((route.schema.response as Record<string, unknown> | undefined) ?? {}) };
  for (const status of statuses) response[status] ??= errorFor(status);
  route.schema.response = response;
}

/**
 * Free text: NFC-normalised, then refused (400 at the field, naming the character and its position)
 * if it holds a control character, a bidirectional control or an invisible character (the rule and
 * its list: `lib/text.ts`), then trimmed; non-empty, at most `max` characters. Every free-text input
 * of the API — bodies, queries, path parameters, and the rows of the .xlsx imports — goes through it.
 */
export const text = (max: number) =>
  z
    .string()
    .normalize('NFC')
    .regex(SAFE_TEXT_PATTERN, { error: (iss) => unsafeCharacterMessage(String(iss.input)) })
    .trim()
    .min(1)
    .max(max);

/**
 * A key that names a record or a user (customer, contract or job number, user id) in a query or path:
 * the rule of `text` (no control, bidirectional or invisible characters), 1–`max` characters.
 */
export const identifier = (max = 64) => text(max);

/** A search term or filter that may be empty (no filter): the rule of `text`, trimmed, at most `max` characters. */
export const searchText = (max: number) =>
  z
    .string()
    .normalize('NFC')
    .regex(SAFE_TEXT_PATTERN, { error: (iss) => unsafeCharacterMessage(String(iss.input)) })
    .trim()
    .max(max);

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
  .refine(
    (s) => !Number.isNaN(Date.parse(`${s}T00:00:00Z`)) && new Date(`${s}T00:00:00Z`).toISOString().startsWith(s),
    'must be a real date',
  )
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
  .regex(
    /^\d{4}-\d{2}-\d{2}T([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?(Z|[+-]([01]\d|2[0-3]):[0-5]\d)?$/,
    'must be a date and time YYYY-MM-DDTHH:MM',
  )
  .refine((s) => isoDate.safeParse(s.slice(0, 10)).success, `must be a real date ${DATE_RANGE_MESSAGE}`)
  .meta({
    description: `Date and time YYYY-MM-DDTHH:MM[:SS] (business time unless Z or ±HH:MM follows), date from ${DATE_RANGE.min} to ${DATE_RANGE.max}`,
  });

/**
 * Exact non-negative decimal as a string: at most 14 integer digits and 4 decimals, i.e. what a
 * `numeric(18,4)` column holds (below 10^14). Money fields add their currency's digits with
 * `currencyAmounts`; quantities use `quantity`.
 */
export const decimal = z
  .string()
  .regex(
    /^(0|[1-9]\d{0,13})(\.\d{1,4})?$/,
    'must be a non-negative decimal string such as "1250.00" (at most 14 integer digits and 4 decimals)',
  )
  .meta({ description: `Exact decimal string, at most ${MAX_DECIMAL} (14 integer digits, 4 decimals)` });

/** An amount of money: a decimal string; its currency (a sibling field) limits its decimals, see `currencyAmounts`. */
export const moneyAmount = decimal.meta({
  description: `Amount in the sibling currency, as a decimal string with at most that currency's digits (${Object.entries(
    CURRENCY_DIGITS,
  )
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

/**
 * A per cent as a string, "0" to "100" with at most 2 decimals (`"95"`, `"7.50"`) — the one rule of every
 * per-cent field (plan targets, collection-rate targets, price authority); the desk's is `percentRule`
 * (web/src/format/number.ts). A 400 at the field's path otherwise.
 */
export const percent = z
  .string()
  .regex(PERCENT_PATTERN, 'must be a per cent 0–100 with at most 2 decimals, e.g. "7.50"');

/** A positive quantity; how many decimals it may carry depends on the price unit (`quantityProblem` in lib/pricing.ts). */
export const quantity = decimal
  .refine((q) => !/^0(\.0+)?$/.test(q), 'must be greater than zero')
  .meta({
    description: `Quantity in the price unit: whole numbers for per-container and per-shipment units, up to ${QUANTITY_DIGITS.per_kg} decimals for per-kg / per-CBM, ${QUANTITY_DIGITS.percent_of_value} for the declared value of percent_of_value; at most ${MAX_DECIMAL}`,
  });

export const Page = z.strictObject({
  limit: z.coerce.number().int().min(1).max(200).default(50),
  offset: z.coerce.number().int().min(0).max(1_000_000).default(0),
});

/** A key's name in both languages (domain/labels.ts). */
export const LabelView = z.object({ zh: z.string(), en: z.string() });

/** The labels a history row carries beside its keys: its event, and the states before and after. */
export const HistoryLabels = {
  actionLabel: LabelView.describe('The event’s name (zh-Hant, English)'),
  fromStateLabel: LabelView.nullable().describe('The name of fromState'),
  toStateLabel: LabelView.nullable().describe('The name of toState'),
};

export const commentBody = z.strictObject({ comment: optionalText(2000) });
export const requiredCommentBody = z.strictObject({ comment: text(2000) });

/**
 * Refinement for an array of `{ currency, [field] }`: the items' sum per currency must stay within
 * what storage holds (below 10^14, MAX_DECIMAL), so a derived total can never overflow a column.
 */
export function currencyTotalsWithin<K extends string>(field: K) {
  return (items: ({ currency: Currency } & { [k in K]: string })[], ctx: z.RefinementCtx): void => {
    const sums = new Map<Currency, Decimal>();
    for (const it of items) {
      if (!/^\d+(\.\d{1,4})?$/.test(it[field])) return; // a malformed amount has its own issue
      sums.set(it.currency, (sums.get(it.currency) ?? new Decimal(0)).plus(parseDecimal(it[field])));
    }
    for (const [currency, sum] of sums) {
      if (!withinLimit(sum))
        ctx.addIssue({
          code: 'custom',
          path: [],
          message: `the ${currency} total of ${field} exceeds the largest amount, ${MAX_DECIMAL} ${currency}`,
        });
    }
  };
}
