/** Request and answer shapes of the prospects pipeline 客戶開發 (api/prospects/routes.ts). */
import { z } from 'zod';
import { PROSPECT_STAGES } from '../../machines/prospect.machine';
import { RecordActions } from '../actions';
import { HistoryEntry } from '../tariffs/schemas';
import { identifier, LabelView, optionalText, Page, searchText, text } from '../schemas';

export const RISK_LEVELS = ['low', 'medium', 'high'] as const;

export const ProspectParams = z.strictObject({ prospectId: z.coerce.number().int().min(1).max(2_147_483_647) });

export const CreateProspectBody = z.strictObject({
  customerNo: identifier(32).describe('A prospective customer (status 預備) of the salesperson'),
  source: optionalText(200).describe('Where the lead came from (referral, exhibition, cold call …)'),
  note: optionalText(2000),
});

export const ProspectQuery = Page.extend({
  stage: z.enum(PROSPECT_STAGES).optional(),
  ownerId: identifier(128)
    .optional()
    .describe(
      'One salesperson’s prospects (one of `salespeople`); outside the caller’s sight the answer is empty — a salesperson sees only their own whatever is named',
    ),
  q: searchText(100).optional().describe('Part of the customer’s number or name'),
});

/** The risk assessment 風險評估 of a prospect's business and finances (§3.2.1). */
export const RiskAssessmentBody = z.strictObject({
  businessScope: text(2000).describe('Business scope 經營範圍: what they trade, where, with whom'),
  yearsTrading: z.number().int().min(0).max(500).describe('Years the business has been trading'),
  annualContainers: z.number().int().min(0).max(10_000_000).describe('Containers a year they ship'),
  financialStanding: text(2000).describe('Financial standing 財務狀況: capital, revenue, debts'),
  paymentHistory: text(2000).describe('Payment history and references 付款紀錄與推薦人'),
  riskLevel: z.enum(RISK_LEVELS).describe('Risk level 風險等級'),
  reasons: text(2000).describe('Why this risk level'),
});

export const RiskAssessmentView = z.object({
  id: z.number().int(),
  businessScope: z.string(),
  yearsTrading: z.number().int().nullable(),
  annualContainers: z.number().int().nullable(),
  financialStanding: z.string(),
  paymentHistory: z.string().nullable(),
  riskLevel: z.enum(RISK_LEVELS),
  riskLevelLabel: LabelView,
  reasons: z.string().nullable(),
  assessedBy: z.string(),
  assessedByName: z.string().nullable(),
  assessedAt: z.string(),
});

export const ProspectSummaryView = z.object({
  id: z.number().int(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  stage: z.enum(PROSPECT_STAGES),
  stageLabel: LabelView,
  stageSince: z.string(),
  source: z.string().nullable(),
  lostReason: z.string().nullable(),
  riskLevel: z.enum(RISK_LEVELS).nullable().describe('The risk level of the assessment in force; null: none yet'),
  createdAt: z.string(),
});

/**
 * A customer's place in the pipeline as its card shows it (GET /customers/{customerNo} `prospect`): the
 * prospect to link to, its stage, and the summary of the risk assessment in force.
 */
export const CustomerProspect = z.object({
  id: z.number().int().describe('The prospect (GET /prospects/{prospectId})'),
  stage: z.enum(PROSPECT_STAGES),
  stageLabel: LabelView,
  stageSince: z.string(),
  ownerName: z.string().nullable(),
  lostReason: z.string().nullable(),
  riskAssessment: z
    .object({
      riskLevel: z.enum(RISK_LEVELS),
      riskLevelLabel: LabelView,
      reasons: z.string().nullable(),
      assessedAt: z.string(),
    })
    .nullable()
    .describe('The risk assessment in force, in short; null: none yet'),
  history: z
    .array(HistoryEntry)
    .describe(
      'The prospect’s audited history, oldest first: each stage change (who, on whose behalf, from → to, comment)',
    ),
});

/** A salesperson the pipeline's filter offers. */
export const ProspectSalesperson = z.object({ id: z.string(), name: z.string() });

export const ProspectList = z.object({
  items: z.array(ProspectSummaryView),
  total: z.number().int(),
  byStage: z
    .array(z.object({ stage: z.enum(PROSPECT_STAGES), stageLabel: LabelView, count: z.number().int() }))
    .describe('Prospects in sight per stage (the other filters applied, the salesperson too; the stage filter not)'),
  salespeople: z
    .array(ProspectSalesperson)
    .describe(
      'Whom the salesperson filter (`ownerId`) offers: a sales manager their team, marketing manager / GM / auditors every salesperson; a salesperson nobody (own only)',
    ),
  actions: RecordActions.describe('What the caller may do on the pipeline itself: `create` (POST /prospects)'),
});

export const ProspectView = ProspectSummaryView.extend({
  note: z.string().nullable(),
  customerStatus: z.string(),
  riskAssessment: RiskAssessmentView.nullable().describe('The assessment in force (the newest); null: none yet'),
  assessments: z.number().int().describe('How many assessments were recorded (the newest is in force)'),
  quotes: z.array(
    z.object({
      quoteNo: z.string(),
      status: z.string(),
      statusLabel: LabelView,
      revision: z.number().int(),
      createdAt: z.string(),
      contractNo: z.string().nullable(),
      signedOn: z.string().nullable(),
    }),
  ),
  actions: RecordActions,
  history: z.array(HistoryEntry),
});
