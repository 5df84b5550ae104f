import { COST_SIDE_NOTE } from './budget-access';
import { CreditWarnings } from '../credit/credit-limits';
/** Request and response shapes of the quote routes. */
import { z } from 'zod';
import { CURRENCIES } from '../../machines/catalog';
import { APPROVALS, QUOTE_STATUSES } from '../../domain/quote';
import { RecordActions } from '../actions';
import {
  currencyAmounts,
  currencyTotalsWithin,
  decimal,
  isoDate,
  moneyAmount,
  optionalText,
  Page,
  searchText,
  quantity,
  text,
} from '../schemas';
import { HistoryEntry } from '../tariffs/schemas';

export const QuoteLineBody = z.strictObject({
  /** Line number in the quote's tariff version. */
  tariffLineNo: z.number().int().min(1).max(100_000),
  quotedPrice: decimal.meta({
    description:
      "Unit price in the tariff line's currency, at most that currency's digits; for percent_of_value a rate in per cent (at most 100, 4 decimals). Line amount and line cost (price × quantity) must stay below 10^14.",
  }),
  /** Estimated quantity in the tariff line's unit (for per-cent units: the declared value). */
  quantity,
});
export const QuoteLines = z.array(QuoteLineBody).min(1).max(100);

export const CreateQuoteBody = z.strictObject({
  customerNo: text(64),
  validUntil: isoDate,
  lines: QuoteLines,
});

export const ReviseQuoteBody = z.strictObject({ lines: QuoteLines, validUntil: isoDate.optional() });
export const AmendQuoteBody = z.strictObject({
  lines: QuoteLines,
  validUntil: isoDate.optional(),
  comment: text(2000),
});

export const FeeItemBody = z
  .strictObject({
    name: text(100),
    currency: z.enum(CURRENCIES),
    amount: moneyAmount,
    payer: z.enum(['company', 'customer']),
  })
  .superRefine(currencyAmounts('amount'));

export const InternalQuoteBody = z.strictObject({
  feeItems: z.array(FeeItemBody).max(100).superRefine(currencyTotalsWithin('amount')),
  project: z.strictObject({
    projectName: text(200),
    cargoDescription: optionalText(500),
    estimatedMonthlyContainers: z.number().int().min(0).max(100_000).nullable().optional(),
    settlementCycle: optionalText(100),
    remarks: optionalText(2000),
  }),
  customer: z
    .strictObject({
      industry: text(100).optional(),
      creditStanding: text(50).optional(),
      paymentTerms: text(200).optional(),
    })
    .optional(),
});

export const ContractDraftBody = z.strictObject({
  clauseChanges: z
    .array(z.strictObject({ no: z.string().regex(/^\d{1,2}(\.\d{1,2})?$/), title: text(200), text: text(5000) }))
    .max(50),
});

export const SignBody = z.strictObject({ signedOn: isoDate.optional(), comment: optionalText(2000) });

const ActualAmount = { currency: z.enum(CURRENCIES), actualCost: moneyAmount };
/** An actual cost against a budget line (its `id` in the quote's `internalQuote.budget.lines`), or explicitly unbudgeted. */
export const ActualCostBody = z.union(
  [
    z
      .strictObject({
        budgetLineId: z
          .string()
          .regex(/^[LF][1-9]\d{0,5}$/, 'a budget line id such as L1 or F2')
          .describe('The id of a line of the quote’s cost budget (`internalQuote.budget.lines[].id`, e.g. `L1`, `F1`)'),
        ...ActualAmount,
      })
      .describe('An actual cost against a budget line, in that line’s currency'),
    z
      .strictObject({
        unbudgeted: z.literal(true),
        label: text(300).describe('What the cost was for; it becomes its own line of the sheet (budget 0)'),
        ...ActualAmount,
      })
      .describe('An actual cost no budget line foresaw'),
  ],
  {
    error:
      'an actual cost is { budgetLineId, currency, actualCost } against a budget line, or { unbudgeted: true, label, currency, actualCost }',
  },
);

export const ActualsBody = z.strictObject({
  actuals: z
    .array(ActualCostBody.superRefine(currencyAmounts('actualCost')))
    .min(1)
    .max(200)
    .superRefine(currencyTotalsWithin('actualCost'))
    .superRefine((actuals, ctx) => {
      const seen = new Set<string>();
      actuals.forEach((a, i) => {
        const k = 'budgetLineId' in a ? `line|${a.budgetLineId}` : `unbudgeted|${a.label}|${a.currency}`;
        if (seen.has(k))
          ctx.addIssue({
            code: 'custom',
            path: [i, 'budgetLineId' in a ? 'budgetLineId' : 'label'],
            message:
              'budgetLineId' in a
                ? `one actual cost per budget line; ${a.budgetLineId} is given twice`
                : 'one unbudgeted actual cost per label and currency',
          });
        seen.add(k);
      });
    }),
});

export const QuoteParams = z.strictObject({
  quoteNo: z.string().regex(/^Q\d{4}-\d{6}$/, 'a quote number such as Q2026-000001'),
});

export const ListQuotesQuery = Page.extend({
  q: searchText(100).optional(),
  status: z.enum(QUOTE_STATUSES).optional(),
  customerNo: searchText(64).optional(),
});

const Money = z.object({ currency: z.string(), amount: z.string() });

export const PricedLineView = z.object({
  lineNo: z.number(),
  tariffLineNo: z.number(),
  serviceType: z.string(),
  industry: z.string(),
  commodity: z.string(),
  routeFrom: z.string(),
  routeTo: z.string(),
  unit: z.string(),
  currency: z.string(),
  tariffPrice: z.string(),
  budgetCost: z.string().nullable().describe(`Budgeted cost per unit (from the tariff line); ${COST_SIDE_NOTE}`),
  quotedPrice: z.string(),
  quantity: z.string(),
  amount: z.string(),
  discountPct: z.string(),
  belowCost: z.boolean().nullable().describe(`Priced below its budgeted cost; ${COST_SIDE_NOTE}`),
  outsideAuthority: z.boolean(),
});

export const QuoteSummary = z.object({
  quoteNo: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  status: z.enum(QUOTE_STATUSES),
  statusLabel: z.string(),
  revision: z.number(),
  tariffVersionNo: z.number(),
  validUntil: z.string(),
  needsPriceApproval: z.boolean(),
  belowCost: z.boolean().nullable().describe(`A line is priced below its budgeted cost; ${COST_SIDE_NOTE}`),
  totals: z.array(Money),
  contractNo: z.string().nullable(),
  createdAt: z.string(),
  updatedAt: z.string(),
});

export const QuoteDetail = QuoteSummary.extend({
  ownerName: z.string().nullable().describe('Display name of the salesperson (ownerId)'),
  pendingRole: z.string().nullable(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  creditWarnings: CreditWarnings.describe(
    'Credit limit 信用額度: currencies where the customer’s exposure plus this quote (while not signed) exceeds the limit',
  ),
  actions: RecordActions,
  lines: z.array(PricedLineView),
  revisions: z
    .array(
      z.object({
        revision: z.number(),
        createdBy: z.string(),
        createdByName: z.string().nullable(),
        reason: z.string().nullable(),
        createdAt: z.string(),
        totals: z.array(Money),
        lineCount: z.number(),
        lines: z.array(PricedLineView).describe('The lines as priced in this revision (earlier revisions keep theirs)'),
      }),
    )
    .describe(
      'Every revision, oldest first: a re-priced resubmission after a return and every amendment make a new one',
    ),
  amendment: z
    .object({
      fromRevision: z.number(),
      changed: z.array(z.object({ tariffLineNo: z.number(), fields: z.array(z.string()) })),
      added: z.array(z.number()),
      removed: z.array(z.number()),
      approvalsNeededAgain: z.array(z.string()),
      approvalsKept: z.array(z.string()),
      kept: z
        .array(z.enum(APPROVALS))
        .describe(
          'Approvals kept (recorded as `approval.kept`); the chain skips the steps of customer confirmation, cost budget and contract review when kept',
        ),
    })
    .nullable()
    .describe(
      'How the current revision was amended, and which approvals the chain asks again or kept (null when it is not an amendment)',
    ),
  internalQuote: z
    .object({
      feeItems: z.array(z.object({ name: z.string(), currency: z.string(), amount: z.string(), payer: z.string() })),
      project: z.object({
        projectName: z.string(),
        cargoDescription: z.string().nullish(),
        estimatedMonthlyContainers: z.number().nullish(),
        settlementCycle: z.string().nullish(),
        remarks: z.string().nullish(),
      }),
      budget: z.object({
        lines: z.array(
          z.object({
            id: z
              .string()
              .describe(
                'Stable id of the budget line: `L<lineNo>` for a quote line, `F<n>` for the n-th fee item; actual costs are entered against it',
              ),
            label: z.string(),
            kind: z.enum(['service', 'fee']),
            currency: z.string(),
            revenue: z.string(),
            cost: z.string(),
            margin: z.string(),
            marginPct: z
              .string()
              .describe('Per cent, 2 decimals; `0.00` on a line without revenue, which shows it as “—”'),
            payer: z.enum(['company', 'customer']).optional(),
          }),
        ),
        totals: z.array(
          z.object({
            currency: z.string(),
            revenue: z.string(),
            cost: z.string(),
            margin: z.string(),
            marginPct: z.string(),
          }),
        ),
      }),
      budgetApprovedBy: z.string().nullable(),
      budgetApprovedByName: z.string().nullable(),
    })
    .nullable()
    .describe(`The internal quote with the cost budget and margins, once commerce entered it; ${COST_SIDE_NOTE}`),
  costAccounting: z
    .object({
      actuals: z.array(
        z.union([
          z.object({ budgetLineId: z.string(), currency: z.string(), actualCost: z.string() }),
          z.object({ unbudgeted: z.literal(true), label: z.string(), currency: z.string(), actualCost: z.string() }),
        ]),
      ),
      lines: z.array(
        z.object({
          budgetLineId: z.string().nullable().describe('The budget line’s id; null for an unbudgeted cost'),
          label: z.string(),
          currency: z.string(),
          budgetCost: z.string(),
          actualCost: z.string(),
          variance: z.string(),
          variancePct: z.string(),
        }),
      ),
      totals: z.array(
        z.object({
          currency: z.string(),
          budgetCost: z.string(),
          actualCost: z.string(),
          variance: z.string(),
          variancePct: z.string(),
        }),
      ),
      enteredBy: z.string(),
      enteredByName: z.string().nullable(),
      enteredAt: z.string(),
    })
    .nullable()
    .describe(`The actual-vs-budget sheet 「成本核算表」 once settlement entered the actual costs; ${COST_SIDE_NOTE}`),
  contract: z
    .object({
      templateVersion: z.number(),
      clauseChanges: z.array(z.object({ no: z.string(), title: z.string(), text: z.string() })),
      draftedBy: z.string(),
      draftedByName: z.string().nullable(),
      contractNo: z.string().nullable(),
      approvals: z.array(
        z.object({ role: z.string(), userId: z.string(), userName: z.string().nullable(), at: z.string() }),
      ),
      signedOn: z.string().nullable(),
    })
    .nullable(),
  history: z.array(HistoryEntry),
});

export const QuotePage = z.object({ items: z.array(QuoteSummary), total: z.number() });
