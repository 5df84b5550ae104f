/** Request and answer shapes of plans and summaries 計劃與總結 (api/plans/routes.ts). */
import { z } from 'zod';
import { PLAN_KINDS, PLAN_MEASURES, periodProblem, type PlanKind } from '../../domain/plan';
import { CURRENCY_DIGITS } from '../../machines/catalog';
import { PLAN_STATUSES } from '../../machines/plan.machine';
import { RecordActions } from '../actions';
import { HistoryEntry } from '../tariffs/schemas';
import { currencyAmounts, identifier, isoDate, LabelView, moneyAmount, Page, percent, text } from '../schemas';

const CURRENCIES = Object.keys(CURRENCY_DIGITS) as [keyof typeof CURRENCY_DIGITS, ...(keyof typeof CURRENCY_DIGITS)[]];

/** The free-text sections of each kind of report (§2.1, §2.2.1, §2.3.1), each optional, at most 4,000 characters. */
export const PLAN_SECTIONS = {
  weekly: ['workDone', 'businessDevelopment', 'receivables', 'exceptions', 'nextWeekPlan'],
  monthly: ['targetBreakdown', 'marketAnalysis', 'volumeBudget', 'receivablesPlan', 'exceptionPlan', 'nextMonthPlan'],
  annual: ['analysis', 'targetPlan', 'agenda'],
} as const satisfies Record<PlanKind, readonly string[]>;

const section = text(4000).optional();
const SectionsOf = {
  weekly: z.strictObject(Object.fromEntries(PLAN_SECTIONS.weekly.map((k) => [k, section]))),
  monthly: z.strictObject(Object.fromEntries(PLAN_SECTIONS.monthly.map((k) => [k, section]))),
  annual: z.strictObject(Object.fromEntries(PLAN_SECTIONS.annual.map((k) => [k, section]))),
};

const TargetMoney = z
  .strictObject({
    currency: z.enum(CURRENCIES),
    revenue: moneyAmount.describe('Revenue target in the currency'),
    margin: moneyAmount.describe('Margin target in the currency'),
  })
  .superRefine(currencyAmounts('revenue', 'margin'));

/** Targets of one period. */
export const Targets = z.strictObject({
  containers: z.number().int().min(0).max(1_000_000).nullable().describe('Containers delivered; null: not set'),
  money: z
    .array(TargetMoney)
    .max(CURRENCIES.length)
    .refine((m) => new Set(m.map((x) => x.currency)).size === m.length, 'one row per currency')
    .describe('Revenue and margin per currency (never summed across currencies)'),
  newCustomers: z
    .number()
    .int()
    .min(0)
    .max(100_000)
    .nullable()
    .describe('Customers signing their first contract; null: not set'),
  collectionRatePct: percent.nullable().describe('Per cent of what falls due that is collected; null: not set'),
});

const periodOf = (kind: PlanKind) =>
  z
    .string()
    .regex(/^\d{4}(-\d{2}(-\d{2})?)?$/, 'must be YYYY, YYYY-MM or YYYY-MM-DD')
    .superRefine((p, ctx) => {
      const problem = periodProblem(kind, p);
      if (problem) ctx.addIssue({ code: 'custom', message: problem });
    })
    .describe('weekly: the Monday YYYY-MM-DD; monthly: YYYY-MM; annual: YYYY');

const content = (kind: PlanKind) => ({
  targets: Targets.nullable()
    .optional()
    .describe('Targets of the period summarised; left out: the previous report’s nextTargets'),
  nextTargets: Targets.describe('Targets planned for the next period'),
  sections: SectionsOf[kind],
});
const nextQuarters = z.array(Targets).length(4).describe('The next year’s targets by quarter (Q1–Q4)');

export const CreatePlanBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('weekly'), period: periodOf('weekly'), ...content('weekly') }),
  z.strictObject({ kind: z.literal('monthly'), period: periodOf('monthly'), ...content('monthly') }),
  z.strictObject({ kind: z.literal('annual'), period: periodOf('annual'), ...content('annual'), nextQuarters }),
]);
export type CreatePlanBody = z.infer<typeof CreatePlanBody>;

/** Editing replaces the content; `kind` names the plan's kind (its sections), 422 when it is another. */
export const EditPlanBody = z.discriminatedUnion('kind', [
  z.strictObject({ kind: z.literal('weekly'), ...content('weekly') }),
  z.strictObject({ kind: z.literal('monthly'), ...content('monthly') }),
  z.strictObject({ kind: z.literal('annual'), ...content('annual'), nextQuarters }),
]);
export type EditPlanBody = z.infer<typeof EditPlanBody>;

export const PlanParams = z.strictObject({ planId: z.coerce.number().int().min(1).max(2_147_483_647) });

export const PlanQuery = Page.extend({
  kind: z.enum(PLAN_KINDS).optional(),
  status: z.enum(PLAN_STATUSES).optional(),
  ownerId: identifier(128).optional(),
});

export const DeadlinesQuery = z.strictObject({ date: isoDate.optional() });

/** Targets as answers show them. */
const TargetsView = z.object({
  containers: z.number().int().nullable().describe('null: not set'),
  money: z.array(z.object({ currency: z.string(), revenue: z.string(), margin: z.string() })),
  newCustomers: z.number().int().nullable().describe('null: not set'),
  collectionRatePct: z.string().nullable().describe('null: not set'),
});

export const Actuals = z.object({
  containers: z.number().int(),
  money: z.array(z.object({ currency: z.string(), revenue: z.string(), margin: z.string() })),
  newCustomers: z.number().int(),
  collection: z.array(
    z.object({ currency: z.string(), due: z.string(), collected: z.string(), ratePct: z.string().nullable() }),
  ),
});

export const Comparison = z.object({
  measure: z.enum(PLAN_MEASURES),
  measureLabel: LabelView,
  currency: z.string().nullable(),
  target: z.string().nullable(),
  actual: z.string().nullable(),
  pctOfTarget: z.string().nullable().describe('actual ÷ target × 100, half-even to 2 decimals'),
  targetSource: z
    .enum(['manager', 'plan'])
    .nullable()
    .describe(
      "Whose target: the plan's own figure, or for the collection rate the sales manager's (collection_targets) when set",
    ),
  actualNote: LabelView.nullable().describe(
    'Why there is no actual (zh-Hant, English): only a collection rate when nothing fell due; a measure without records counts 0',
  ),
});

export const PlanSummaryView = z.object({
  id: z.number().int(),
  kind: z.enum(PLAN_KINDS),
  kindLabel: LabelView,
  period: z.string(),
  periodFrom: z.string(),
  periodTo: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  status: z.enum(PLAN_STATUSES),
  statusLabel: LabelView,
  dueOn: z.string().describe('Business date it is due by (end of day), from the business calendar'),
  dueAt: z.string(),
  overdue: z.boolean().describe('Past due and not yet submitted (draft or returned)'),
  late: z.boolean().describe('First submitted after it was due'),
  submittedAt: z.string().nullable(),
  updatedAt: z.string(),
});

export const PlanView = PlanSummaryView.extend({
  targets: TargetsView.nullable(),
  nextTargets: TargetsView,
  nextQuarters: z.array(TargetsView).nullable(),
  sections: z.record(z.string(), z.string()),
  actualsAsOf: z.string().describe('Actuals count the period up to this business date (its end, or today)'),
  actuals: Actuals,
  comparison: z.array(Comparison),
  decision: z
    .object({
      by: z.string(),
      byName: z.string().nullable(),
      onBehalfOf: z.string().nullable().describe('The manager a delegate decided for (null: in their own role)'),
      onBehalfOfName: z.string().nullable(),
      at: z.string(),
      comment: z.string().nullable(),
    })
    .nullable(),
  version: z.number().int(),
  editable: z.boolean().describe('The caller may change its content now (PUT /plans/{id})'),
  actions: RecordActions,
  history: z.array(HistoryEntry),
});

export const DefaultPeriods = z
  .object({ weekly: z.string(), monthly: z.string(), annual: z.string() })
  .describe(
    'Per kind, the period the caller’s new report is for by default: the earliest of their listed deadlines still owed (not started, draft or returned), else the one due next on the date (domain/plan.ts owedDefaultPeriods, defaultPeriodOf)',
  );

export const DeadlineView = z.object({
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  kind: z.enum(PLAN_KINDS),
  kindLabel: LabelView,
  period: z.string(),
  dueOn: z.string(),
  planId: z.number().int().nullable(),
  status: z.enum([...PLAN_STATUSES, 'missing']),
  statusLabel: LabelView.describe('The status as people read it (zh-Hant, English); missing: 未開始 Not started'),
  overdue: z.boolean(),
});
