import { COST_SIDE_NOTE } from '../quotes/budget-access';
/** Request and response shapes of the tariff routes. */
import { z } from 'zod';
import { RecordActions } from '../actions';
import { CURRENCIES, PRICE_UNITS, SERVICE_TYPES } from '../../machines/catalog';
import { amountDigitsProblem, compareDecimal } from '../../lib/money';
import { decimal, HistoryLabels, isoDate, LabelView, optionalText, text } from '../schemas';

export const TariffLineBody = z
  .strictObject({
    serviceType: z.enum(SERVICE_TYPES),
    industry: text(100),
    commodity: text(200),
    routeFrom: text(100),
    routeTo: text(100),
    unit: z.enum(PRICE_UNITS),
    currency: z.enum(CURRENCIES),
    /** Unit price; for `percent_of_value` a rate in per cent (at most 100, 4 decimals). */
    price: decimal.meta({
      description:
        "Unit price in the line's currency, at most that currency's digits; for percent_of_value a rate in per cent (at most 100, 4 decimals)",
    }),
    budgetCost: decimal.meta({ description: 'Budgeted cost per unit, same scale as price' }),
    validFrom: isoDate.nullable().optional(),
    validTo: isoDate.nullable().optional(),
  })
  .superRefine((l, ctx) => {
    if (l.unit === 'percent_of_value') {
      for (const f of ['price', 'budgetCost'] as const) {
        // Only a well-formed decimal is compared; a malformed one already has its own issue.
        if (/^\d+(\.\d+)?$/.test(l[f]) && compareDecimal(l[f], '100') > 0)
          ctx.addIssue({ code: 'custom', path: [f], message: 'a per-cent rate must be at most 100' });
      }
    } else {
      for (const f of ['price', 'budgetCost'] as const) {
        const problem = amountDigitsProblem(f, l[f], l.currency);
        if (problem) ctx.addIssue({ code: 'custom', path: [f], message: problem });
      }
    }
    if (l.validFrom && l.validTo && l.validFrom > l.validTo) {
      ctx.addIssue({ code: 'custom', path: ['validTo'], message: 'must not be before validFrom' });
    }
  });

const lineKey = (l: z.infer<typeof TariffLineBody>) =>
  [l.serviceType, l.industry, l.commodity, l.routeFrom, l.routeTo, l.unit, l.currency]
    .map((s) => s.toLowerCase())
    .join('|');

/** 0–500 lines, no two priced for the same service, industry, commodity, route, unit and currency. */
const lineList = (min: number) =>
  z
    .array(TariffLineBody)
    .min(min)
    .max(500)
    .superRefine((lines, ctx) => {
      const seen = new Map<string, number>();
      lines.forEach((l, i) => {
        const k = lineKey(l);
        const first = seen.get(k);
        if (first !== undefined) ctx.addIssue({ code: 'custom', path: [i], message: `duplicates line ${first + 1}` });
        else seen.set(k, i);
      });
    });

/** 1–500 lines (an import, a change proposal's complete new lines). */
export const TariffLines = lineList(1);
/**
 * A draft's lines: 0–500. A draft may be empty (the first tariff of a fresh system starts empty and is
 * filled in the editor or from Excel); submitting an empty draft is refused (`no_lines`, the machine's rule).
 */
export const DraftTariffLines = lineList(0);

export const CreateTariffBody = z.strictObject({
  title: text(200),
  effectiveFrom: isoDate,
  lines: DraftTariffLines.default([]).describe('The draft’s lines; none (or omitted) for an empty draft'),
});

export const EditTariffBody = z.strictObject({
  title: text(200).optional(),
  effectiveFrom: isoDate.optional(),
  lines: DraftTariffLines,
});

export const VersionParams = z.strictObject({ versionNo: z.coerce.number().int().min(1).max(2_147_483_647) });

/** A line as stored in a change proposal. */
export const TariffLineData = z.object({
  serviceType: z.enum(SERVICE_TYPES),
  industry: z.string(),
  commodity: z.string(),
  routeFrom: z.string(),
  routeTo: z.string(),
  unit: z.enum(PRICE_UNITS),
  currency: z.enum(CURRENCIES),
  price: z.string(),
  budgetCost: z.string(),
  validFrom: z.string().nullable().optional(),
  validTo: z.string().nullable().optional(),
});

export const TariffLineView = z.object({
  lineNo: z.number(),
  serviceType: z.enum(SERVICE_TYPES),
  serviceTypeLabel: z.string(),
  industry: z.string(),
  commodity: z.string(),
  routeFrom: z.string(),
  routeTo: z.string(),
  unit: z.enum(PRICE_UNITS),
  currency: z.enum(CURRENCIES),
  price: z.string(),
  budgetCost: z.string().nullable().describe(`Budgeted cost per unit; ${COST_SIDE_NOTE}`),
  validFrom: z.string().nullable(),
  validTo: z.string().nullable(),
});

export const HistoryEntry = z.object({
  at: z.string(),
  actorId: z.string(),
  actorName: z.string().nullable().describe('The actor’s display name (null for `system`)'),
  actorRole: z.string(),
  onBehalfOf: z.string().nullable().describe('The user whose delegated role the actor used'),
  onBehalfOfName: z.string().nullable(),
  action: z.string(),
  fromState: z.string().nullable(),
  toState: z.string().nullable(),
  comment: z.string().nullable(),
  changes: z.record(z.string(), z.unknown()).nullable(),
  ...HistoryLabels,
});

export const TariffStatusEnum = z.enum(['draft', 'pending_gm', 'locked', 'discarded']);

export const TariffSummary = z.object({
  versionNo: z.number(),
  title: z.string(),
  status: TariffStatusEnum,
  statusLabel: LabelView.describe('The status’s name (zh-Hant, English), domain/labels.ts'),
  effectiveFrom: z.string(),
  effectiveTo: z.string().nullable().describe('Exclusive end: the day the next locked version takes over'),
  draftedBy: z.string(),
  submittedBy: z.string().nullable(),
  approvedBy: z.string().nullable(),
  lockedAt: z.string().nullable(),
  sourceChangeId: z.number().nullable(),
  basedOnVersionNo: z.number().nullable(),
});

export const TariffDetail = TariffSummary.extend({
  draftedByName: z.string().nullable().describe('Display name of draftedBy'),
  approvedByName: z.string().nullable().describe('Display name of approvedBy'),
  approvedOnBehalfOf: z.string().nullable().describe('The GM a delegate approved for (null: in their own role)'),
  approvedOnBehalfOfName: z.string().nullable(),
  pendingRole: z.string().nullable().describe('Role whose turn it is; null once locked or discarded'),
  stepSource: z
    .enum(['workflow', 'record'])
    .describe('Whether pendingRole came from the live workflow or the read model'),
  actions: RecordActions,
  lines: z.array(TariffLineView),
  history: z.array(HistoryEntry),
});

export const optionalComment = z.strictObject({ comment: optionalText(2000) });
