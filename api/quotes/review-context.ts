import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findActiveHold } from '../../db/credit-control.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import { listReceiptBalances, listReceivableBalances } from '../../db/ledger.repository';
import { openDisputedByReceivable } from '../../db/reconciliation.repository';
import { businessToday } from '../../lib/dates';
import { parseDecimal } from '../../lib/money';
import { LEDGER_READERS } from '../receivables/access';
import { agingReport } from '../receivables/aging';
import { fmtScaled } from '../receivables/views';
import { findProspectByCustomer, latestRiskAssessment } from '../../db/prospect.repository';
import { findEarlierQuotedLines, findRevision } from '../../db/quote.repository';
import { findDisplayNames } from '../../db/user.repository';
import { stateLabel } from '../../domain/labels';
import { PROSPECT_STAGES } from '../../machines/prospect.machine';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { RiskAssessmentView } from '../prospects/schemas';
import { riskAssessmentView } from '../prospects/views';
import { errorResponses, LabelView } from '../schemas';
import { PricedLineView, QuoteParams } from './schemas';
import { COST_SIDE_NOTE, costSide, mayReadBudget } from './budget-access';
import { loadQuote, pricedLineView } from './views';

const ReviewContext = z.object({
  quoteNo: z.string(),
  revision: z.number(),
  tariffVersionNo: z.number(),
  /** Each line against its tariff line: tariff price, budgeted cost, discount, below-cost and authority flags. */
  lines: z.array(PricedLineView),
  belowCost: z.boolean().nullable().describe(`A line is priced below its budgeted cost; ${COST_SIDE_NOTE}`),
  needsPriceApproval: z.boolean(),
  customer: z.object({
    customerNo: z.string(),
    fullName: z.string(),
    status: z.string(),
    industry: z.string().nullable(),
    creditStanding: z.string().nullable(),
    paymentTerms: z.string().nullable(),
  }),
  earlierQuotedPrices: z.array(
    z.object({
      quoteNo: z.string(),
      status: z.string(),
      revision: z.number(),
      quotedAt: z.string(),
      line: PricedLineView,
    }),
  ),
  paymentRecord: z
    .object({
      /** Business date the figures are taken at (today, business time zone). */
      asOf: z.string(),
      /** Per currency (never summed across currencies): the customer's line of the aging 賬齡 as of today. */
      currencies: z.array(
        z.object({
          currency: z.string(),
          /** Open receivables, in the currency's digits. */
          outstanding: z.string(),
          /** The part past its due date (every bucket but 未到期 not yet due). */
          overdue: z.string(),
          /** The oldest bucket holding an amount, e.g. `d31_60`, with its labels; null when nothing is open. */
          oldestBucket: z.object({ key: z.string(), labelZh: z.string(), labelEn: z.string() }).nullable(),
          /** Receipts not yet allocated (customer's credit). */
          unallocatedCredit: z.string(),
          /** Amounts under open statement dispute. */
          disputed: z.string(),
        }),
      ),
      /** The customer's credit hold 信用凍結 (abnormal collection), or null. */
      creditHold: z.object({ reason: z.string(), setAt: z.string() }).nullable(),
    })
    .nullable()
    .describe('null for a role that does not read the receivables ledger (LEDGER_READERS)'),
  /** The risk assessment 風險評估 of the customer's business and finances in force (§3.2.1); null: none recorded. */
  riskAssessment: RiskAssessmentView.nullable(),
  riskAssessmentMissing: z
    .boolean()
    .describe(
      'A prospective customer (no contract signed yet) without a risk assessment: commerce is warned, the contract is not blocked',
    ),
  prospect: z
    .object({ id: z.number().int(), stage: z.enum(PROSPECT_STAGES), stageLabel: LabelView })
    .nullable()
    .describe('The customer’s place in the prospects pipeline, if it is in it'),
});

/**
 * The customer's payment record for commerce's review (§3.3.6, §3.4): its aging line per currency as of
 * today (the rule of GET /receivables/aging, `agingReport`, with the configured bucket edges) and its credit
 * hold. Reads the ledger; writes nothing.
 */
async function paymentRecordOf(deps: ApiDeps, customerNo: string) {
  const asOf = businessToday();
  const f = { asOf, customerNo };
  const [receivables, receipts, hold] = await Promise.all([
    listReceivableBalances(deps.db, { ...f, openOnly: true }),
    listReceiptBalances(deps.db, { ...f, withCreditOnly: true }),
    findActiveHold(deps.db, customerNo),
  ]);
  const disputed = await openDisputedByReceivable(
    deps.db,
    receivables.map((r) => r.id),
  );
  const report = agingReport(receivables, receipts, asOf, deps.config.agingBucketDays, disputed);
  return {
    asOf,
    currencies: report.rows.map((r) => {
      const overdue = report.buckets
        .filter((b) => b.key !== 'not_due')
        .reduce((sum, b) => sum.plus(parseDecimal(r.buckets[b.key] ?? '0')), parseDecimal('0'));
      const oldest = [...report.buckets].reverse().find((b) => !parseDecimal(r.buckets[b.key] ?? '0').isZero());
      return {
        currency: r.currency,
        outstanding: r.outstanding,
        overdue: fmtScaled(overdue, r.currency),
        oldestBucket: oldest ? { key: oldest.key, labelZh: oldest.labelZh, labelEn: oldest.labelEn } : null,
        unallocatedCredit: r.unallocatedCredit,
        disputed: r.disputed,
      };
    }),
    creditHold: hold ? { reason: hold.reason, setAt: hold.setAt.toISOString() } : null,
  };
}

/** GET /quotes/:quoteNo/review-context — what commerce looks at in one response (§3.3.6). */
export function reviewContext(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/quotes/:quoteNo/review-context',
      {
        schema: {
          tags: ['quotes'],
          summary:
            'Commerce review: the quote against the tariff, the customer’s earlier prices, credit standing, risk assessment and payment record',
          params: QuoteParams,
          response: { 200: ReviewContext, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const q = await loadQuote(deps, user, req.params.quoteNo);
        const readsBudget = await mayReadBudget(deps, user);
        const [rev, customer, earlier, paymentRecord, assessment, prospect] = await Promise.all([
          findRevision(deps.db, q.quote_no, q.revision),
          findCustomerByNo(deps.db, q.customer_no),
          findEarlierQuotedLines(deps.db, q.customer_no, q.quote_no),
          LEDGER_READERS.includes(user.role) ? paymentRecordOf(deps, q.customer_no) : null,
          latestRiskAssessment(deps.db, q.customer_no),
          findProspectByCustomer(deps.db, q.customer_no),
        ]);
        const names = await findDisplayNames(deps.db, assessment ? [assessment.assessed_by] : []);
        return {
          quoteNo: q.quote_no,
          revision: q.revision,
          tariffVersionNo: q.tariff_version_no,
          lines: (rev?.lines ?? []).map((l) => pricedLineView(l, readsBudget)),
          belowCost: costSide(readsBudget, q.below_cost),
          needsPriceApproval: q.needs_price_approval,
          customer: {
            customerNo: q.customer_no,
            fullName: customer?.full_name ?? '',
            status: customer?.status ?? 'unknown',
            industry: customer?.industry ?? null,
            creditStanding: customer?.credit_standing ?? null,
            paymentTerms: customer?.payment_terms ?? null,
          },
          earlierQuotedPrices: earlier.map((e) => ({ ...e, line: pricedLineView(e.line, readsBudget) })),
          riskAssessment: assessment ? riskAssessmentView(assessment, names) : null,
          riskAssessmentMissing: !assessment && customer?.status === 'prospective',
          prospect: prospect
            ? { id: prospect.id, stage: prospect.stage, stageLabel: stateLabel('prospect', prospect.stage)! }
            : null,
          paymentRecord,
        };
      },
    );
  };
}
