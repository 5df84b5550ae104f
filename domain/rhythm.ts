/**
 * The salesperson's rhythm 工作節奏 (§2): which deadlines a reminder run on a business date looks at, who has
 * missed them, whom that reminds, and the notices' texts (zh-Hant with English). Pure: the business
 * calendar's overrides, the people and their submissions are passed in; the Temporal Schedules
 * (lib/rhythm-schedules.ts) run it each morning and activities/rhythm.activities.ts writes what it decides.
 *
 * - success diary 成功日記: due each working day; the run on date D flags the last working day before D when
 *   its diary is missing (the morning after) — to the salesperson and their sales manager;
 * - weekly plan and summary: before Monday; monthly: by the 5th; annual: by 31 January (`dueDateOf`,
 *   domain/plan.ts). On the due date the author is reminded when it is not submitted yet; from the day after,
 *   it is overdue and escalated to their sales manager.
 * A deadline applies to a salesperson who had joined by its first day (the diary's day, the period's first day).
 */
import { previousWorkingDay, type CalendarOverrides } from './calendar';
import { dueDateOf, periodOf, periodRange, PLAN_KIND_LABELS, previousPeriod, type PlanKind } from './plan';

export const RHYTHM_DEADLINES = ['diary', 'weekly', 'monthly', 'annual'] as const;
/** A deadline of the rhythm: the daily success diary or one kind of plan and summary. */
export type RhythmDeadline = (typeof RHYTHM_DEADLINES)[number];

/** `missing`: a diary not submitted (flagged the morning after); `due`: a report due today; `overdue`: past due. */
export type ReminderStage = 'missing' | 'due' | 'overdue';

/** One deadline a run looks at: the diary's day or the report's period, its due date and the stage reached. */
export interface DeadlineCheck {
  deadline: RhythmDeadline;
  /** The diary's day (YYYY-MM-DD), or the report's period key (weekly: its Monday, monthly YYYY-MM, annual YYYY). */
  period: string;
  /** The business date it is due by (the end of that day). */
  dueOn: string;
  stage: ReminderStage;
}

/**
 * What the run of `deadline` on business date `today` checks. Diary: the last working day before today
 * (stage `missing`). Plans: of the previous and the current period, those due today (`due`) or before
 * (`overdue`); a period due later is not looked at. `overrides` must cover the periods' due windows
 * (`dueWindow`) and the days back to the previous working day. Throws RangeError on a malformed date.
 */
export function deadlineChecks(
  deadline: RhythmDeadline,
  today: string,
  overrides: CalendarOverrides = new Map(),
): DeadlineCheck[] {
  if (deadline === 'diary') {
    const day = previousWorkingDay(today, overrides);
    return [{ deadline, period: day, dueOn: day, stage: 'missing' }];
  }
  const current = periodOf(deadline, today);
  return [previousPeriod(deadline, current), current].flatMap((period): DeadlineCheck[] => {
    const dueOn = dueDateOf(deadline, period, overrides);
    if (dueOn > today) return [];
    return [{ deadline, period, dueOn, stage: dueOn === today ? 'due' : 'overdue' }];
  });
}

/** The first business date a deadline covers: the diary's day, or the report period's first day. */
export function deadlineStart(check: Pick<DeadlineCheck, 'deadline' | 'period'>): string {
  return check.deadline === 'diary' ? check.period : periodRange(check.deadline, check.period).from;
}

/**
 * Whether `check` applies to someone who joined on business date `joinedOn` (YYYY-MM-DD, the business date
 * their account was created): they had joined by its first day (`deadlineStart`). Nobody is reminded of, nor
 * flagged missing or overdue for, a diary day or a report period that began before they existed — the one rule
 * for the reminders, the diary team view and the plans' deadlines.
 */
export function deadlineApplies(check: Pick<DeadlineCheck, 'deadline' | 'period'>, joinedOn: string): boolean {
  return joinedOn <= deadlineStart(check);
}

export const DIARY_DAY_STATUSES = ['submitted', 'missing', 'due_today', 'upcoming', 'not_applicable'] as const;
/** Where one person's success diary of one day stands (labels: STATE_LABELS.diary_day, domain/labels.ts). */
export type DiaryDayStatus = (typeof DIARY_DAY_STATUSES)[number];

/**
 * The status of `day`'s success diary for someone who joined on `joinedOn`, on business date `today` (all
 * YYYY-MM-DD): `submitted`; else `not_applicable` for a non-working day or a day before they joined
 * (`deadlineApplies`); else `missing` for a day before today, `due_today` for today, `upcoming` after. The one
 * rule the diary list, the diary view and the desk's labels follow (`missing` ⇔ status `missing`).
 */
export function diaryDayStatus(d: {
  day: string;
  today: string;
  joinedOn: string;
  submitted: boolean;
  workingDay: boolean;
}): DiaryDayStatus {
  if (d.submitted) return 'submitted';
  if (!d.workingDay || !deadlineApplies({ deadline: 'diary', period: d.day }, d.joinedOn)) return 'not_applicable';
  if (d.day < d.today) return 'missing';
  return d.day === d.today ? 'due_today' : 'upcoming';
}

/** A salesperson the rhythm applies to: their sales manager (none: null) and the business date they joined. */
export interface RhythmPerson {
  id: string;
  name: string;
  managerId: string | null;
  joinedOn: string;
}

/** Where a person's submission stands: none yet, or the report's status (a diary is `submitted` or `missing`). */
export type SubmissionStatus = 'missing' | 'draft' | 'returned' | 'submitted' | 'accepted';

const OPEN: readonly SubmissionStatus[] = ['missing', 'draft', 'returned'];

/** One person who has not submitted what a check looks at, and who is told: the author, and their manager. */
export interface Reminder {
  check: DeadlineCheck;
  ownerId: string;
  ownerName: string;
  managerId: string | null;
  status: SubmissionStatus;
  /** Recipients of a notice, each once per deadline and stage (`reminderKey`). */
  notify: { to: string; as: 'owner' | 'manager' }[];
  /** The author's inbox item (record `diary_reminder` / `plan_reminder`) — only when nothing stands for it yet. */
  ownerItem: boolean;
  /** The sales manager's escalation item (`plan_escalation`): an overdue report, when the author has a manager. */
  escalate: boolean;
}

/**
 * Who is reminded of `check`: each person who had joined by its first day and whose submission (`statusOf`,
 * default `missing`) is still open (missing, draft, returned). A missing diary tells the salesperson and their
 * manager; a report due today tells its author; an overdue one tells the author and escalates to the manager.
 * The author's inbox item is opened for a missing diary or report (a draft already has its own item).
 */
export function remindersFor(
  check: DeadlineCheck,
  people: readonly RhythmPerson[],
  statusOf: ReadonlyMap<string, SubmissionStatus>,
): Reminder[] {
  return people.flatMap((p): Reminder[] => {
    const status = statusOf.get(p.id) ?? 'missing';
    if (!deadlineApplies(check, p.joinedOn) || !OPEN.includes(status)) return [];
    const toManager = check.stage !== 'due' && p.managerId !== null;
    return [
      {
        check,
        ownerId: p.id,
        ownerName: p.name,
        managerId: p.managerId,
        status,
        notify: [{ to: p.id, as: 'owner' }, ...(toManager ? [{ to: p.managerId!, as: 'manager' as const }] : [])],
        ownerItem: status === 'missing',
        escalate: check.stage === 'overdue' && p.managerId !== null,
      },
    ];
  });
}

/** The outbox's dedupe key of one notice: once per deadline, stage, person and recipient, whatever the retries. */
export const reminderKey = (r: Reminder, to: string): string =>
  `rhythm:${r.check.deadline}:${r.check.period}:${r.check.stage}:${r.ownerId}>${to}`;

/** The inbox record of a deadline per person: `<ownerId>:<deadline>:<period>` (a diary's: `<ownerId>:<day>`). */
export const reminderRecordId = (ownerId: string, deadline: RhythmDeadline, period: string): string =>
  deadline === 'diary' ? `${ownerId}:${period}` : `${ownerId}:${deadline}:${period}`;

const STATUS_LABELS: Record<SubmissionStatus, [string, string]> = {
  missing: ['尚未填寫', 'not started'],
  draft: ['草稿未提交', 'a draft, not submitted'],
  returned: ['已退回待修改', 'returned, to revise'],
  submitted: ['已提交', 'submitted'],
  accepted: ['已接受', 'accepted'],
};

/** The notice of a reminder to one recipient: outbox kind (worker/notice-mail.ts names it), subject, body. */
export function reminderNotice(r: Reminder, as: 'owner' | 'manager'): { kind: string; subject: string; body: string } {
  const { deadline, period, dueOn, stage } = r.check;
  const who = r.ownerName;
  if (deadline === 'diary') {
    return {
      kind: 'diary_missing',
      subject: `成功日記未提交 Success diary missing: ${as === 'manager' ? `${who} ` : ''}${period}`,
      body:
        as === 'owner'
          ? `您 ${period} 的成功日記尚未提交，請補交當日工作與次日計劃。 ` +
            `Your success diary of ${period} has not been submitted: please send that day's work and the next day's plan.`
          : `${who} ${period} 的成功日記尚未提交。 ${who}'s success diary of ${period} has not been submitted.`,
    };
  }
  const label = PLAN_KIND_LABELS[deadline as PlanKind];
  const [stZh, stEn] = STATUS_LABELS[r.status];
  if (stage === 'due')
    return {
      kind: `${deadline}_plan_reminder`,
      subject: `${label.zh} ${period} 今天到期 Due today: ${label.en} ${period}`,
      body:
        `${label.zh}（${period}）今天 ${dueOn} 下班前到期（${stZh}），請填寫並提交給銷售經理。 ` +
        `Your ${label.en.toLowerCase()} for ${period} is due by the end of today, ${dueOn} (${stEn}): ` +
        `please complete it and submit it to your sales manager.`,
    };
  return {
    kind: as === 'owner' ? 'plan_overdue' : 'plan_overdue_escalation',
    subject: `${label.zh}逾期 Overdue: ${as === 'manager' ? `${who} ` : ''}${label.en} ${period}`,
    body:
      as === 'owner'
        ? `您的${label.zh}（${period}）已於 ${dueOn} 到期，仍${stZh}，已通知您的銷售經理。 ` +
          `Your ${label.en.toLowerCase()} for ${period} was due on ${dueOn} and is ${stEn}; your sales manager has been told.`
        : `${who} 的${label.zh}（${period}）已於 ${dueOn} 到期，仍${stZh}。 ` +
          `${who}'s ${label.en.toLowerCase()} for ${period} was due on ${dueOn} and is ${stEn}.`,
  };
}
