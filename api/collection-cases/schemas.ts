/** Shapes of the collection-case routes (abnormal collection 異常收款). */
import { z } from 'zod';
import { COLLECTION_STATUSES, PROPOSAL_KINDS } from '../../machines/collection.machine';
import { RecordActions } from '../actions';
import { HistoryEntry } from '../tariffs/schemas';
import { identifier, isoDate, moneyAmount, optionalText, Page, text } from '../schemas';

export const CaseParams = z.strictObject({ caseId: z.coerce.number().int().min(1).max(2_147_483_647) });

export const CaseListQuery = Page.extend({
  status: z.enum(COLLECTION_STATUSES).optional(),
  customerNo: identifier().optional(),
  open: z.enum(['true', 'false']).optional().describe('true: open cases only; false: closed only'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .describe(
      'true: the cases waiting for me — a salesperson’s own cases; for another role those whose next step is their role’s (`pendingRole`)',
    ),
});

export const ProposeBody = z.strictObject({
  kind: z
    .enum(PROPOSAL_KINDS)
    .describe('payment_plan 分期付款, credit_hold 停止信用, legal_action 法律途徑, write_off 壞賬核銷'),
  note: text(2000).describe('Why, and what was agreed with the customer'),
  installments: z
    .array(z.strictObject({ date: isoDate, amount: moneyAmount }))
    .min(1)
    .max(24)
    .optional()
    .describe('A payment plan’s instalments in the case’s currency (required for payment_plan, refused otherwise)'),
});
export const ApproveBody = z.strictObject({ comment: optionalText(2000) }).nullish();
export const RejectBody = z.strictObject({ comment: text(2000) });

const Proposal = z.object({
  kind: z.enum(PROPOSAL_KINDS),
  labelZh: z.string(),
  labelEn: z.string(),
  note: z.string(),
  installments: z.array(z.object({ date: z.string(), amount: z.string() })),
});

export const CaseSummary = z.object({
  caseId: z.number().int(),
  customerNo: z.string(),
  customerName: z.string(),
  currency: z.string(),
  ownerId: z.string().describe('The customer’s salesperson when the case opened'),
  ownerName: z.string().nullable(),
  status: z.enum(COLLECTION_STATUSES),
  statusLabelZh: z.string(),
  statusLabelEn: z.string(),
  pendingRole: z.string().nullable(),
  openedAt: z.string(),
  overdueAtOpen: z.string().describe('Past due and unpaid when the case opened'),
  oldestDueDate: z.string(),
  escalatedAt: z.string().nullable(),
  dueAt: z.string().nullable().describe('Due time of the step waited for'),
  overdue: z.boolean().describe('The step waited for is past its due time'),
  overdueNow: z.string().describe('Past due and unpaid now (the ledger), in the currency’s digits'),
  daysPastDue: z
    .number()
    .int()
    .nullable()
    .describe('Days the oldest receivable past due and unpaid now is past its due date (null: none)'),
  proposalKind: z.enum(PROPOSAL_KINDS).nullable(),
  decision: z.enum(['approved', 'rejected']).nullable(),
  closedAt: z.string().nullable(),
});

export const CaseDetail = CaseSummary.extend({
  receivables: z
    .array(
      z.object({
        id: z.number().int(),
        jobNo: z.string(),
        label: z.string(),
        invoiceDate: z.string(),
        dueDate: z.string(),
        daysPastDue: z.number().int(),
        outstanding: z.string(),
      }),
    )
    .describe('The customer’s receivables in the case’s currency that are past due and unpaid now'),
  proposal: Proposal.nullable(),
  proposedBy: z.string().nullable(),
  proposedByName: z.string().nullable(),
  decidedBy: z.string().nullable(),
  decidedByName: z.string().nullable(),
  decidedAt: z.string().nullable(),
  closedReason: z.string().nullable(),
  creditHold: z.object({ onHold: z.boolean(), reason: z.string(), setBy: z.string(), setAt: z.string() }).nullable(),
  writeOffNote: z.string().nullable().describe('For an approved write-off: how the write-off reaches the ledger'),
  actions: RecordActions,
  history: z.array(HistoryEntry),
});

export const CaseList = z.object({ items: z.array(CaseSummary), total: z.number().int() });
