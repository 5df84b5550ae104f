/**
 * Credit limits 信用額度 per customer and currency (§3.4.4): `PUT /customers/:customerNo/credit-limits/:currency`
 * {amount} by commerce or the GM (audited `customer_credit` / `credit.limit_set`, idempotent), and
 * `GET /customers/:customerNo/credit`: the hold, each currency's limit, exposure and warning. The
 * warnings (domain/credit-control.ts `creditLimitWarnings`) are also carried by quotes and jobs
 * (`creditWarnings`): a warning, never a block.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit } from '../../db/audit.repository';
import { listCreditLimits, setCreditLimit } from '../../db/collection-case.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import { findActiveHold, findExposure, findLimitedExposures, listOverrides } from '../../db/credit-control.repository';
import type { Database } from '../../db/database';
import {
  CREDIT_LIMIT_SETTERS,
  creditLimitWarnings,
  type CreditLimitWarning,
  type CurrencyExposure,
} from '../../domain/credit-control';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, formatMoney, parseDecimal } from '../../lib/money';
import { CURRENCIES, type Currency } from '../../machines/catalog';
import { resolveActor, sightOf } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import { visibleOrNotFound } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { ledgerReader } from '../receivables/access';
import { CustomerLedgerParams } from '../receivables/schemas';
import { errorResponses, identifier, moneyAmount } from '../schemas';
import { CreditOverrideView, toOverrideView } from './hold';

export const CreditWarning = z
  .object({
    currency: z.enum(CURRENCIES),
    limit: z.string(),
    openReceivables: z.string(),
    unbilledWork: z.string(),
    newExposure: z.string(),
    exposure: z.string().describe('openReceivables + unbilledWork + newExposure'),
    over: z.string().describe('exposure − limit'),
  })
  .describe('A currency in which the customer’s exposure would exceed the credit limit (a warning, not a block)');
export const CreditWarnings = z.array(CreditWarning);

const LimitParams = z.strictObject({ customerNo: identifier(), currency: z.enum(CURRENCIES) });
const LimitBody = z.strictObject({ amount: moneyAmount.describe('The limit, ≥ 0, in the currency’s digits') });
const CreditView = z.object({
  customerNo: z.string(),
  hold: z
    .object({ reason: z.string(), setBy: z.string(), setAt: z.string(), overrides: z.array(CreditOverrideView) })
    .nullable(),
  limits: z.array(
    z.object({
      currency: z.enum(CURRENCIES),
      limit: z.string(),
      setBy: z.string(),
      setAt: z.string(),
      openReceivables: z.string(),
      unbilledWork: z.string(),
      exposure: z.string(),
      exceeded: z.boolean(),
    }),
  ),
  exposure: z.array(z.object({ currency: z.string(), openReceivables: z.string(), unbilledWork: z.string() })),
});

/** The customer's exposure per currency, in the currencies' digits. */
async function exposureOf(db: Kysely<Database>, customerNo: string): Promise<CurrencyExposure[]> {
  return (await findExposure(db, customerNo))
    .filter((r): r is typeof r & { currency: Currency } => (CURRENCIES as string[]).includes(r.currency))
    .map((r) => ({
      currency: r.currency,
      openReceivables: formatMoney(r.open_receivables, r.currency),
      unbilledWork: formatMoney(r.unbilled_work, r.currency),
    }));
}

/**
 * The credit-limit warnings of `customerNo` with `newWork` added (a new quote's totals; none at job
 * opening). Empty when no limit is set or none is exceeded.
 */
export async function creditWarningsFor(
  db: Kysely<Database>,
  customerNo: string,
  newWork: readonly { currency: string; amount: string }[] = [],
): Promise<CreditLimitWarning[]> {
  const limits = await listCreditLimits(db, customerNo);
  if (!limits.length) return [];
  return creditLimitWarnings(
    limits.map((l) => ({ currency: l.currency.trim() as Currency, amount: l.amount })),
    await exposureOf(db, customerNo),
    newWork.filter((w): w is { currency: Currency; amount: string } => (CURRENCIES as string[]).includes(w.currency)),
  );
}

/**
 * Which of many items (an inbox page) would put their customer over a credit limit, in one query for all
 * of them: the same rule as `creditWarningsFor` (domain/credit-control.ts `creditLimitWarnings`).
 * @param items each a customer and the new work it adds (a quote's totals while not yet signed; none for a job).
 * @returns per item (same order) the currencies in which the limit would be exceeded; empty when none.
 */
export async function overLimitCurrencies(
  db: Kysely<Database>,
  items: readonly { customerNo: string; newWork: readonly { currency: string; amount: string }[] }[],
): Promise<Currency[][]> {
  const rows = await findLimitedExposures(
    db,
    items.map((i) => i.customerNo),
  );
  const known = (c: string): c is Currency => (CURRENCIES as readonly string[]).includes(c);
  return items.map((item) => {
    const mine = rows.filter((r) => r.customer_no === item.customerNo && known(r.currency));
    if (mine.length === 0) return [];
    return creditLimitWarnings(
      mine.map((r) => ({ currency: r.currency as Currency, amount: r.limit })),
      mine.map((r) => ({
        currency: r.currency as Currency,
        openReceivables: formatMoney(r.open_receivables, r.currency as Currency),
        unbilledWork: formatMoney(r.unbilled_work, r.currency as Currency),
      })),
      item.newWork.filter((w): w is { currency: Currency; amount: string } => known(w.currency)),
    ).map((w) => w.currency);
  });
}

async function creditView(db: Kysely<Database>, customerNo: string): Promise<z.infer<typeof CreditView>> {
  const [hold, limits, exposure] = await Promise.all([
    findActiveHold(db, customerNo),
    listCreditLimits(db, customerNo),
    exposureOf(db, customerNo),
  ]);
  const warned = creditLimitWarnings(
    limits.map((l) => ({ currency: l.currency.trim() as Currency, amount: l.amount })),
    exposure,
  );
  return {
    customerNo,
    hold: hold
      ? {
          reason: hold.reason,
          setBy: hold.setBy,
          setAt: hold.setAt.toISOString(),
          overrides: (await listOverrides(db, hold)).map(toOverrideView),
        }
      : null,
    limits: limits.map((l) => {
      const currency = l.currency.trim() as Currency;
      const e = exposure.find((x) => x.currency === currency);
      const open = e?.openReceivables ?? formatMoney('0', currency);
      const unbilled = e?.unbilledWork ?? formatMoney('0', currency);
      return {
        currency,
        limit: formatMoney(l.amount, currency),
        setBy: l.set_by,
        setAt: l.set_at.toISOString(),
        openReceivables: open,
        unbilledWork: unbilled,
        exposure: formatMoney(parseDecimal(open).plus(parseDecimal(unbilled)), currency),
        exceeded: warned.some((w) => w.currency === currency),
      };
    }),
    exposure,
  };
}

export function creditLimitRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/customers/:customerNo/credit',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'The customer’s credit: hold and its overrides, limits per currency with exposure and whether exceeded',
          params: CustomerLedgerParams,
          response: { 200: CreditView, ...errorResponses },
        },
      },
      async (req) => {
        const { scope } = await ledgerReader(deps.db, req);
        const { customerNo } = req.params;
        visibleOrNotFound(scope, customerNo, await findCustomerByNo(deps.db, customerNo));
        return creditView(deps.db, customerNo);
      },
    );

    app.put(
      '/customers/:customerNo/credit-limits/:currency',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Set the customer’s credit limit in a currency (commerce, GM or the GM’s delegate); audited',
          headers: IdempotencyHeaders,
          params: LimitParams,
          body: LimitBody,
          response: { 200: CreditView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        // Own role, or the GM's delegation (on the GM's behalf): api/acting.ts.
        const actor = await resolveActor(deps, user, CREDIT_LIMIT_SETTERS);
        const key = idempotencyKeyOf(req);
        const { customerNo, currency } = req.params;
        visibleOrNotFound(await sightOf(deps, actor), customerNo, await findCustomerByNo(deps.db, customerNo));
        const problem = amountDigitsProblem('amount', req.body.amount, currency);
        if (problem)
          throw new AppError('bad_request', problem, { fields: [{ path: 'body.amount', message: problem }] });
        const amount = formatMoney(req.body.amount, currency);
        await deps.db.transaction().execute(async (trx) => {
          const before = (await listCreditLimits(trx, customerNo)).find((l) => l.currency.trim() === currency);
          const fresh = await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'customer_credit',
            recordId: customerNo,
            action: 'credit.limit_set',
            changes: { currency, amount: { from: before ? formatMoney(before.amount, currency) : null, to: amount } },
            idempotencyKey: key,
          });
          // A retry with the same key changes nothing.
          if (!fresh) return;
          await setCreditLimit(trx, { customerNo, currency, amount, by: user.id });
        });
        return creditView(deps.db, customerNo);
      },
    );
  };
}
