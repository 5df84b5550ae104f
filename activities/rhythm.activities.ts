/**
 * The rhythm's reminders run by the Temporal Schedules `rhythm-<deadline>` (lib/rhythm-schedules.ts): on a
 * business date, who has not submitted the diary or report that is due (rules in domain/rhythm.ts), and for
 * each of them, in one transaction, the notices (outbox → log and mail) and the inbox items. Idempotent per
 * person, deadline and stage: the notices' dedupe keys let a retried or caught-up run queue nothing twice, and
 * the items are opened only by the run that queued the author's notice.
 */
import type { Kysely } from 'kysely';
import { plusDays } from '../domain/calendar';
import { PLAN_KIND_LABELS, type PlanKind } from '../domain/plan';
import {
  deadlineChecks,
  reminderKey,
  reminderNotice,
  reminderRecordId,
  remindersFor,
  type DeadlineCheck,
  type Reminder,
  type RhythmDeadline,
  type RhythmPerson,
  type SubmissionStatus,
} from '../domain/rhythm';
import { listCalendarOverrides } from '../db/calendar.repository';
import type { Database } from '../db/database';
import { planStatusesOf } from '../db/plan.repository';
import { listUsers } from '../db/user.repository';
import { listDiaries } from '../db/visit.repository';
import { enqueueNotification, findOpenWorkItem, moveWorkItem } from '../db/work-item.repository';
import { businessToday, endOfBusinessDay } from '../lib/dates';

/** Inbox record types of the rhythm's items (api/inbox.ts filters by them). */
export const RHYTHM_ITEM_TYPES = ['diary_reminder', 'plan_reminder', 'plan_escalation'] as const;

/** What a run did: the business date it checked, the deadlines looked at, and the people reminded for the first time. */
export interface RhythmRunResult {
  today: string;
  checked: { period: string; stage: string }[];
  reminded: string[];
}

export function createRhythmActivities({ db }: { db: Kysely<Database> }) {
  const statusesOf = async (check: DeadlineCheck, ids: string[]): Promise<Map<string, SubmissionStatus>> => {
    if (check.deadline !== 'diary') return planStatusesOf(db, check.deadline, check.period);
    const diaries = await listDiaries(db, { ownerIds: ids, from: check.period, to: check.period });
    return new Map(diaries.map((d) => [d.owner_id, 'submitted' as const]));
  };

  /** The notices and items of one reminder, in one transaction; returns whether this run sent it first. */
  const remind = (r: Reminder): Promise<boolean> =>
    db.transaction().execute(async (trx) => {
      const { deadline, period, dueOn } = r.check;
      const recordId = reminderRecordId(r.ownerId, deadline, period);
      let first = false;
      for (const n of r.notify) {
        const queued = await enqueueNotification(trx, {
          ...reminderNotice(r, n.as),
          recipientId: n.to,
          recordType: deadline === 'diary' ? 'diary' : 'plan',
          recordId,
          dedupeKey: reminderKey(r, n.to),
        });
        if (n.as === 'owner') first = queued;
      }
      if (!first) return false;
      const label = deadline === 'diary' ? null : PLAN_KIND_LABELS[deadline as PlanKind];
      const dueAt = endOfBusinessDay(dueOn);
      const open = async (recordType: string, next: Parameters<typeof moveWorkItem>[1]['next']) => {
        if (!(await findOpenWorkItem(trx, recordType, recordId)))
          await moveWorkItem(trx, { recordType, recordId, closedBy: 'system', next });
      };
      if (r.ownerItem)
        await open(deadline === 'diary' ? 'diary_reminder' : 'plan_reminder', {
          step: deadline === 'diary' ? 'diary.missing' : 'plan.write',
          role: 'sales',
          ownerId: r.ownerId,
          customerNo: null,
          summary: {
            stepLabel: label
              ? `待填寫 ${label.zh} ${period} To write: ${label.en}`
              : `補交成功日記 ${period} Success diary missing`,
          },
          dueAt,
        });
      if (r.escalate && label)
        await open('plan_escalation', {
          step: 'plan.overdue',
          role: 'sales_manager',
          ownerId: r.ownerId,
          customerNo: null,
          summary: { stepLabel: `逾期未交 ${label.zh} ${period} Overdue: ${label.en}` },
          dueAt,
        });
      return true;
    });

  return {
    /**
     * One run of the Schedule of `deadline` at instant `at` (ISO; the run's scheduled time): the checks of
     * its business date on the calendar with the admin's overrides, the active salespeople (joined: the
     * business date of their account's creation), their submissions, and a reminder for each one missing.
     */
    async sendRhythmReminders(input: { deadline: RhythmDeadline; at: string }): Promise<RhythmRunResult> {
      const today = businessToday(new Date(input.at));
      const overrides = await listCalendarOverrides(db, `${Number(today.slice(0, 4)) - 2}-01-01`, plusDays(today, 60));
      const checks = deadlineChecks(input.deadline, today, overrides);
      const reminded: string[] = [];
      if (checks.length === 0) return { today, checked: [], reminded };
      const people: RhythmPerson[] = (await listUsers(db, { role: 'sales', active: true })).map((u) => ({
        id: u.id,
        name: u.display_name,
        managerId: u.manager_id,
        joinedOn: businessToday(u.created_at),
      }));
      for (const check of checks) {
        const statuses = await statusesOf(
          check,
          people.map((p) => p.id),
        );
        for (const r of remindersFor(check, people, statuses))
          if (await remind(r)) reminded.push(`${r.ownerId}:${check.period}:${check.stage}`);
      }
      return { today, checked: checks.map((c) => ({ period: c.period, stage: c.stage })), reminded };
    },
  };
}
