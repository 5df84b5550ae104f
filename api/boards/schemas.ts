/** Request and response shapes of the daily sheets, the container volume and the morning briefing. */
import { z } from 'zod';
import { ROLES } from '../../machines/roles';
import { JOB_STAGES } from '../../machines/job.machine';
import { EXCEPTION_TYPES } from '../../domain/job';
import { identifier, isoDate, Page, yearMonth } from '../schemas';

const ownerId = identifier();

export const OrderFollowUpQuery = Page.extend({
  stage: z.enum(JOB_STAGES).optional(),
  ownerId: ownerId.optional(),
  customerNo: identifier().optional(),
  waitingOn: z.enum(ROLES).optional().describe('Only jobs with a step waiting on this role'),
  mine: z
    .enum(['true', 'false'])
    .optional()
    .describe('`true`: "my jobs" — only jobs with a step waiting on the caller’s own role (overrides waitingOn)'),
});

export const WaitingStep = z.object({
  step: z.string(),
  labelZh: z.string().describe('The step’s name in zh-Hant (the job step table’s)'),
  labelEn: z.string().describe('The step’s name in English'),
  roles: z.array(z.string()),
  container: z.string().optional(),
});

export const OrderFollowUpItem = z.object({
  jobNo: z.string(),
  contractNo: z.string(),
  customerNo: z.string(),
  customerName: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable().describe('Display name of the salesperson (ownerId)'),
  direction: z.string(),
  stage: z.string().nullable(),
  stageLabel: z.string().nullable(),
  /** In this stage since. */
  stageSince: z.string(),
  /** Who the job waits on, and for which steps (per container in transport). */
  waitingRoles: z.array(z.string()),
  waiting: z.array(WaitingStep),
  urgent: z.boolean(),
  containerType: z.string(),
  containerCount: z.number().int(),
  eta: z.string().nullable(),
  requiredArrival: z.string().nullable(),
  openExceptions: z.number().int(),
});

export const OrderFollowUpBoard = z.object({
  /** Open jobs per stage, in the fixed stage order (the stage filter does not narrow these). */
  byStage: z.array(
    z.object({ stage: z.enum(JOB_STAGES), stageLabel: z.string(), jobs: z.number().int(), urgent: z.number().int() }),
  ),
  items: z.array(OrderFollowUpItem),
  total: z.number().int(),
});

export const DeliveriesQuery = z.strictObject({
  /** The day of the sheet (default today); the next day is shown too. */
  date: isoDate.optional(),
  ownerId: ownerId.optional(),
  customerNo: identifier().optional(),
});

export const DeliveryContainer = z.object({
  jobNo: z.string(),
  containerKey: z.string(),
  containerNo: z.string().nullable(),
  containerType: z.string(),
  ownerId: z.string(),
  urgent: z.boolean(),
  deliveryPlace: z.string().nullable(),
  truck: z.string().nullable(),
  driver: z.string().nullable(),
  driverPhone: z.string().nullable(),
  lastStep: z.string().nullable(),
  lastStepLabelZh: z.string().nullable().describe('The last step’s name in zh-Hant (the job step table’s)'),
  lastStepLabelEn: z.string().nullable().describe('The last step’s name in English'),
  /** pending → arrived 「到廠」 → unloaded 「卸貨」. */
  arrival: z.enum(['pending', 'arrived', 'unloaded']),
  arrivedAt: z.string().nullable(),
  customerConfirmed: z.boolean(),
  unloadedAt: z.string().nullable(),
});

export const DeliveryDay = z.object({
  date: z.string(),
  containers: z.number().int(),
  customers: z.array(
    z.object({ customerNo: z.string(), customerName: z.string().nullable(), containers: z.array(DeliveryContainer) }),
  ),
});

export const DeliveriesBoard = z.object({ date: z.string(), days: z.array(DeliveryDay) });

export const ExceptionsQuery = Page.extend({
  stage: z.enum(JOB_STAGES).optional(),
  type: z.enum(EXCEPTION_TYPES).optional(),
  ownerId: ownerId.optional(),
});

export const ExceptionItem = z.object({
  id: z.number().int(),
  jobNo: z.string(),
  customerNo: z.string(),
  customerName: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  stage: z.string(),
  stageLabel: z.string(),
  /** The job's current stage (it may have moved on since). */
  jobStage: z.string().nullable(),
  urgent: z.boolean(),
  type: z.string(),
  description: z.string(),
  remedy: z.string().nullable(),
  customerNotified: z.boolean(),
  customerNotifiedAt: z.string().nullable(),
  raisedBy: z.string(),
  raisedByName: z.string().nullable(),
  raisedAt: z.string(),
  /** Open for (now − raised at), in milliseconds and whole days. */
  ageMs: z.number().int(),
  ageDays: z.number().int(),
});

export const ExceptionsBoard = z.object({ asOf: z.string(), items: z.array(ExceptionItem), total: z.number().int() });

export const VolumeQuery = z
  .strictObject({
    /** First business day (default: the 1st of this month). */
    from: isoDate.optional(),
    /** Last business day, inclusive (default: today). */
    to: isoDate.optional(),
    ownerId: ownerId.optional(),
  })
  .refine((q) => !q.from || !q.to || q.from <= q.to, { message: 'from must not be after to', path: ['to'] });

const volumeFields = {
  ordersReceived: z.number().int(),
  containersOrdered: z.number().int(),
  containersReleased: z.number().int(),
  containersDelivered: z.number().int(),
  urgentOrders: z.number().int(),
};
export const Volume = z.object(volumeFields);

export const VolumeBoard = z.object({
  from: z.string(),
  to: z.string(),
  rows: z.array(
    z.object({
      businessDate: z.string(),
      ownerId: z.string(),
      ownerName: z.string().nullable().describe('Display name of the salesperson (ownerId)'),
      ...volumeFields,
    }),
  ),
  total: Volume,
});

export const MonthlyVolumeQuery = z.strictObject({ month: yearMonth.optional(), ownerId: ownerId.optional() });

export const MonthlyVolumeSheet = z.object({
  month: z.string(),
  /** The salesperson, or null for everyone the caller sees (team or house). */
  ownerId: z.string().nullable(),
  days: z.array(z.object({ date: z.string(), ...volumeFields, running: Volume })),
  total: Volume,
  budgetContainers: z.number().int().nullable(),
  /** Delivered containers as a per cent of the budget, half-even to 2 decimals; null without a budget. */
  deliveredPercent: z.string().nullable(),
  budgetOwners: z
    .array(z.object({ id: z.string(), name: z.string() }))
    .describe(
      'The salespeople whose budget the caller may set (PUT /container-volume-budgets ownerId), by display name: a salesperson themself, a sales manager the team',
    ),
});

export const BudgetParams = z.strictObject({ month: yearMonth });
export const BudgetBody = z.strictObject({
  budgetContainers: z.number().int().min(0).max(1_000_000),
  /** The salesperson the budget is for: yourself (salesperson), or a team member (sales manager). */
  ownerId: ownerId.optional(),
});
export const VolumeBudget = z.object({
  ownerId: z.string(),
  month: z.string(),
  budgetContainers: z.number().int(),
  updatedAt: z.string(),
});

export const BriefingQuery = z.strictObject({ date: isoDate.optional(), ownerId: ownerId.optional() });

export const BriefingOrder = z.object({
  jobNo: z.string(),
  customerNo: z.string(),
  customerName: z.string().nullable(),
  ownerId: z.string(),
  ownerName: z.string().nullable().describe('Display name of the salesperson (ownerId)'),
  direction: z.string(),
  stage: z.string().nullable(),
  status: z.string(),
  urgent: z.boolean(),
  cargo: z.string(),
  containerType: z.string(),
  containerCount: z.number().int(),
  eta: z.string().nullable(),
});

export const Briefing = z.object({
  date: z.string(),
  yesterday: z.string(),
  ownerId: z.string().nullable(),
  /** Orders received yesterday 「昨日接單」. */
  yesterdaysOrders: z.array(BriefingOrder),
  /** Containers to deliver today 「今日送貨」. */
  todaysDeliveries: DeliveryDay,
  /** Open customs and transport exceptions and receivable anomalies (extra charges are listed apart). */
  anomalies: z.array(ExceptionItem),
  /** Open unconfirmed extra charges 「未確認額外費用」. */
  unconfirmedExtraCharges: z.array(ExceptionItem),
  /**
   * Receivables 應收帳款 of the customers in sight, per currency (never summed across currencies), from the
   * ledger as of `date`: open, overdue (past the due date), customers with an overdue amount, and receipts
   * entered for `yesterday`. null for a role that does not read the ledger.
   */
  receivables: z
    .array(
      z.object({
        currency: z.string(),
        outstanding: z.string(),
        overdue: z.string(),
        overdueCustomers: z.number().int(),
        collectedYesterday: z.string(),
      }),
    )
    .nullable(),
});
