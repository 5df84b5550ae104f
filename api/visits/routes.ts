/**
 * Customer visits 客戶訪問 (issue 14; §2.3.2, §2.4.7, §3.2.7–§3.2.8): the week's visit plan 客戶訪問周計劃表,
 * appointments and their re-confirm reminder, the visit record 客戶訪問表 with follow-ups in the inbox, the
 * weekly visit report 客戶訪問周報表 and the customers not visited this month (§2.2.5).
 * A salesperson plans and records their own customers' visits; a sales manager reads the team's; auditors
 * read all. Every write is audited and idempotent (Idempotency-Key).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { findDisplayNames, findUserById } from '../../db/user.repository';
import {
  findFollowUp,
  findVisit,
  findVisitPlan,
  insertFollowUps,
  insertVisit,
  insertVisitPlan,
  listCustomersNotVisited,
  listVisits,
  lockFollowUp,
  lockVisit,
  markFollowUpDone,
  updateVisit,
} from '../../db/visit.repository';
import type { VisitRow } from '../../db/visit.table';
import { moveWorkItem } from '../../db/work-item.repository';
import { listCalendarOverrides } from '../../db/calendar.repository';
import { plusDays } from '../../domain/calendar';
import { refusalNames, stateLabel } from '../../domain/labels';
import { wrongStateRefusal } from '../../machines/permission';
import {
  defaultPlannedAt,
  isWeekStart,
  needsReconfirm,
  plannedInPast,
  planOnTime,
  planOverdue,
  weekStartOf,
  type VisitRecord,
} from '../../domain/visit';
import { businessDateTime, businessInstant, businessToday, endOfBusinessDay } from '../../lib/dates';
import { joinedDates } from '../plans/views';
import { AppError } from '../../lib/errors';
import { actorsFor, forbiddenFor, resolveActorAs } from '../acting';
import { currentUser, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses } from '../schemas';
import {
  inSight,
  outOfSight,
  FOLLOW_UP_OWNERS,
  ownersFor,
  ownersInSight,
  requireVisitReader,
  visitSalespeople,
  VISIT_WRITERS,
} from './access';
import { armVisitReminder, endVisitReminder } from './reminder';
import {
  AppointmentBody,
  CancelBody,
  DoneBody,
  FollowUpParams,
  FollowUpView,
  NewVisit,
  NotVisited,
  NotVisitedQuery,
  OwnerQuery,
  RecordBody,
  TeamPlansQuery,
  TeamVisitPlans,
  VisitDetail,
  VisitParams,
  VisitPlanView,
  VisitView,
  WeekParams,
  WeeklyReport,
} from './schemas';
import { serviceRecordOf, visitViews } from './views';

const RECORD = 'visit';

/** The visit when `user` may see it; 404 otherwise (the same answer as for none). */
async function visibleVisit(
  deps: ApiDeps,
  user: CurrentUser,
  id: number,
): Promise<VisitRow & { customer_name: string }> {
  const v = await findVisit(deps.db, id);
  if (!v || !inSight(await ownersInSight(deps.db, user), v.owner_id))
    throw new AppError('not_found', '查無此拜訪 No such visit');
  const c = await findCustomerByNo(deps.db, v.customer_no);
  return { ...v, customer_name: c?.full_name ?? v.customer_no };
}

/** A visit step's preconditions: its salesperson, and the visit still planned (409 wrong_state). */
function mustBeOwnPlanned(user: CurrentUser, v: VisitRow, event: string): void {
  if (v.owner_id !== user.id)
    throw new AppError('forbidden', '拜訪只由其業務員填寫 Only the visit’s salesperson writes it', {
      reason: 'not_owner',
    });
  if (v.status !== 'planned') {
    const refused = wrongStateRefusal(event, v.status, refusalNames(RECORD));
    throw new AppError(refused.kind, refused.message, { reason: refused.reason, ...refused.details });
  }
}

/** 422 not_week_start: a week is named by its Monday. */
const notMonday = (week: string) =>
  new AppError('unprocessable', `${week} 不是星期一 ${week} is not a Monday`, {
    field: 'week',
    reason: 'not_week_start',
  });

/** 422 in_future when the time an appointment was confirmed lies in the future. */
const notFuture = (field: 'appointmentConfirmedAt' | 'confirmedAt', at: Date) => {
  if (at.getTime() > Date.now() + 60_000)
    throw new AppError('unprocessable', `確認時間不可晚於現在 ${field} ${businessDateTime(at)} is in the future`, {
      field,
      reason: 'in_future',
    });
};

/** 422 in_past when a planned (appointment) time lies in the past (`plannedInPast`): every route that sets one. */
const notPast = (field: string, at: Date) => {
  if (plannedInPast(at))
    throw new AppError(
      'unprocessable',
      `拜訪時間不可早於現在 ${field} ${businessDateTime(at)} is in the past: a visit is planned for a time to come`,
      { field, reason: 'in_past' },
    );
};

/**
 * The salespeople a team view lists, by id: the one named by `ownerId`; else the active ones the caller's
 * picker offers and any other owner of a listed visit (a salesperson: themself).
 */
function listedOwners(
  user: CurrentUser,
  ownerId: string | undefined,
  salespeople: readonly { id: string; active: boolean }[],
  rows: readonly { owner_id: string }[],
): string[] {
  if (ownerId !== undefined) return [ownerId];
  const ids = [
    ...(user.role === 'sales' ? [user.id] : []),
    ...salespeople.filter((p) => p.active).map((p) => p.id),
    ...rows.map((r) => r.owner_id),
  ];
  return [...new Set(ids)].sort();
}

export function visitRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  /** `defaultPlannedAt` (domain/visit.ts) of plan week `week`, with the admin's calendar overrides. */
  const plannedDefault = async (week: string) => {
    const today = businessToday();
    const overrides = await listCalendarOverrides(deps.db, today, plusDays(week > today ? week : today, 60));
    return defaultPlannedAt(today, week, overrides);
  };
  const one = async (user: CurrentUser, id: number) =>
    (await visitViews(deps.db, user, [await visibleVisit(deps, user, id)]))[0]!;

  /** Arms or ends the re-confirm reminder to match the visit as it stands. */
  const syncReminder = async (v: VisitRow, reconfirmed: boolean) => {
    if (v.status !== 'planned') return endVisitReminder(deps, v.id, v.status === 'recorded' ? 'recorded' : 'cancelled');
    if (v.appointment_confirmed_at && needsReconfirm(v.appointment_confirmed_at, v.planned_at))
      return armVisitReminder(deps, {
        visitId: v.id,
        customerNo: v.customer_no,
        ownerId: v.owner_id,
        plannedAt: v.planned_at,
      });
    if (reconfirmed) return endVisitReminder(deps, v.id, 'reconfirmed');
  };

  return async (app) => {
    app.post(
      '/visits',
      {
        schema: {
          tags: ['visits'],
          summary: 'Plan a visit to one of my customers 客戶訪問計劃 (in the week of its planned time)',
          headers: IdempotencyHeaders,
          body: NewVisit,
          response: { 201: VisitView, 200: VisitView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, VISIT_WRITERS, 'plan visits');
        const key = idempotencyKeyOf(req);
        const prior = await findRefForKey(deps.db, user.id, 'visit', key);
        if (prior !== undefined) return reply.status(200).send(await one(user, prior));
        const b = req.body;
        const customer = await findCustomerByNo(deps.db, b.customerNo);
        if (!customer || customer.owner_id !== user.id)
          throw new AppError('not_found', `查無客戶 ${b.customerNo} No customer ${b.customerNo}`);
        if (customer.status === 'terminated')
          throw new AppError(
            'unprocessable',
            `客戶 ${b.customerNo} ${customer.full_name} 已終止合作 Customer ${b.customerNo} ${customer.full_name} is terminated`,
            {
              reason: 'customer_terminated',
            },
          );
        const plannedAt = businessInstant(b.plannedAt);
        notPast('plannedAt', plannedAt);
        const confirmedAt = b.appointmentConfirmedAt ? businessInstant(b.appointmentConfirmedAt) : null;
        if (confirmedAt) notFuture('appointmentConfirmedAt', confirmedAt);
        if (confirmedAt && confirmedAt.getTime() > plannedAt.getTime())
          throw new AppError('unprocessable', '約見確認時間晚於拜訪時間 The appointment is confirmed after the visit', {
            field: 'appointmentConfirmedAt',
          });
        const v = await deps.db.transaction().execute(async (trx) => {
          const row = await insertVisit(trx, {
            customerNo: b.customerNo,
            ownerId: user.id,
            weekStart: weekStartOf(businessToday(plannedAt)),
            plannedAt,
            purpose: b.purpose,
            questions: b.questions ?? null,
            material: b.material ?? null,
            appointmentConfirmedAt: confirmedAt,
          });
          await recordRefForKey(trx, user.id, 'visit', key, row.id);
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(row.id),
            action: 'visit.planned',
            toState: 'planned',
            changes: {
              customerNo: b.customerNo,
              plannedAt: plannedAt.toISOString(),
              purpose: b.purpose,
              appointmentConfirmedAt: confirmedAt?.toISOString() ?? null,
            },
            idempotencyKey: key,
          });
          return row;
        });
        await syncReminder(v, false);
        return reply.status(201).send(await one(user, v.id));
      },
    );

    app.get(
      '/visits/:visitId',
      {
        schema: {
          tags: ['visits'],
          summary: 'A visit with its follow-ups, my steps, and the customer’s recent service record',
          params: VisitParams,
          response: { 200: VisitDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const v = await visibleVisit(deps, user, req.params.visitId);
        const [view] = await visitViews(deps.db, user, [v]);
        return { ...view!, serviceRecord: await serviceRecordOf(deps.db, v.customer_no) };
      },
    );

    app.post(
      '/visits/:visitId/appointment',
      {
        schema: {
          tags: ['visits'],
          summary:
            'Record that the appointment was confirmed by phone (§2.4.7), optionally at a new time; more than two days ahead it is re-confirmed the day before',
          headers: IdempotencyHeaders,
          params: VisitParams,
          body: AppointmentBody,
          response: { 200: VisitView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, VISIT_WRITERS, 'confirm visits');
        const key = idempotencyKeyOf(req);
        const id = req.params.visitId;
        const seen = await visibleVisit(deps, user, id);
        const confirmedAt = req.body.confirmedAt ? businessInstant(req.body.confirmedAt) : new Date();
        notFuture('confirmedAt', confirmedAt);
        const newPlannedAt = req.body.plannedAt ? businessInstant(req.body.plannedAt) : undefined;
        if (newPlannedAt) notPast('plannedAt', newPlannedAt);
        const v = await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, RECORD, String(id), key)) return (await lockVisit(trx, id))!;
          const cur = (await lockVisit(trx, id))!;
          mustBeOwnPlanned(user, cur, 'visit.appointment_confirmed');
          const plannedAt = newPlannedAt ?? cur.planned_at;
          if (confirmedAt.getTime() > plannedAt.getTime())
            throw new AppError(
              'unprocessable',
              '約見確認時間晚於拜訪時間 The appointment is confirmed after the visit',
              {
                field: 'confirmedAt',
              },
            );
          const next = await updateVisit(trx, id, {
            appointmentConfirmedAt: confirmedAt,
            plannedAt,
            weekStart: weekStartOf(businessToday(plannedAt)),
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(id),
            action: 'visit.appointment_confirmed',
            fromState: 'planned',
            toState: 'planned',
            changes: {
              confirmedAt: confirmedAt.toISOString(),
              plannedAt: { from: cur.planned_at.toISOString(), to: plannedAt.toISOString() },
            },
            idempotencyKey: key,
          });
          return next;
        });
        await syncReminder(v, true);
        return (await visitViews(deps.db, user, [{ ...v, customer_name: seen.customer_name }]))[0]!;
      },
    );

    app.post(
      '/visits/:visitId/record',
      {
        schema: {
          tags: ['visits'],
          summary:
            'Record the visit 客戶訪問表 (§3.2.8): who was met, what the customer said, volume and plans, others’ standing, follow-ups (each into its owner’s inbox)',
          headers: IdempotencyHeaders,
          params: VisitParams,
          body: RecordBody,
          response: { 200: VisitView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, VISIT_WRITERS, 'record visits');
        const key = idempotencyKeyOf(req);
        const id = req.params.visitId;
        const seen = await visibleVisit(deps, user, id);
        const b = req.body;
        /** When the visit took place: as given, else its planned time; never in the future (422 in_future). */
        const whenVisited = (plannedAt: Date) => {
          const at = b.visitedAt ? businessInstant(b.visitedAt) : plannedAt;
          if (at.getTime() > Date.now() + 60_000)
            throw new AppError(
              'unprocessable',
              b.visitedAt
                ? `拜訪時間不可晚於現在 visitedAt ${businessDateTime(at)} is in the future`
                : `拜訪時間不可晚於現在（未填時為計劃時間 ${businessDateTime(at)}）：請填寫實際拜訪時間 visitedAt ${businessDateTime(at)} is in the future (the planned time, the default): give when the visit took place`,
              { field: 'visitedAt', reason: 'in_future' },
            );
          return { at, on: businessToday(at) };
        };
        const visitedOn = whenVisited(seen.planned_at).on;
        // Follow-ups go to the salesperson or their sales manager (§2.4.7: what one cannot solve goes up).
        const owners = new Set([user.id, ...(user.managerId ? [user.managerId] : [])]);
        for (const [i, f] of b.followUps.entries()) {
          if (!owners.has(f.ownerId))
            throw new AppError(
              'unprocessable',
              `第 ${i + 1} 項跟進須由您或您的業務經理負責 follow-up ${i + 1} must be yours or your sales manager’s`,
              {
                field: `followUps.${i}.ownerId`,
                reason: 'follow_up_owner',
              },
            );
          if (f.dueOn < visitedOn)
            throw new AppError('unprocessable', '不可早於拜訪日 must not be before the visit', {
              field: `followUps.${i}.dueOn`,
            });
        }
        if (user.managerId && b.followUps.some((f) => f.ownerId === user.managerId)) {
          const manager = await findUserById(deps.db, user.managerId);
          if (!manager?.active)
            throw new AppError(
              'unprocessable',
              `您的業務經理 ${manager?.display_name ?? ''} 已停用 Your sales manager ${manager?.display_name ?? ''} is not active`,
              {
                reason: 'follow_up_owner',
              },
            );
        }
        const { followUps: _f, visitedAt: _d, ...said } = b;
        const record: VisitRecord = said;
        const v = await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, RECORD, String(id), key)) return (await lockVisit(trx, id))!;
          const cur = (await lockVisit(trx, id))!;
          mustBeOwnPlanned(user, cur, 'visit.recorded');
          const visited = whenVisited(cur.planned_at);
          const next = await updateVisit(trx, id, { status: 'recorded', visitedAt: visited, record });
          const made = await insertFollowUps(trx, id, b.followUps);
          for (const f of made) {
            await moveWorkItem(trx, {
              recordType: 'visit_follow_up',
              recordId: String(f.id),
              closedBy: user.id,
              next: {
                step: 'visit.follow_up',
                role: f.owner_id === user.id ? 'sales' : 'sales_manager',
                // The salesperson: a manager's item is shown to that salesperson's manager.
                ownerId: user.id,
                customerNo: cur.customer_no,
                summary: {
                  stepLabel: `拜訪跟進 Visit follow-up：${f.action}`,
                  assigneeId: f.owner_id,
                  visitId: id,
                },
                dueAt: endOfBusinessDay(f.due_on),
              },
            });
          }
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(id),
            action: 'visit.recorded',
            fromState: 'planned',
            toState: 'recorded',
            changes: {
              visitedAt: visited.at.toISOString(),
              ...record,
              followUps: made.map((f) => ({ id: f.id, action: f.action, ownerId: f.owner_id, dueOn: f.due_on })),
            },
            idempotencyKey: key,
          });
          return next;
        });
        await syncReminder(v, false);
        return (await visitViews(deps.db, user, [{ ...v, customer_name: seen.customer_name }]))[0]!;
      },
    );

    app.post(
      '/visits/:visitId/cancel',
      {
        schema: {
          tags: ['visits'],
          summary: 'Cancel a planned visit, with the reason',
          headers: IdempotencyHeaders,
          params: VisitParams,
          body: CancelBody,
          response: { 200: VisitView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, VISIT_WRITERS, 'cancel visits');
        const key = idempotencyKeyOf(req);
        const id = req.params.visitId;
        const seen = await visibleVisit(deps, user, id);
        const v = await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, RECORD, String(id), key)) return (await lockVisit(trx, id))!;
          const cur = (await lockVisit(trx, id))!;
          mustBeOwnPlanned(user, cur, 'visit.cancelled');
          const next = await updateVisit(trx, id, { status: 'cancelled', cancelReason: req.body.comment });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(id),
            action: 'visit.cancelled',
            fromState: 'planned',
            toState: 'cancelled',
            comment: req.body.comment,
            idempotencyKey: key,
          });
          return next;
        });
        await syncReminder(v, false);
        return (await visitViews(deps.db, user, [{ ...v, customer_name: seen.customer_name }]))[0]!;
      },
    );

    app.post(
      '/visit-follow-ups/:followUpId/done',
      {
        schema: {
          tags: ['visits'],
          summary: 'Mark a visit follow-up done (its owner); its inbox item closes',
          headers: IdempotencyHeaders,
          params: FollowUpParams,
          body: DoneBody,
          response: { 200: FollowUpView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        if (!(await actorsFor(deps, user, FOLLOW_UP_OWNERS)).length) throw forbiddenFor(user, FOLLOW_UP_OWNERS);
        const key = idempotencyKeyOf(req);
        const id = req.params.followUpId;
        const f0 = await findFollowUp(deps.db, id);
        const visit = f0 ? await findVisit(deps.db, f0.visit_id) : undefined;
        if (!f0 || !visit || !inSight(await ownersInSight(deps.db, user), visit.owner_id))
          throw new AppError('not_found', '查無此跟進事項 No such follow-up');
        const f = await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'visit_follow_up', String(id), key)) return (await lockFollowUp(trx, id))!;
          const cur = (await lockFollowUp(trx, id))!;
          // Its owner, or whoever holds the owner's delegation (on the owner's behalf).
          const actor = await resolveActorAs(deps, user, FOLLOW_UP_OWNERS, cur.owner_id);
          if (cur.done_at)
            throw new AppError('conflict', '此跟進事項已完成 The follow-up is done already', { reason: 'wrong_state' });
          const next = await markFollowUpDone(trx, id, user.id, req.body.note ?? null);
          await moveWorkItem(trx, {
            recordType: 'visit_follow_up',
            recordId: String(id),
            closedBy: user.id,
            next: null,
          });
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'visit_follow_up',
            recordId: String(id),
            action: 'visit.follow_up_done',
            fromState: 'open',
            toState: 'done',
            comment: req.body.note ?? null,
            changes: { visitId: cur.visit_id, action: cur.action },
            idempotencyKey: key,
          });
          return next;
        });
        const names = await findDisplayNames(deps.db, [f.owner_id, ...(f.done_by ? [f.done_by] : [])]);
        return {
          id: f.id,
          visitId: f.visit_id,
          action: f.action,
          ownerId: f.owner_id,
          ownerName: names.get(f.owner_id) ?? null,
          dueOn: f.due_on,
          doneAt: f.done_at ? f.done_at.toISOString() : null,
          doneByName: f.done_by ? (names.get(f.done_by) ?? null) : null,
          doneNote: f.done_note,
          overdue: false,
        };
      },
    );

    app.get(
      '/visit-plans',
      {
        schema: {
          tags: ['visits'],
          summary:
            'The team view of a week’s visit plans 客戶訪問周計劃表: each salesperson in sight (ownerId: one), submitted or not, with the week’s visits',
          querystring: TeamPlansQuery,
          response: { 200: TeamVisitPlans, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const week = req.query.week ?? weekStartOf(businessToday());
        if (!isWeekStart(week)) throw notMonday(week);
        const owners = await ownersFor(deps.db, user, req.query.ownerId);
        const [rows, salespeople] = await Promise.all([
          listVisits(deps.db, { ownerIds: owners, weekStart: week }),
          visitSalespeople(deps.db, user),
        ]);
        const views = await visitViews(deps.db, user, rows);
        const ownerIds = listedOwners(user, req.query.ownerId, salespeople, rows);
        const [names, plans] = await Promise.all([
          findDisplayNames(deps.db, ownerIds),
          Promise.all(ownerIds.map((o) => findVisitPlan(deps.db, o, week))),
        ]);
        return {
          week,
          salespeople,
          plans: ownerIds.map((ownerId, i) => ({
            ownerId,
            ownerName: names.get(ownerId) ?? null,
            submittedAt: plans[i] ? plans[i].submitted_at.toISOString() : null,
            onTime: plans[i] ? plans[i].on_time : null,
            visits: views.filter((v) => v.ownerId === ownerId),
          })),
        };
      },
    );

    app.get(
      '/visit-plans/:week',
      {
        schema: {
          tags: ['visits'],
          summary:
            'The week’s visit plan 客戶訪問周計劃表 of a salesperson (default me) and whether it was submitted in time',
          params: WeekParams,
          querystring: OwnerQuery,
          response: { 200: VisitPlanView, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const { week } = req.params;
        if (!isWeekStart(week)) throw notMonday(week);
        const ownerId = req.query.ownerId ?? user.id;
        if (!inSight(await ownersInSight(deps.db, user), ownerId)) throw await outOfSight(deps.db, ownerId);
        const [plan, rows, names, joined] = await Promise.all([
          findVisitPlan(deps.db, ownerId, week),
          listVisits(deps.db, { ownerIds: [ownerId], weekStart: week }),
          findDisplayNames(deps.db, [ownerId]),
          joinedDates(deps.db, [ownerId]),
        ]);
        return {
          week,
          ownerId,
          ownerName: names.get(ownerId) ?? null,
          submittedAt: plan ? plan.submitted_at.toISOString() : null,
          onTime: plan ? plan.on_time : null,
          overdue: planOverdue(!!plan, businessToday(), week, joined.get(ownerId) ?? businessToday()),
          defaultPlannedAt: await plannedDefault(week),
          visits: await visitViews(deps.db, user, rows),
        };
      },
    );

    app.post(
      '/visit-plans/:week/submit',
      {
        schema: {
          tags: ['visits'],
          summary:
            'Submit my visit plan of the week to the sales manager (before the week starts; later is marked late)',
          headers: IdempotencyHeaders,
          params: WeekParams,
          response: { 200: VisitPlanView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, VISIT_WRITERS, 'submit visit plans');
        const key = idempotencyKeyOf(req);
        const { week } = req.params;
        if (!isWeekStart(week)) throw notMonday(week);
        const today = businessToday();
        if (week < weekStartOf(today))
          throw new AppError('unprocessable', `${week} 起的一週已過 The week of ${week} is over`, {
            field: 'week',
            reason: 'in_past',
          });
        await deps.db.transaction().execute(async (trx) => {
          const recordId = `${user.id}:${week}`;
          if (await findAuditByKey(trx, 'visit_plan', recordId, key)) return;
          if (await findVisitPlan(trx, user.id, week))
            throw new AppError(
              'conflict',
              `${week} 起一週的拜訪計劃已提交 The plan of the week of ${week} is submitted already`,
              {
                reason: 'already_submitted',
              },
            );
          const visits = await listVisits(trx, { ownerIds: [user.id], weekStart: week, status: 'planned' });
          if (visits.length === 0)
            throw new AppError(
              'unprocessable',
              `${week} 起一週沒有已計劃的拜訪 The plan of the week of ${week} has no planned visit`,
              {
                reason: 'empty_plan',
              },
            );
          const joined = await joinedDates(trx, [user.id]);
          const onTime = planOnTime(today, week, joined.get(user.id) ?? today);
          await insertVisitPlan(trx, { ownerId: user.id, weekStart: week, onTime });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'visit_plan',
            recordId,
            action: 'visit_plan.submitted',
            toState: 'submitted',
            changes: { week, visits: visits.map((v) => v.id), onTime },
            idempotencyKey: key,
          });
        });
        const [plan, rows, names] = await Promise.all([
          findVisitPlan(deps.db, user.id, week),
          listVisits(deps.db, { ownerIds: [user.id], weekStart: week }),
          findDisplayNames(deps.db, [user.id]),
        ]);
        return {
          week,
          ownerId: user.id,
          ownerName: names.get(user.id) ?? null,
          submittedAt: plan!.submitted_at.toISOString(),
          onTime: plan!.on_time,
          overdue: false,
          defaultPlannedAt: await plannedDefault(week),
          visits: await visitViews(deps.db, user, rows),
        };
      },
    );

    app.get(
      '/visit-reports/weekly/:week',
      {
        schema: {
          tags: ['visits'],
          summary:
            'The weekly visit report 客戶訪問周報表, generated from the week’s visits and records: per salesperson in sight (ownerId narrows)',
          params: WeekParams,
          querystring: OwnerQuery,
          response: { 200: WeeklyReport, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const { week } = req.params;
        if (!isWeekStart(week)) throw notMonday(week);
        const owners = await ownersFor(deps.db, user, req.query.ownerId);
        const rows = await listVisits(deps.db, { ownerIds: owners, reportWeek: week });
        const views = await visitViews(deps.db, user, rows);
        const salespeople = await visitSalespeople(deps.db, user);
        const ownerIds = listedOwners(user, req.query.ownerId, salespeople, rows);
        const names = await findDisplayNames(deps.db, ownerIds);
        const plans = await Promise.all(ownerIds.map((o) => findVisitPlan(deps.db, o, week)));
        return {
          week,
          salespeople,
          owners: ownerIds.map((ownerId, i) => {
            const mine = views.filter((v) => v.ownerId === ownerId);
            const followUps = mine.flatMap((v) => v.followUps);
            return {
              ownerId,
              ownerName: names.get(ownerId) ?? null,
              planSubmittedAt: plans[i] ? plans[i].submitted_at.toISOString() : null,
              planned: mine.length,
              recorded: mine.filter((v) => v.status === 'recorded').length,
              cancelled: mine.filter((v) => v.status === 'cancelled').length,
              stillPlanned: mine.filter((v) => v.status === 'planned').length,
              followUps: followUps.length,
              openFollowUps: followUps.filter((f) => !f.doneAt).length,
              customersVisited: [...new Set(mine.filter((v) => v.status === 'recorded').map((v) => v.customerNo))],
              visits: mine,
            };
          }),
        };
      },
    );

    app.get(
      '/visit-reports/not-visited',
      {
        schema: {
          tags: ['visits'],
          summary:
            'Customers not visited in the month (§2.2.5: every customer at least once a month), longest unvisited first',
          querystring: NotVisitedQuery,
          response: { 200: NotVisited, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireVisitReader(deps.db, req);
        const month = req.query.month ?? businessToday().slice(0, 7);
        const from = `${month}-01`;
        const to = plusDays(`${plusDays(from, 31).slice(0, 7)}-01`, -1);
        const owners = await ownersFor(deps.db, user, req.query.ownerId);
        const rows = await listCustomersNotVisited(deps.db, { ownerIds: owners, from, to });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.owner_id),
        );
        return {
          month,
          salespeople: await visitSalespeople(deps.db, user),
          customers: rows.map((r) => ({
            customerNo: r.customer_no,
            customerName: r.full_name,
            ownerId: r.owner_id,
            ownerName: names.get(r.owner_id) ?? null,
            status: r.status,
            statusLabel: stateLabel('customer', r.status),
            lastVisitedOn: r.last_visited_on,
          })),
        };
      },
    );
  };
}
