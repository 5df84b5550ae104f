/**
 * The rhythm's deadline rules (domain/rhythm.ts) on the mainland-China business calendar: which diary day
 * and which reports a morning's run looks at (holidays, make-up working days, before Monday, by the 5th, by
 * 31 January), who is missing, and whom that tells.
 */
import { describe, expect, it } from 'vitest';
import { previousWorkingDay, type CalendarOverride } from '../../domain/calendar';
import {
  deadlineChecks,
  diaryDayStatus,
  reminderKey,
  reminderNotice,
  remindersFor,
  type DeadlineCheck,
  type RhythmPerson,
  type SubmissionStatus,
} from '../../domain/rhythm';

const overrides = (...o: CalendarOverride[]) => new Map(o.map((x) => [x.date, x]));
const checks = (deadline: Parameters<typeof deadlineChecks>[0], today: string, o = overrides()) =>
  deadlineChecks(deadline, today, o).map((c) => `${c.period} ${c.dueOn} ${c.stage}`);

describe('the success diary: flagged the morning after its working day', () => {
  it('looks at the last working day before today: Friday from Saturday to Monday', () => {
    expect(checks('diary', '2026-12-01')).toEqual(['2026-11-30 2026-11-30 missing']);
    for (const today of ['2026-11-28', '2026-11-29', '2026-11-30'])
      expect(checks('diary', today)).toEqual(['2026-11-27 2026-11-27 missing']);
  });

  it('skips public holidays and counts make-up working days 調休補班', () => {
    // National Day 1–7 Oct 2026: the diary of 30 Sep is the one flagged on 8 Oct.
    expect(checks('diary', '2026-10-08')).toEqual(['2026-09-30 2026-09-30 missing']);
    // Saturday 10 Oct 2026 is worked: Monday's run flags Saturday's diary, not Friday's.
    expect(checks('diary', '2026-10-12')).toEqual(['2026-10-10 2026-10-10 missing']);
    // Saturday 14 Feb 2026 is worked before the Spring Festival (15–23 Feb): flagged until the 24th.
    expect(checks('diary', '2026-02-24')).toEqual(['2026-02-14 2026-02-14 missing']);
  });

  it('follows the admin’s overrides (a company day off, a worked Sunday)', () => {
    const o = overrides(
      { date: '2026-11-27', working: false, name: '公司年會 company day' },
      { date: '2026-11-29', working: true, name: '盤點 stocktaking' },
    );
    expect(previousWorkingDay('2026-11-28', o)).toBe('2026-11-26');
    expect(checks('diary', '2026-11-30', o)).toEqual(['2026-11-29 2026-11-29 missing']);
  });
});

describe('one day’s diary status (the diary list and view, the desk’s labels)', () => {
  const at = (day: string, o: Partial<Parameters<typeof diaryDayStatus>[0]> = {}) =>
    diaryDayStatus({ day, today: '2026-12-09', joinedOn: '2026-12-07', submitted: false, workingDay: true, ...o });
  it('only today is due today; a past applicable day is missing; a later one is not due yet', () => {
    expect(at('2026-12-09')).toBe('due_today');
    expect(at('2026-12-08')).toBe('missing');
    expect(at('2026-12-07')).toBe('missing');
    expect(at('2026-12-10')).toBe('upcoming');
  });
  it('a day before the person joined, or a day off, is not applicable; a submitted day is submitted', () => {
    expect(at('2026-12-04')).toBe('not_applicable');
    expect(at('2026-12-08', { workingDay: false })).toBe('not_applicable');
    expect(at('2026-12-04', { submitted: true })).toBe('submitted');
    expect(at('2026-12-09', { joinedOn: '2026-12-09' })).toBe('due_today');
  });
});

describe('plans and summaries: reminded on the due date, escalated from the day after', () => {
  it('weekly: due the last working day before Monday', () => {
    expect(checks('weekly', '2026-12-03')).toEqual(['2026-11-23 2026-11-27 overdue']);
    expect(checks('weekly', '2026-12-04')).toEqual(['2026-11-23 2026-11-27 overdue', '2026-11-30 2026-12-04 due']);
    expect(checks('weekly', '2026-12-05')).toEqual(['2026-11-23 2026-11-27 overdue', '2026-11-30 2026-12-04 overdue']);
    // The week of 5 Oct 2026 ends with a make-up Saturday: due then, not on Friday.
    expect(checks('weekly', '2026-10-09')).toEqual(['2026-09-28 2026-09-30 overdue']);
    expect(checks('weekly', '2026-10-10')).toEqual(['2026-09-28 2026-09-30 overdue', '2026-10-05 2026-10-10 due']);
    // A Friday off by the admin: due on Thursday.
    const o = overrides({ date: '2026-12-04', working: false, name: '公司年會 company day' });
    expect(checks('weekly', '2026-12-03', o)).toEqual(['2026-11-23 2026-11-27 overdue', '2026-11-30 2026-12-03 due']);
  });

  it('monthly: by the 5th, moved to the next working day', () => {
    // 5 Nov 2026 is a Thursday; before it, September's report (escalated in October) is no longer looked at.
    expect(checks('monthly', '2026-11-04')).toEqual([]);
    expect(checks('monthly', '2026-11-05')).toEqual(['2026-10 2026-11-05 due']);
    expect(checks('monthly', '2026-11-06')).toEqual(['2026-10 2026-11-05 overdue']);
    // 5 Dec 2026 is a Saturday: due Monday 7 Dec; nothing is due on the weekend.
    expect(checks('monthly', '2026-12-05')).toEqual([]);
    expect(checks('monthly', '2026-12-07')).toEqual(['2026-11 2026-12-07 due']);
    expect(checks('monthly', '2026-12-08')).toEqual(['2026-11 2026-12-07 overdue']);
    // September's report falls in the National Day holiday: due 8 Oct.
    expect(checks('monthly', '2026-10-08')).toEqual(['2026-09 2026-10-08 due']);
  });

  it('annual: by 31 January, moved to the next working day', () => {
    expect(checks('annual', '2026-01-30')).toEqual([]);
    expect(checks('annual', '2026-11-30')).toEqual(['2025 2026-02-02 overdue']);
    // 31 Jan 2027 is a Sunday: the 2026 report is due Monday 1 Feb.
    expect(checks('annual', '2027-01-31')).toEqual([]);
    expect(checks('annual', '2027-02-01')).toEqual(['2026 2027-02-01 due']);
    expect(checks('annual', '2027-02-02')).toEqual(['2026 2027-02-01 overdue']);
    // 31 Jan 2028 is a Monday.
    expect(checks('annual', '2028-01-31')).toEqual(['2027 2028-01-31 due']);
  });
});

describe('who is reminded', () => {
  const people: RhythmPerson[] = [
    { id: 'ann', name: 'Ann', managerId: 'max', joinedOn: '2025-01-01' },
    { id: 'bob', name: 'Bob', managerId: 'max', joinedOn: '2025-01-01' },
    { id: 'cat', name: 'Cat', managerId: null, joinedOn: '2025-01-01' },
    { id: 'new', name: 'New', managerId: 'max', joinedOn: '2026-11-28' },
  ];
  const status = (o: Record<string, SubmissionStatus>) => new Map(Object.entries(o));
  const diary: DeadlineCheck = { deadline: 'diary', period: '2026-11-27', dueOn: '2026-11-27', stage: 'missing' };

  it('a missing diary tells the salesperson and their manager; a submitted one, or one before joining, nobody', () => {
    const r = remindersFor(diary, people, status({ bob: 'submitted' }));
    expect(r.map((x) => [x.ownerId, x.notify.map((n) => `${n.as}:${n.to}`), x.ownerItem, x.escalate])).toEqual([
      ['ann', ['owner:ann', 'manager:max'], true, false],
      ['cat', ['owner:cat'], true, false],
    ]);
    expect(reminderKey(r[0]!, 'max')).toBe('rhythm:diary:2026-11-27:missing:ann>max');
    const n = reminderNotice(r[0]!, 'manager');
    expect(n.kind).toBe('diary_missing');
    expect(n.subject).toBe('成功日記未提交 Success diary missing: Ann 2026-11-27');
    expect(n.body).toContain('Ann 2026-11-27 的成功日記尚未提交');
  });

  it('a report due today tells its author only; an overdue one escalates to the manager', () => {
    const due: DeadlineCheck = { deadline: 'monthly', period: '2026-10', dueOn: '2026-11-05', stage: 'due' };
    const s = status({ ann: 'draft', bob: 'submitted', cat: 'returned' });
    expect(remindersFor(due, people, s).map((x) => [x.ownerId, x.notify.length, x.ownerItem, x.escalate])).toEqual([
      ['ann', 1, false, false],
      ['cat', 1, false, false],
    ]);
    const overdue: DeadlineCheck = { ...due, stage: 'overdue' };
    const r = remindersFor(overdue, people, status({ bob: 'accepted' }));
    expect(r.map((x) => [x.ownerId, x.notify.map((n) => n.to), x.ownerItem, x.escalate])).toEqual([
      ['ann', ['ann', 'max'], true, true],
      ['cat', ['cat'], true, false],
    ]);
    expect(reminderNotice(r[0]!, 'manager')).toMatchObject({
      kind: 'plan_overdue_escalation',
      subject: '月計劃與總結逾期 Overdue: Ann Monthly plan and summary 2026-10',
    });
    expect(reminderNotice(r[0]!, 'owner').body).toContain('已於 2026-11-05 到期，仍尚未填寫');
    // Someone who joined during the week is not asked for that week's report.
    const week: DeadlineCheck = { deadline: 'weekly', period: '2026-11-23', dueOn: '2026-11-27', stage: 'overdue' };
    expect(remindersFor(week, people, status({})).map((x) => x.ownerId)).toEqual(['ann', 'bob', 'cat']);
  });
});
