/**
 * POST /quotes/preview — the quote builder's live pricing: lines priced on the tariff in force today
 * (or a quote's own locked version) and the caller's price authority by the same functions that price a saved quote (lib/pricing.ts), so
 * the warnings a salesperson sees before submitting are the server's own. Saves nothing.
 */
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { findTariffInForce, findTariffLines, findTariffVersion, fromLineRow } from '../../db/tariff.repository';
import { findUserById } from '../../db/user.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import {
  priceQuote,
  quoteLineProblems,
  refuseProblems,
  type QuoteLineInput,
  type TariffLineForPricing,
} from '../../lib/pricing';
import { requireRole } from '../auth';
import { refuseUnquotable } from './views';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { PricedLineView, QuoteLines } from './schemas';
import { REFUSAL_TEXT } from '../../machines/refusal-text';

/**
 * The tariff version in force on `at.date` (or the locked version `at.versionNo`, a quote's own) and its
 * lines, after refusing `lines` that cannot be priced on it: 422 `unprocessable` when no version is in
 * force or a line names no line of it valid on `at.date` (`details.fields` `body.lines.<i>.tariffLineNo`,
 * views.ts `refuseUnquotable`), 400 `bad_request` for digits, quantities or amount limits
 * (`quoteLineProblems`). Shared by creating a quote and previewing one.
 */
export async function tariffForQuoteLines(
  db: Kysely<Database>,
  at: { date: string; versionNo?: number | undefined },
  lines: QuoteLineInput[],
): Promise<{ versionNo: number; lines: TariffLineForPricing[] }> {
  const tariff =
    at.versionNo === undefined ? await findTariffInForce(db, at.date) : await findTariffVersion(db, at.versionNo);
  if (!tariff || tariff.status !== 'locked') {
    throw new AppError(
      'unprocessable',
      at.versionNo === undefined ? REFUSAL_TEXT.noTariffInForce(at.date) : REFUSAL_TEXT.tariffNotLocked(at.versionNo),
    );
  }
  const tariffLines = (await findTariffLines(db, tariff.version_no)).map(fromLineRow);
  refuseProblems(quoteLineProblems(tariffLines, lines));
  // Every line must name a line of that version valid on the date: 422 naming the line and its validity.
  refuseUnquotable(tariff.version_no, tariffLines, lines, at.date);
  return { versionNo: tariff.version_no, lines: tariffLines };
}

const Money = z.object({ currency: z.string(), amount: z.string() });
export const QuotePreview = z.object({
  tariffVersionNo: z.number(),
  authorityPct: z
    .string()
    .describe('The caller’s price authority: the largest discount in per cent below the tariff price'),
  lines: z.array(PricedLineView),
  totals: z.array(Money),
  needsPriceApproval: z
    .boolean()
    .describe('A line is beyond the price authority: the quote goes to the marketing manager first'),
  belowCost: z.boolean(),
});

export function previewQuote(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/quotes/preview',
      {
        // Changes nothing: no Idempotency-Key, no write rate limit.
        config: { readOnly: true },
        // Role before shape: any other role (auditors included) is refused before its body is read.
        preValidation: async (req) => {
          requireRole(req, ['sales'], 'preview a quote');
        },
        schema: {
          tags: ['quotes'],
          summary:
            'Price quote lines on the tariff in force and your price authority, without saving (the quote builder’s warnings)',
          body: z.strictObject({
            lines: QuoteLines,
            tariffVersionNo: z
              .number()
              .int()
              .min(1)
              .max(1_000_000_000)
              .optional()
              .describe(
                'A locked version to price on (a quote’s own, when revising); default the version in force today',
              ),
          }),
          response: { 200: QuotePreview, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, ['sales'], 'preview a quote');
        const [tariff, owner] = await Promise.all([
          tariffForQuoteLines(deps.db, { date: businessToday(), versionNo: req.body.tariffVersionNo }, req.body.lines),
          findUserById(deps.db, user.id),
        ]);
        const authorityPct = owner?.price_authority_pct ?? deps.config.priceAuthorityDefaultPct;
        const priced = priceQuote(tariff.lines, req.body.lines, authorityPct);
        return {
          tariffVersionNo: tariff.versionNo,
          authorityPct: String(authorityPct),
          lines: priced.lines.map((l) => ({
            ...l,
            unit: String(l.unit),
            serviceType: String(l.serviceType),
            currency: String(l.currency),
          })),
          totals: priced.totals,
          needsPriceApproval: priced.needsPriceApproval,
          belowCost: priced.belowCost,
        };
      },
    );
  };
}
