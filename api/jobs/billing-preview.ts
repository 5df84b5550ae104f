/**
 * POST /jobs/:jobNo/billing-preview — what the billing step `billing.receivables_raised` would raise if
 * sent now with these charges: each receivable line with its invoice and due date, totals per currency,
 * and what the job already billed. Computed by the function the billing activity stores
 * (db/job-billing.repository.ts `jobBillingOf`), so the billing dialog shows exactly what billing then
 * raises. Saves nothing (a read-only POST: the charges are a body, as the step's are).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { jobBillingOf } from '../../db/job-billing.repository';
import { findJobParts } from '../../db/job.repository';
import { receivableLabel, totalsPerCurrency } from '../../domain/job-billing';
import { PAYMENT_TERM_KINDS, PAYMENT_TERM_LABELS } from '../../domain/payment-terms';
import { businessToday } from '../../lib/dates';
import { formatMoney } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { jobStepSenders } from '../../machines/job.machine';
import { resolveActor } from '../acting';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { BillingCharges, JobParams } from './schemas';
import { loadJob } from './views';

const Source = z.enum(['service', 'fee_item', 'actual_charge']);
const Totals = z
  .array(z.object({ currency: z.string(), amount: z.string() }))
  .describe('Per currency, never summed across currencies');

export const BillingPreview = z.object({
  jobNo: z.string(),
  billable: z.boolean().describe('false: the job is completed (billed); billing raises nothing more, `lines` is empty'),
  invoiceDate: z.string().describe('Business date the receivables are invoiced on (the day of billing: today)'),
  dueDate: z.string().describe('Business date they fall due under the payment terms'),
  paymentTerms: z.object({
    kind: z.enum(PAYMENT_TERM_KINDS),
    days: z.number().int(),
    label: z.string().describe('Kind as 中文 English'),
    source: z.enum(['contract', 'standard']).describe('standard: no terms set for the contract (clause 4)'),
  }),
  lines: z.array(
    z.object({
      label: z.string(),
      source: Source,
      currency: z.string(),
      amount: z.string().describe('Exact, in the currency’s digits'),
      invoiceDate: z.string(),
      dueDate: z.string(),
    }),
  ),
  totals: Totals,
  billed: z
    .array(
      z.object({
        label: z.string(),
        source: Source,
        currency: z.string(),
        amount: z.string(),
        invoiceDate: z.string(),
        dueDate: z.string(),
        status: z.string(),
      }),
    )
    .describe('Receivables the job has already raised'),
  billedTotals: Totals,
});

/** The billing step's roles (machines/job.machine.ts), own or delegated: 403 for anyone else before the body is read. */
const BILLERS = jobStepSenders('billing.receivables_raised');

export function billingPreview(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/jobs/:jobNo/billing-preview',
      {
        // Changes nothing: no Idempotency-Key, no write rate limit.
        config: { readOnly: true },
        preValidation: async (req) => {
          await resolveActor(deps, currentUser(req), BILLERS);
        },
        schema: {
          tags: ['jobs'],
          summary:
            'What billing the job would raise now with these charges: the receivable lines, invoice and due dates, totals per currency, and what is already billed (saves nothing)',
          params: JobParams,
          // The request is the charges: an object, `{}` at least (no body is a 400, as on the other non-step POSTs).
          body: z.strictObject({ charges: BillingCharges }),
          response: { 200: BillingPreview, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        const billable = job.status !== 'completed';
        const [billing, parts] = await Promise.all([
          jobBillingOf(deps.db, job, req.body.charges, businessToday()),
          findJobParts(deps.db, job.job_no),
        ]);
        const lines = billable
          ? billing.lines.map((l) => ({ ...l, invoiceDate: billing.invoiceDate, dueDate: billing.dueDate }))
          : [];
        const billed = parts.receivables.map((r) => ({
          label: receivableLabel(r.label),
          source: r.source,
          currency: r.currency.trim(),
          amount: formatMoney(r.amount, r.currency.trim() as Currency),
          invoiceDate: r.invoice_date,
          dueDate: r.due_date,
          status: r.status,
        }));
        return {
          jobNo: job.job_no,
          billable,
          invoiceDate: billing.invoiceDate,
          dueDate: billing.dueDate,
          paymentTerms: {
            kind: billing.terms.kind,
            days: billing.terms.days,
            label: PAYMENT_TERM_LABELS[billing.terms.kind],
            source: billing.termsSource,
          },
          lines,
          totals: totalsPerCurrency(lines),
          billed,
          billedTotals: totalsPerCurrency(billed),
        };
      },
    );
  };
}
