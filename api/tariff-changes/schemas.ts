import { COST_SIDE_NOTE } from '../quotes/budget-access';
import { z } from 'zod';
import { RecordActions } from '../actions';
import { isoDate, LabelView, text } from '../schemas';
import { HistoryEntry, TariffLineData, TariffLines } from '../tariffs/schemas';

export const ProposeChangeBody = z.strictObject({
  baseVersionNo: z.number().int().min(1).max(2_147_483_647),
  reason: text(2000),
  effectiveFrom: isoDate,
  /** The complete set of lines of the new version. */
  lines: TariffLines,
});

export const ChangeParams = z.strictObject({ changeId: z.coerce.number().int().min(1).max(2_147_483_647) });

export const ChangeStatusEnum = z.enum([
  'pending_marketing_manager',
  'pending_gm',
  'approved',
  'rejected',
  'withdrawn',
]);

/** A proposed line as shown: its budgeted cost null for a role that does not read cost budgets. */
const Line = TariffLineData.extend({
  budgetCost: z.string().nullable().describe(`Budgeted cost per unit; ${COST_SIDE_NOTE}`),
});

export const TariffChangeSummary = z.object({
  changeId: z.number(),
  baseVersionNo: z.number(),
  status: ChangeStatusEnum,
  statusLabel: LabelView.describe('The status’s name (zh-Hant, English), domain/labels.ts'),
  reason: z.string(),
  effectiveFrom: z.string(),
  proposedBy: z.string(),
  proposedByName: z.string().nullable().describe('Display name of proposedBy'),
  marketingApprovedBy: z.string().nullable(),
  decidedBy: z.string().nullable(),
  resultVersionNo: z.number().nullable(),
  pendingRole: z.string().nullable(),
  createdAt: z.string(),
});

export const TariffChangeDetail = TariffChangeSummary.extend({
  actions: RecordActions,
  lines: z.array(Line),
  diff: z.object({
    added: z.array(Line),
    removed: z.array(Line),
    changed: z.array(z.object({ before: Line, after: Line, fields: z.array(z.string()) })),
    unchanged: z.number(),
  }),
  history: z.array(HistoryEntry),
});
