/**
 * Customer visits 客戶訪問 and the success diary 成功日記 (issue 14, §2.3.2, §2.4.7, §2.4.9, §3.2.7–§3.2.8):
 * the shapes the API stores and answers, and the rules with no I/O — the plan week, when an appointment
 * needs re-confirming, which steps a visit offers, when a plan or a diary counts as on time.
 */
import { addWorkingDays, plusDays, type CalendarOverrides } from './calendar';
import { deadlineApplies } from './rhythm';

export const VISIT_STATUSES = ['planned', 'recorded', 'cancelled'] as const;
export type VisitStatus = (typeof VISIT_STATUSES)[number];

/** What the customer said (§3.2.8) and what was learned; every field free text, `metWith` required. */
export interface VisitRecord {
  /** Who was met (names, positions). */
  metWith: string;
  /** The customer's view of our documents 單證交收, follow-up 跟單, customs 通關, transport 運送, billing 賬單, quoting 報價. */
  documents?: string | null | undefined;
  followUp?: string | null | undefined;
  customs?: string | null | undefined;
  transport?: string | null | undefined;
  billing?: string | null | undefined;
  quoting?: string | null | undefined;
  /** Their coming container volume 柜量 and business plans 經營計劃. */
  volumeAndPlans?: string | null | undefined;
  /** What was learned about other customers' business and financial standing. */
  othersStanding?: string | null | undefined;
  notes?: string | null | undefined;
}

/** The feedback fields of a visit record, in the order of §3.2.8. */
export const FEEDBACK_FIELDS = ['documents', 'followUp', 'customs', 'transport', 'billing', 'quoting'] as const;

/** What the system knows of a salesperson's working day, pre-filled into the success diary. */
export interface DiaryPrefill {
  /** Quotes the salesperson started or advanced that day: each with the steps taken (audit actions). */
  quotes: { quoteNo: string; customerNo: string; actions: string[] }[];
  /** Steps of the jobs of own customers that day. */
  jobs: { jobNo: string; customerNo: string; steps: string[] }[];
  /** Exceptions of own customers' jobs raised or resolved that day. */
  exceptions: { id: number; jobNo: string; customerNo: string; type: string; event: 'raised' | 'resolved' }[];
  /** Receipts of own customers received that day (amount: decimal string in the currency's digits). */
  receipts: { id: number; customerNo: string; currency: string; amount: string }[];
  /** Visits recorded that day. */
  visits: { id: number; customerNo: string; purpose: string }[];
  /** Visits planned for the next working day (the plan's side). */
  nextDayVisits: { id: number; customerNo: string; plannedAt: string; purpose: string }[];
}

/** Monday of the ISO week of a business date (YYYY-MM-DD). */
export function weekStartOf(date: string): string {
  const dow = new Date(`${date}T00:00:00Z`).getUTCDay(); // 0 = Sunday
  return plusDays(date, dow === 0 ? -6 : 1 - dow);
}

/** Is `date` a Monday (a plan week's first day)? */
export const isWeekStart = (date: string): boolean => weekStartOf(date) === date;

/** An appointment made more than this long before the visit is re-confirmed the day before (§3.2.7: 二天以上). */
export const RECONFIRM_AFTER_MS = 2 * 24 * 60 * 60 * 1000;

/** Does an appointment confirmed at `confirmedAt` for a visit at `plannedAt` need re-confirming the day before? */
export const needsReconfirm = (confirmedAt: Date, plannedAt: Date): boolean =>
  plannedAt.getTime() - confirmedAt.getTime() > RECONFIRM_AFTER_MS;

/**
 * How far in the past a planned time may lie and still be taken (the desk's minute precision and clock
 * differences): 5 minutes. Anything earlier is refused (422 in_past) — a plan is for what has not happened yet.
 */
export const PLANNED_PAST_GRACE_MS = 5 * 60 * 1000;

/** Is the planned (or appointment) time `plannedAt` in the past at `now`, beyond `PLANNED_PAST_GRACE_MS`? */
export const plannedInPast = (plannedAt: Date, now: Date = new Date()): boolean =>
  plannedAt.getTime() < now.getTime() - PLANNED_PAST_GRACE_MS;

/** The time of day a new visit is planned at by default (business time). */
export const DEFAULT_VISIT_TIME = '10:00';

/**
 * The default planned time of a new visit in plan week `week` (its Monday), seen on business date `today`:
 * `YYYY-MM-DDT10:00` business time on the next working day after today — or on the week's first working
 * day when the week starts later. `overrides` must cover today to the week's end plus a few weeks (holidays).
 * Throws RangeError on a malformed date.
 */
export function defaultPlannedAt(today: string, week: string, overrides: CalendarOverrides = new Map()): string {
  const next = addWorkingDays(today, 1, overrides);
  const first = week > today ? addWorkingDays(week, 0, overrides) : next;
  return `${first > next ? first : next}T${DEFAULT_VISIT_TIME}`;
}

/** The steps a visit offers in its state: plan changes and the record while planned, nothing after. */
export const VISIT_STEPS = ['appointment', 'record', 'cancel'] as const;
export type VisitStep = (typeof VISIT_STEPS)[number];
export const visitSteps = (status: VisitStatus): readonly VisitStep[] => (status === 'planned' ? VISIT_STEPS : []);

/**
 * A visit plan counts as on time when submitted before its week starts — or when its week began before its author
 * joined (`joinedOn`): no deadline applies to a period that began before one's account existed (`deadlineApplies`,
 * domain/rhythm.ts, the rule of the diary and the weekly plans). All business dates YYYY-MM-DD.
 */
export const planOnTime = (submittedOn: string, weekStart: string, joinedOn: string): boolean =>
  submittedOn < weekStart || !deadlineApplies({ deadline: 'weekly', period: weekStart }, joinedOn);

/**
 * Whether a plan not yet submitted is already overdue on business date `today`: submitting it now would count as
 * late (`planOnTime`). False for a submitted plan.
 */
export const planOverdue = (submitted: boolean, today: string, weekStart: string, joinedOn: string): boolean =>
  !submitted && !planOnTime(today, weekStart, joinedOn);

/** A diary counts as on time when submitted on its day (business date); later it is late, but taken. */
export const diaryOnTime = (submittedOn: string, day: string): boolean => submittedOn <= day;
