/** Request and response shapes of customer visits 客戶訪問. */
import { z } from 'zod';
import { VISIT_STATUSES } from '../../domain/visit';
import { RecordActions } from '../actions';
import { identifier, isoDate, isoLocalDateTime, LabelView, optionalText, text, yearMonth } from '../schemas';

export const VisitParams = z.strictObject({ visitId: z.coerce.number().int().positive().max(2_147_483_647) });
export const FollowUpParams = z.strictObject({ followUpId: z.coerce.number().int().positive().max(2_147_483_647) });
export const WeekParams = z.strictObject({
  week: isoDate.describe('The plan week’s Monday (another day is refused: 422 not_week_start)'),
});
/** The `ownerId` filter of the team views. */
const OwnerInSight = identifier()
  .optional()
  .describe('One salesperson in the caller’s sight (`salespeople`); another is 403 out_of_sight');

export const OwnerQuery = z.strictObject({
  ownerId: OwnerInSight,
});

export const TeamPlansQuery = z.strictObject({
  week: isoDate.optional().describe('The plan week’s Monday (default this week’s; another day: 422 not_week_start)'),
  ownerId: OwnerInSight,
});

/** A salesperson the desk's salesperson picker offers. */
export const VisitSalesperson = z.object({
  id: z.string(),
  name: z.string(),
  active: z.boolean(),
});
export const VisitSalespeople = z
  .array(VisitSalesperson)
  .describe(
    'Whom the salesperson filter (`ownerId`) offers the caller: a sales manager (or their delegate) the team’s salespeople, the GM and auditors every one; a salesperson nobody (own only)',
  );

export const NewVisit = z.strictObject({
  customerNo: identifier().describe('One of my customers'),
  plannedAt: isoLocalDateTime.describe('Planned time of the visit (business time unless a zone is given)'),
  purpose: text(500).describe('What the visit is for 拜訪目的'),
  questions: optionalText(2000).describe('Questions to settle 需解決的問題'),
  material: optionalText(2000).describe('Material to prepare 準備資料'),
  appointmentConfirmedAt: isoLocalDateTime
    .optional()
    .describe('When the appointment was confirmed by phone (§2.4.7), not in the future'),
});

export const AppointmentBody = z.strictObject({
  confirmedAt: isoLocalDateTime.optional().describe('When the appointment was (re-)confirmed; default now'),
  plannedAt: isoLocalDateTime.optional().describe('A new time agreed on the phone; default: as planned'),
});

export const FollowUpInput = z.strictObject({
  action: text(500).describe('What is to be done'),
  ownerId: identifier().describe('Who does it: the salesperson or their sales manager'),
  dueOn: isoDate.describe('By when (business date, not before the visit)'),
});

export const RecordBody = z.strictObject({
  visitedAt: isoLocalDateTime
    .optional()
    .describe(
      'When the visit took place (business time unless a zone is given); default its planned time; not in the future',
    ),
  metWith: text(500).describe('Who was met 會見人員'),
  documents: optionalText(2000).describe('On our documents 單證交收'),
  followUp: optionalText(2000).describe('On our follow-up 跟單'),
  customs: optionalText(2000).describe('On customs 通關'),
  transport: optionalText(2000).describe('On transport 運送'),
  billing: optionalText(2000).describe('On billing 賬單'),
  quoting: optionalText(2000).describe('On quoting 報價'),
  volumeAndPlans: optionalText(2000).describe('Their container volume and business plans 柜量及經營計劃'),
  othersStanding: optionalText(2000).describe('What was learned of other customers’ standing 其他客戶經營及財務狀況'),
  notes: optionalText(2000),
  followUps: z.array(FollowUpInput).max(20).default([]),
});

export const CancelBody = z.strictObject({ comment: text(2000).describe('Why the visit does not take place') });
export const DoneBody = z.strictObject({ note: optionalText(2000) });

const VisitRecordView = z.object({
  metWith: z.string(),
  documents: z.string().nullable().optional(),
  followUp: z.string().nullable().optional(),
  customs: z.string().nullable().optional(),
  transport: z.string().nullable().optional(),
  billing: z.string().nullable().optional(),
  quoting: z.string().nullable().optional(),
  volumeAndPlans: z.string().nullable().optional(),
  othersStanding: z.string().nullable().optional(),
  notes: z.string().nullable().optional(),
});

export const FollowUpView = z.object({
  id: z.number(),
  visitId: z.number(),
  action: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  dueOn: z.string(),
  doneAt: z.string().nullable(),
  doneByName: z.string().nullable(),
  doneNote: z.string().nullable(),
  overdue: z.boolean(),
});

export const VisitView = z.object({
  id: z.number(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  weekStart: z.string(),
  plannedAt: z.string().describe('ISO instant'),
  purpose: z.string(),
  questions: z.string().nullable(),
  material: z.string().nullable(),
  status: z.enum(VISIT_STATUSES),
  statusLabel: LabelView,
  appointmentConfirmedAt: z.string().nullable(),
  reconfirmNeeded: z
    .boolean()
    .describe('The appointment was made more than two days ahead: re-confirm the day before (§3.2.7)'),
  visitedAt: z.string().nullable().describe('When the visit took place (ISO instant); null until recorded'),
  visitedOn: z.string().nullable().describe('The business date of `visitedAt`'),
  record: VisitRecordView.nullable(),
  cancelReason: z.string().nullable(),
  followUps: z.array(FollowUpView),
  actions: RecordActions,
});

export const ServiceRecord = z
  .object({
    openJobs: z.array(
      z.object({
        jobNo: z.string(),
        stage: z.string().nullable(),
        stageLabel: LabelView.nullable(),
        urgent: z.boolean(),
        eta: z.string().nullable(),
        containers: z.string().describe('e.g. `2 × 40HQ`'),
        openedAt: z.string(),
      }),
    ),
    openExceptions: z.array(
      z.object({
        id: z.number(),
        jobNo: z.string(),
        stage: z.string(),
        type: z.string(),
        description: z.string(),
        raisedAt: z.string(),
      }),
    ),
    receivables: z
      .array(z.object({ currency: z.string(), outstanding: z.string(), overdue: z.string() }))
      .describe('Outstanding and past due today, per currency (the currency’s digits)'),
    lastVisitedOn: z.string().nullable(),
  })
  .describe('The customer’s recent service (§3.2.7: 近期服務狀況): open jobs, open exceptions, receivables');

export const VisitDetail = VisitView.extend({ serviceRecord: ServiceRecord });

export const VisitPlanView = z.object({
  week: z.string(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  onTime: z
    .boolean()
    .nullable()
    .describe(
      'Submitted before the week started, or the week began before the author joined (no deadline applied); null until submitted',
    ),
  overdue: z
    .boolean()
    .describe('Not submitted, and submitting it now counts as late (the week has started and its deadline applies)'),
  defaultPlannedAt: z
    .string()
    .describe(
      'The planned time a new visit of this week starts from (business time YYYY-MM-DDTHH:MM): 10:00 on the next working day, or on the week’s first working day when the week starts later',
    ),
  visits: z.array(VisitView),
});

/** One salesperson's plan of the week, as the team view lists it. */
export const TeamVisitPlan = z.object({
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  submittedAt: z.string().nullable(),
  onTime: z.boolean().nullable().describe('Submitted before the week started; null until submitted'),
  visits: z.array(VisitView).describe('The visits of the plan week, planned, recorded or cancelled, by planned time'),
});

export const TeamVisitPlans = z.object({
  week: z.string(),
  salespeople: VisitSalespeople,
  plans: z
    .array(TeamVisitPlan)
    .describe(
      'Each salesperson in sight (`ownerId`: that one): the active ones, and any other with a visit in the week',
    ),
});

export const WeeklyReport = z.object({
  week: z.string(),
  salespeople: VisitSalespeople,
  owners: z.array(
    z.object({
      ownerId: z.string(),
      ownerName: z.string().nullable(),
      planSubmittedAt: z.string().nullable(),
      planned: z
        .number()
        .describe(
          'Visits of the week: recorded ones that took place in it (by visitedAt), and those of its plan still planned or cancelled',
        ),
      recorded: z
        .number()
        .describe('Visits that took place in the week (by visitedAt, whatever week they were planned in)'),
      cancelled: z.number(),
      stillPlanned: z.number(),
      followUps: z.number(),
      openFollowUps: z.number(),
      customersVisited: z.array(z.string()),
      visits: z.array(VisitView),
    }),
  ),
});

export const NotVisitedQuery = z.strictObject({
  month: yearMonth.optional().describe('Default this month'),
  ownerId: OwnerInSight,
});

export const NotVisited = z.object({
  month: z.string(),
  salespeople: VisitSalespeople,
  customers: z.array(
    z.object({
      customerNo: z.string(),
      customerName: z.string(),
      ownerId: z.string(),
      ownerName: z.string().nullable(),
      status: z.string(),
      statusLabel: LabelView.nullable(),
      lastVisitedOn: z.string().nullable(),
    }),
  ),
});
