/**
 * The success diary 成功日記 (issue 14, §2.4.9): each working day (business calendar) a salesperson submits
 * today's work and tomorrow's plan. The system pre-fills what it knows of the day — quotes started or
 * advanced, steps and exceptions of own customers' jobs, receipts, visits recorded, tomorrow's planned
 * visits — and keeps that snapshot with the diary. The sales manager reads the team's diaries, comments,
 * and sees who has not submitted; a missing diary is flagged from the next morning (computed: a working
 * day before today without a diary). Writes are audited (`diary`, `<owner>:<day>`) and idempotent.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { listCalendarOverrides } from '../../db/calendar.repository';
import type { Database } from '../../db/database';
import { findDisplayNames, findUserById, listUsers, personText } from '../../db/user.repository';
import { moveWorkItem } from '../../db/work-item.repository';
import {
  findDiary,
  findDiaryFacts,
  insertDiary,
  insertDiaryComment,
  listDiaries,
  listDiaryComments,
} from '../../db/visit.repository';
import type { DiaryRow } from '../../db/visit.table';
import { addWorkingDays, isWorkingDay, plusDays, workingDaysIn } from '../../domain/calendar';
import { eventLabel, stateLabel } from '../../domain/labels';
import { DIARY_DAY_STATUSES, diaryDayStatus } from '../../domain/rhythm';
import { diaryOnTime, type DiaryPrefill } from '../../domain/visit';
import { businessToday, endOfBusinessDay } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { formatMoney, moneyText } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import type { Role } from '../../machines/roles';
import { actorForOwner, resolveActorFor } from '../acting';
import { currentUser, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, identifier, isoDate, LabelView, text } from '../schemas';
import { RecordActions } from '../actions';
import { inSight, ownersFor, ownersInSight, requireVisitReader } from '../visits/access';

const DayParams = z.strictObject({ day: isoDate.describe('The working day of the diary') });
const DiaryQuery = z.strictObject({
  ownerId: identifier().optional().describe('A sales manager names a team member; default me'),
});
const DiaryBody = z.strictObject({
  todayWork: text(5000).describe('Today’s work 今日工作, beside what the system pre-filled'),
  tomorrowPlan: text(5000).describe('Tomorrow’s plan 明日計劃'),
});
const CommentBody = z.strictObject({
  ownerId: identifier().describe('Whose diary'),
  comment: text(2000),
});
const ListQuery = z.strictObject({
  from: isoDate.optional().describe('Default: the working day before today'),
  to: isoDate.optional().describe('Default: today'),
  ownerId: identifier().optional(),
});

const Prefill = z.object({
  quotes: z.array(z.object({ quoteNo: z.string(), customerNo: z.string(), actions: z.array(z.string()) })),
  jobs: z.array(z.object({ jobNo: z.string(), customerNo: z.string(), steps: z.array(z.string()) })),
  exceptions: z.array(
    z.object({
      id: z.number(),
      jobNo: z.string(),
      customerNo: z.string(),
      type: z.string(),
      event: z.enum(['raised', 'resolved']),
    }),
  ),
  receipts: z.array(z.object({ id: z.number(), customerNo: z.string(), currency: z.string(), amount: z.string() })),
  visits: z.array(z.object({ id: z.number(), customerNo: z.string(), purpose: z.string() })),
  nextDayVisits: z.array(
    z.object({ id: z.number(), customerNo: z.string(), plannedAt: z.string(), purpose: z.string() }),
  ),
});

const DiaryView = z.object({
  ownerId: z.string(),
  ownerName: z.string().nullable(),
  day: z.string(),
  workingDay: z.boolean(),
  prefill: Prefill.describe('What the system knows of the day: as submitted, or live until then'),
  prefillLines: z.array(LabelView).describe('The pre-filled facts as sentences (zh-Hant, English)'),
  submitted: z.boolean(),
  todayWork: z.string().nullable(),
  tomorrowPlan: z.string().nullable(),
  submittedAt: z.string().nullable(),
  onTime: z.boolean().nullable(),
  missing: z.boolean().describe('A working day before today without a diary (flagged the next morning)'),
  comments: z.array(
    z.object({
      id: z.number(),
      authorId: z.string(),
      authorName: z.string().nullable(),
      comment: z.string(),
      at: z.string(),
    }),
  ),
  actions: RecordActions,
});

const DiaryList = z.object({
  from: z.string(),
  to: z.string(),
  days: z.array(z.string()).describe('The working days in the range'),
  rows: z.array(
    z.object({
      ownerId: z.string(),
      ownerName: z.string().nullable(),
      day: z.string(),
      submitted: z.boolean(),
      submittedAt: z.string().nullable(),
      onTime: z.boolean().nullable(),
      missing: z.boolean(),
      status: z
        .enum(DIARY_DAY_STATUSES)
        .describe('submitted | missing (a past day) | due_today | upcoming | not_applicable (before they joined)'),
      statusLabel: LabelView.describe('The status’s name (zh-Hant, English), domain/labels.ts'),
    }),
  ),
  missing: z.number().describe('Working days before today without a diary, in the range'),
});

/** The pre-filled facts as sentences in both languages. */
export function prefillLines(p: DiaryPrefill): { zh: string; en: string }[] {
  const names = (keys: string[], lang: 'zh' | 'en') =>
    keys.map((k) => eventLabel(k)[lang]).join(lang === 'zh' ? '、' : ', ');
  return [
    ...p.quotes.map((q) => ({
      zh: `報價 ${q.quoteNo}（${q.customerNo}）：${names(q.actions, 'zh')}`,
      en: `Quote ${q.quoteNo} (${q.customerNo}): ${names(q.actions, 'en')}`,
    })),
    ...p.jobs.map((j) => ({
      zh: `作業 ${j.jobNo}（${j.customerNo}）：${names(j.steps, 'zh')}`,
      en: `Job ${j.jobNo} (${j.customerNo}): ${names(j.steps, 'en')}`,
    })),
    ...p.exceptions.map((e) => ({
      zh: `異常 #${e.id} ${e.jobNo}（${e.customerNo}）${e.event === 'raised' ? '登記' : '處理完成'}`,
      en: `Exception #${e.id} ${e.jobNo} (${e.customerNo}) ${e.event}`,
    })),
    ...p.receipts.map((r) => ({
      zh: `收款 ${r.customerNo} ${moneyText(r.amount, r.currency as Currency)}`,
      en: `Receipt ${r.customerNo} ${moneyText(r.amount, r.currency as Currency)}`,
    })),
    ...p.visits.map((v) => ({
      zh: `拜訪 ${v.customerNo}：${v.purpose}`,
      en: `Visited ${v.customerNo}: ${v.purpose}`,
    })),
    ...p.nextDayVisits.map((v) => ({
      zh: `明日拜訪 ${v.customerNo}：${v.purpose}`,
      en: `Visit tomorrow ${v.customerNo}: ${v.purpose}`,
    })),
  ];
}

/** What the records say of `ownerId`'s working day `day` (business calendar), as of now. */
export async function diaryPrefill(db: Kysely<Database>, ownerId: string, day: string): Promise<DiaryPrefill> {
  const overrides = await listCalendarOverrides(db, day, plusDays(day, 400));
  const nextDay = addWorkingDays(day, 1, overrides);
  const facts = await findDiaryFacts(db, {
    ownerId,
    day,
    dayStart: new Date(endOfBusinessDay(plusDays(day, -1))),
    dayEnd: new Date(endOfBusinessDay(day)),
    nextDay,
    nextDayStart: new Date(endOfBusinessDay(plusDays(nextDay, -1))),
    nextDayEnd: new Date(endOfBusinessDay(nextDay)),
  });
  return {
    ...facts,
    receipts: facts.receipts.map((r) => ({
      id: r.id,
      customerNo: r.customer_no,
      currency: r.currency,
      amount: formatMoney(r.amount, r.currency as Currency),
    })),
  };
}

/** Who comments on a salesperson's submitted diary: their sales manager (own role or delegated). */
export const DIARY_COMMENTERS: readonly Role[] = ['sales_manager'];

export function diaryRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const view = async (user: CurrentUser, ownerId: string, day: string, row?: DiaryRow) => {
    const today = businessToday();
    const overrides = await listCalendarOverrides(deps.db, day, day);
    const workingDay = isWorkingDay(day, overrides);
    const owner = await findUserById(deps.db, ownerId);
    const diary = row ?? (await findDiary(deps.db, ownerId, day));
    const prefill = diary ? diary.prefill : await diaryPrefill(deps.db, ownerId, day);
    const comments = await listDiaryComments(deps.db, ownerId, day);
    const names = await findDisplayNames(deps.db, [ownerId, ...comments.map((c) => c.author_id)]);
    const actions = [];
    if (!diary && user.id === ownerId && user.role === 'sales' && workingDay && day <= today)
      actions.push({
        step: 'submit',
        method: 'PUT' as const,
        path: `/diaries/${day}`,
        labelZh: '提交成功日記',
        labelEn: 'Submit the diary',
        commentRequired: false,
        allowed: true,
      });
    if (diary && (await actorForOwner(deps, user, DIARY_COMMENTERS, ownerId, { notBy: [ownerId] })))
      actions.push({
        step: 'comments',
        method: 'POST' as const,
        path: `/diaries/${day}/comments`,
        labelZh: '批註',
        labelEn: 'Comment',
        commentRequired: true,
        allowed: true,
      });
    return {
      ownerId,
      ownerName: names.get(ownerId) ?? null,
      day,
      workingDay,
      prefill,
      prefillLines: prefillLines(prefill),
      submitted: Boolean(diary),
      todayWork: diary?.today_work ?? null,
      tomorrowPlan: diary?.tomorrow_plan ?? null,
      submittedAt: diary ? diary.submitted_at.toISOString() : null,
      onTime: diary ? diary.on_time : null,
      missing:
        diaryDayStatus({
          day,
          today,
          joinedOn: businessToday(owner?.created_at ?? new Date(0)),
          submitted: Boolean(diary),
          workingDay,
        }) === 'missing',
      comments: comments.map((c) => ({
        id: c.id,
        authorId: c.author_id,
        authorName: names.get(c.author_id) ?? null,
        comment: c.comment,
        at: c.created_at.toISOString(),
      })),
      actions,
    };
  };

  return async (app) => {
    app.get(
      '/diaries',
      {
        schema: {
          tags: ['diaries'],
          summary:
            'Who submitted the success diary on each working day of a range (default: the working day before today and today); missing ones flagged',
          querystring: ListQuery,
          response: { 200: DiaryList, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const today = businessToday();
        const overrides = await listCalendarOverrides(deps.db, plusDays(today, -400), plusDays(today, 400));
        const to = req.query.to ?? today;
        const from =
          req.query.from ?? workingDaysIn(plusDays(to, -30), plusDays(to, -1), overrides).at(-1) ?? plusDays(to, -1);
        if (from > to)
          throw new AppError('bad_request', 'from is after to', {
            fields: [{ path: 'querystring.from', message: 'after to' }],
          });
        if (plusDays(from, 62) < to)
          throw new AppError('bad_request', 'At most 62 days', {
            fields: [{ path: 'querystring.to', message: 'at most 62 days after from' }],
          });
        const ranged = await listCalendarOverrides(deps.db, from, to);
        const days = workingDaysIn(from, to, ranged);
        const owners = await ownersFor(deps.db, user, req.query.ownerId);
        // Writers are salespeople only (§2.4.9: the diary is a salesperson's duty) — a manager in their own team
        // is no writer; a salesperson since deactivated counts for the days they wrote.
        const allUsers = await listUsers(deps.db);
        // The business date each person joined: no diary is asked of them for a day before (domain/rhythm.ts).
        const joinedOn = new Map(allUsers.map((u) => [u.id, businessToday(u.created_at)]));
        const writers = new Set([
          ...allUsers.filter((u) => u.role === 'sales' && u.active).map((u) => u.id),
          ...(await listDiaries(deps.db, { from, to })).map((d) => d.owner_id),
        ]);
        const ownerIds = [...writers].filter((id) => inSight(owners, id));
        const diaries = await listDiaries(deps.db, { ownerIds, from, to });
        const names = await findDisplayNames(deps.db, ownerIds);
        const rows = [...ownerIds].sort().flatMap((ownerId) =>
          days.map((day) => {
            const d = diaries.find((x) => x.owner_id === ownerId && x.day === day);
            const status = diaryDayStatus({
              day,
              today,
              joinedOn: joinedOn.get(ownerId) ?? day,
              submitted: Boolean(d),
              workingDay: true,
            });
            return {
              ownerId,
              ownerName: names.get(ownerId) ?? null,
              day,
              submitted: Boolean(d),
              submittedAt: d ? d.submitted_at.toISOString() : null,
              onTime: d ? d.on_time : null,
              missing: status === 'missing',
              status,
              statusLabel: stateLabel('diary_day', status)!,
            };
          }),
        );
        return { from, to, days, rows, missing: rows.filter((r) => r.missing).length };
      },
    );

    app.get(
      '/diaries/:day',
      {
        schema: {
          tags: ['diaries'],
          summary: 'A day’s success diary (default mine): pre-filled facts, what was written, comments, my steps',
          params: DayParams,
          querystring: DiaryQuery,
          response: { 200: DiaryView, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const ownerId = req.query.ownerId ?? user.id;
        if (!inSight(await ownersInSight(deps.db, user), ownerId)) {
          const who = await personText(deps.db, ownerId);
          throw new AppError('not_found', `查無 ${who} 的成功日記 No diary of ${who}`);
        }
        return view(user, ownerId, req.params.day);
      },
    );

    app.put(
      '/diaries/:day',
      {
        schema: {
          tags: ['diaries'],
          summary:
            'Submit my success diary of a working day (today or a missed one; once): the pre-filled facts are kept with it',
          headers: IdempotencyHeaders,
          params: DayParams,
          body: DiaryBody,
          response: { 200: DiaryView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, ['sales'], 'submit diaries');
        const key = idempotencyKeyOf(req);
        const { day } = req.params;
        const today = businessToday();
        if (day > today)
          throw new AppError('unprocessable', `${day} 晚於今天 ${day} is in the future`, {
            field: 'day',
            reason: 'in_future',
          });
        if (!isWorkingDay(day, await listCalendarOverrides(deps.db, day, day)))
          throw new AppError('unprocessable', `${day} 不是工作日 ${day} is not a working day`, {
            field: 'day',
            reason: 'not_working_day',
          });
        const prefill = await diaryPrefill(deps.db, user.id, day);
        const recordId = `${user.id}:${day}`;
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'diary', recordId, key)) return;
          if (await findDiary(trx, user.id, day))
            throw new AppError('conflict', `${day} 的成功日記已提交 The diary of ${day} is submitted already`, {
              reason: 'already_submitted',
            });
          const onTime = diaryOnTime(today, day);
          await insertDiary(trx, { ownerId: user.id, day, ...req.body, prefill, onTime });
          // The morning-after flag of a missing diary (activities/rhythm.activities.ts) is done.
          await moveWorkItem(trx, { recordType: 'diary_reminder', recordId, closedBy: user.id, next: null });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'diary',
            recordId,
            action: 'diary.submitted',
            toState: 'submitted',
            changes: { day, todayWork: req.body.todayWork, tomorrowPlan: req.body.tomorrowPlan, onTime },
            idempotencyKey: key,
          });
        });
        return view(user, user.id, day);
      },
    );

    app.post(
      '/diaries/:day/comments',
      {
        schema: {
          tags: ['diaries'],
          summary: 'Comment on a team member’s submitted diary (their sales manager)',
          headers: IdempotencyHeaders,
          params: DayParams,
          body: CommentBody,
          response: { 200: DiaryView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const key = idempotencyKeyOf(req);
        const { day } = req.params;
        const { ownerId, comment } = req.body;
        const who = await personText(deps.db, ownerId);
        const notFound = () => new AppError('not_found', `查無 ${who} ${day} 的成功日記 No diary of ${who} on ${day}`);
        // Their sales manager, or whoever holds that manager's delegation (on the manager's behalf); never one's own.
        const actor = await resolveActorFor(deps, user, DIARY_COMMENTERS, ownerId, {
          notBy: [ownerId],
          outOfSight: notFound,
        });
        const diary = await findDiary(deps.db, ownerId, day);
        if (!diary) throw notFound();
        const recordId = `${ownerId}:${day}`;
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'diary', recordId, key)) return;
          const c = await insertDiaryComment(trx, { ownerId, day, authorId: user.id, comment });
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'diary',
            recordId,
            action: 'diary.commented',
            fromState: 'submitted',
            toState: 'submitted',
            comment,
            changes: { commentId: c.id },
            idempotencyKey: key,
          });
        });
        return view(user, ownerId, day, diary);
      },
    );
  };
}
