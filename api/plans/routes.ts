/**
 * Plans and summaries 計劃與總結 (§2.1–§2.3): a salesperson writes the weekly, monthly or annual report of a
 * period (targets, sections, the next period's targets), submits it to their sales manager, who accepts it
 * or returns it with a comment (machines/plan.machine.ts). Every change is audited (`plan`, `<id>`),
 * idempotent by `Idempotency-Key`, and moves the plan's inbox item (author → manager → author).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { transition } from 'xstate';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { listCalendarOverrides } from '../../db/calendar.repository';
import type { Database } from '../../db/database';
import { findPlan, findPlanByPeriod, insertPlan, listPlans, lockPlan, updatePlan } from '../../db/plan.repository';
import type { PlanRow } from '../../db/plan.table';
import { findDisplayNames, listUsers } from '../../db/user.repository';
import { moveWorkItem } from '../../db/work-item.repository';
import { deadlineApplies, reminderRecordId } from '../../domain/rhythm';
import {
  defaultPeriodsOf,
  owedDefaultPeriods,
  defaultPeriodWindow,
  dueDateOf,
  dueWindow,
  NOT_STARTED_LABEL,
  PLAN_KIND_LABELS,
  PLAN_KINDS,
  periodOf,
  periodRange,
  previousPeriod,
  type PlanKind,
  type PlanTargets,
} from '../../domain/plan';
import { refusalNames, stateLabel } from '../../domain/labels';
import { businessToday, endOfBusinessDay } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { refusalOf } from '../../machines/permission';
import { planMachine, planSnapshot, type PlanEvent, type PlanStatus } from '../../machines/plan.machine';
import type { Role } from '../../machines/roles';
import { requireActing, resolveActor, resolveActorFor } from '../acting';
import { actorOf, currentUser, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { once } from '../receivables/entries';
import { commentBody, errorResponses, requiredCommentBody } from '../schemas';
import {
  CreatePlanBody,
  DeadlinesQuery,
  DeadlineView,
  DefaultPeriods,
  EditPlanBody,
  PlanParams,
  PlanQuery,
  PlanSummaryView,
  PlanView,
} from './schemas';
import { salesAnalysisRoutes } from './sales-analysis';
import { dueAtOf } from '../../db/due-time';
import {
  joinedDates,
  noPlan,
  notBegun,
  PLAN_READERS,
  planScopeOf,
  planText,
  planView,
  toPlanSummary,
  visiblePlan,
} from './views';

/** Who writes plans and summaries (§2.1–§2.3): salespeople. */
export const AUTHORS: readonly Role[] = ['sales'];
const MANAGERS: readonly Role[] = ['sales_manager'];

/**
 * The inbox item of a plan in `status`: the author writes or revises it (due at the report's due time), the manager
 * reviews it (due `reviewDueAt`, INBOX_SLA_PLAN_REVIEW after submission); none once accepted.
 */
function inboxItemOf(p: PlanRow, status: PlanStatus, reviewDueAt: string | null = null) {
  if (status === 'accepted') return null;
  const { zh, en } = PLAN_KIND_LABELS[p.kind];
  const step = status === 'submitted' ? 'plan.review' : status === 'returned' ? 'plan.revise' : 'plan.write';
  const [doZh, doEn] =
    status === 'submitted'
      ? ['待審閱', 'To review']
      : status === 'returned'
        ? ['已退回，請修改', 'Returned, to revise']
        : ['待提交', 'To submit'];
  // As the rhythm's reminders word theirs (activities/rhythm.activities.ts): 「待填寫 月計劃與總結 2026-11 To write: …」.
  const stepLabel = `${doZh} ${zh} ${p.period} ${doEn}: ${en}`;
  return {
    step,
    role: status === 'submitted' ? 'sales_manager' : 'sales',
    ownerId: p.owner_id,
    customerNo: null,
    summary: { stepLabel },
    dueAt: status === 'submitted' ? reviewDueAt : p.due_at.toISOString(),
  };
}

/** The machine's verdict on `event` for a plan in `status`: the next status, or the refusal as an AppError. */
function nextStatus(p: PlanRow, event: PlanEvent): PlanStatus {
  const snapshot = planSnapshot(p.status, p.owner_id);
  const refused = refusalOf(snapshot, event, p.status, refusalNames('plan'));
  if (refused) throw new AppError(refused.kind, refused.message, { reason: refused.reason, ...refused.details });
  return transition(planMachine, snapshot, event)[0].value as PlanStatus;
}

/** The period's due date and instant, from the business calendar with the admin's overrides. */
async function dueOf(db: ApiDeps['db'], kind: PlanKind, period: string) {
  const w = dueWindow(kind, period);
  const dueOn = dueDateOf(kind, period, await listCalendarOverrides(db, w.from, w.to));
  return { dueOn, dueAt: endOfBusinessDay(dueOn) };
}

const sectionsOf = (s: Record<string, string | undefined>): Record<string, string> =>
  Object.fromEntries(Object.entries(s).filter((e): e is [string, string] => typeof e[1] === 'string'));

export function planRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    await app.register(salesAnalysisRoutes(deps));
    const readers = async (req: Parameters<typeof requireRole>[0]) => {
      await requireActing(deps, req, PLAN_READERS, 'read plans and summaries');
    };

    app.post(
      '/plans',
      {
        schema: {
          tags: ['plans'],
          summary: 'A salesperson starts the report of a period that has begun: weekly, monthly or annual (draft)',
          headers: IdempotencyHeaders,
          body: CreatePlanBody,
          response: { 201: PlanView, 200: PlanView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, AUTHORS, 'write plans and summaries');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        const range = periodRange(b.kind, b.period);
        if (range.from > businessToday())
          throw new AppError('unprocessable', notBegun(b.kind, b.period), {
            reason: 'period_not_started',
            field: 'period',
          });
        const due = await dueOf(deps.db, b.kind, b.period);
        const { ref, replay } = await once(deps.db, user.id, 'plan', key, async (trx) => {
          const taken = await findPlanByPeriod(trx, user.id, b.kind, b.period);
          if (taken)
            throw new AppError(
              'conflict',
              `您的「${planText(taken).zh}」已存在 Your ${planText(taken).en} exists already`,
              { reason: 'duplicate', planId: taken.id },
            );
          const previous = await findPlanByPeriod(trx, user.id, b.kind, previousPeriod(b.kind, b.period));
          const targets: PlanTargets | null = b.targets !== undefined ? b.targets : (previous?.next_targets ?? null);
          const row = await insertPlan(trx, {
            kind: b.kind,
            period: b.period,
            ownerId: user.id,
            periodFrom: range.from,
            periodTo: range.to,
            dueOn: due.dueOn,
            dueAt: due.dueAt,
            targets,
            nextTargets: b.nextTargets,
            nextQuarters: b.kind === 'annual' ? b.nextQuarters : null,
            sections: sectionsOf(b.sections),
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'plan',
            recordId: String(row.id),
            action: 'plan.drafted',
            toState: 'draft',
            changes: {
              kind: b.kind,
              period: b.period,
              dueOn: due.dueOn,
              targetsFrom: b.targets !== undefined ? 'entered' : previous ? `plan ${previous.id}` : null,
            },
            idempotencyKey: key,
          });
          await moveWorkItem(trx, {
            recordType: 'plan',
            recordId: String(row.id),
            closedBy: user.id,
            next: inboxItemOf(row, 'draft'),
          });
          // The rhythm's "to write" item of the missing report (activities/rhythm.activities.ts) gives way to the draft's.
          await moveWorkItem(trx, {
            recordType: 'plan_reminder',
            recordId: reminderRecordId(user.id, b.kind, b.period),
            closedBy: user.id,
            next: null,
          });
          return row.id;
        });
        const row = (await findPlan(deps.db, ref))!;
        return reply.status(replay ? 200 : 201).send(await planView(deps.db, user, row));
      },
    );

    app.put(
      '/plans/:planId',
      {
        schema: {
          tags: ['plans'],
          summary: 'The author changes a draft or returned report (targets, next targets, sections)',
          headers: IdempotencyHeaders,
          params: PlanParams,
          body: EditPlanBody,
          response: { 200: PlanView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, AUTHORS, 'write plans and summaries');
        const key = idempotencyKeyOf(req);
        const { planId } = req.params;
        const scope = await planScopeOf(deps.db, user);
        visiblePlan(scope, planId, await findPlan(deps.db, planId));
        const b = req.body;
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'plan', String(planId), key)) return;
          const p = (await lockPlan(trx, planId))!;
          nextStatus(p, { type: 'plan.updated', actor: actorOf(user) });
          if (b.kind !== p.kind)
            throw new AppError(
              'unprocessable',
              `「${planText(p).zh}」不是${PLAN_KIND_LABELS[b.kind].zh} ${planText(p).en} is not a ${PLAN_KIND_LABELS[b.kind].en.toLowerCase()}`,
              { reason: 'wrong_kind', field: 'kind' },
            );
          await updatePlan(trx, planId, {
            ...(b.targets !== undefined ? { targets: b.targets } : {}),
            nextTargets: b.nextTargets,
            nextQuarters: b.kind === 'annual' ? b.nextQuarters : null,
            sections: sectionsOf(b.sections),
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'plan',
            recordId: String(planId),
            action: 'plan.updated',
            fromState: p.status,
            toState: p.status,
            changes: { version: p.version + 1 },
            idempotencyKey: key,
          });
        });
        return planView(deps.db, user, (await findPlan(deps.db, planId))!);
      },
    );

    const stepRoute = (
      step: 'submit' | 'accept' | 'return',
      roles: readonly Role[],
      type: PlanEvent['type'],
      summary: string,
    ) =>
      app.post(
        `/plans/:planId/${step}`,
        {
          schema: {
            tags: ['plans'],
            summary,
            headers: IdempotencyHeaders,
            params: PlanParams,
            body:
              step === 'return'
                ? requiredCommentBody
                : step === 'accept'
                  ? commentBody.nullish()
                  : z.strictObject({}).nullish(),
            response: { 200: PlanView, ...errorResponses },
          },
        },
        async (req) => {
          const user = currentUser(req);
          const key = idempotencyKeyOf(req);
          const { planId } = req.params;
          const found = await findPlan(deps.db, planId);
          const notFound = noPlan;
          // The author submits; their sales manager — or whoever holds that manager's delegation, on the manager's
          // behalf — accepts or returns, never their own (or the delegator's own) report: api/acting.ts.
          const actor =
            step === 'submit'
              ? await resolveActor(deps, user, roles)
              : await resolveActorFor(deps, user, roles, found?.owner_id ?? '', {
                  notBy: [found?.owner_id],
                  outOfSight: notFound,
                });
          visiblePlan(await planScopeOf(deps.db, user), planId, found);
          const comment = (req.body as { comment?: string | null } | null | undefined)?.comment ?? null;
          await deps.db.transaction().execute(async (trx: Transaction<Database>) => {
            if (await findAuditByKey(trx, 'plan', String(planId), key)) return; // a retry: answered below
            const p = (await lockPlan(trx, planId))!;
            const event = { type, actor, ...(comment ? { comment } : {}) } as PlanEvent;
            const next = nextStatus(p, event);
            const now = new Date();
            await updatePlan(trx, planId, {
              status: next,
              ...(step === 'submit'
                ? { submittedAt: now, ...(p.first_submitted_at ? {} : { firstSubmittedAt: now }) }
                : { decidedBy: user.id, decidedAt: now, decisionComment: comment }),
            });
            const late = step === 'submit' && now.getTime() > p.due_at.getTime();
            await appendAudit(trx, {
              actorId: actor.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'plan',
              recordId: String(planId),
              action: type,
              fromState: p.status,
              toState: next,
              comment,
              changes: late ? { late: true, dueAt: p.due_at.toISOString() } : {},
              idempotencyKey: key,
            });
            await moveWorkItem(trx, {
              recordType: 'plan',
              recordId: String(planId),
              closedBy: user.id,
              next: inboxItemOf(
                p,
                next,
                next === 'submitted' ? await dueAtOf(trx, deps.config.inboxSla.planReview, now) : null,
              ),
            });
            // Submitted: the manager's escalation of the overdue report (if any) is answered by the review item.
            if (step === 'submit')
              await moveWorkItem(trx, {
                recordType: 'plan_escalation',
                recordId: reminderRecordId(p.owner_id, p.kind, p.period),
                closedBy: user.id,
                next: null,
              });
          });
          return planView(deps.db, user, (await findPlan(deps.db, planId))!);
        },
      );
    stepRoute('submit', AUTHORS, 'plan.submitted', 'The author submits the report to their sales manager');
    stepRoute('accept', MANAGERS, 'plan.accepted', 'The author’s sales manager accepts the report (not their own)');
    stepRoute('return', MANAGERS, 'plan.returned', 'The sales manager returns the report to its author with a comment');

    app.get(
      '/plans',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary: 'Plans and summaries in sight (own, the team’s, or all), latest period first; overdue flagged',
          querystring: PlanQuery,
          response: { 200: z.object({ items: z.array(PlanSummaryView), total: z.number() }), ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireActing(deps, req, PLAN_READERS, 'read plans and summaries');
        const scope = await planScopeOf(deps.db, user);
        const { rows, total } = await listPlans(deps.db, { ...req.query, ownerIds: scope });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.owner_id),
        );
        const joined = await joinedDates(
          deps.db,
          rows.map((r) => r.owner_id),
        );
        return { total, items: rows.map((r) => toPlanSummary(r, names, joined)) };
      },
    );

    app.get(
      '/plans/deadlines',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary:
            'For each salesperson in sight and each kind: the report of the current and the previous period, its due date and whether it is overdue or missing; and the period a new report of each kind is for by default on that date (the one due next)',
          querystring: DeadlinesQuery,
          response: {
            200: z.object({ date: z.string(), defaultPeriods: DefaultPeriods, items: z.array(DeadlineView) }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        const user = await requireActing(deps, req, PLAN_READERS, 'read plans and summaries');
        const scope = await planScopeOf(deps.db, user);
        const date = req.query.date ?? businessToday();
        const sales = (await listUsers(deps.db, { role: 'sales', active: true })).filter(
          (u) => !scope || scope.includes(u.id),
        );
        const items = [];
        /** The caller's own reports still owed (their new report's default period is the earliest). */
        const owed: { kind: PlanKind; period: string }[] = [];
        const now = new Date();
        for (const kind of PLAN_KINDS) {
          const current = periodOf(kind, date);
          for (const period of [previousPeriod(kind, current), current]) {
            const { dueOn, dueAt } = await dueOf(deps.db, kind, period);
            for (const u of sales) {
              const p = await findPlanByPeriod(deps.db, u.id, kind, period);
              // A period that began before the person joined is not asked of them (domain/rhythm.ts): not listed
              // unless they wrote it anyway, and never overdue.
              const applies = deadlineApplies({ deadline: kind, period }, businessToday(u.created_at));
              if (!applies && !p) continue;
              const open = applies && (!p || p.status === 'draft' || p.status === 'returned');
              if (open && u.id === user.id) owed.push({ kind, period });
              items.push({
                ownerId: u.id,
                ownerName: u.display_name,
                kind,
                kindLabel: PLAN_KIND_LABELS[kind],
                period,
                dueOn,
                planId: p?.id ?? null,
                status: p?.status ?? ('missing' as const),
                statusLabel: p ? stateLabel('plan', p.status)! : NOT_STARTED_LABEL,
                overdue: open && new Date(dueAt).getTime() < now.getTime(),
              });
            }
          }
        }
        const w = defaultPeriodWindow(date);
        const defaultPeriods = owedDefaultPeriods(
          defaultPeriodsOf(date, await listCalendarOverrides(deps.db, w.from, w.to)),
          owed,
        );
        return { date, defaultPeriods, items };
      },
    );

    app.get(
      '/plans/:planId',
      {
        preValidation: readers,
        schema: {
          tags: ['plans'],
          summary: 'One report: targets, the actuals computed from the system’s records next to them, actions, history',
          params: PlanParams,
          response: { 200: PlanView, ...errorResponses },
        },
      },
      async (req) => {
        const user = await requireActing(deps, req, PLAN_READERS, 'read plans and summaries');
        const scope = await planScopeOf(deps.db, user);
        const p = visiblePlan(scope, req.params.planId, await findPlan(deps.db, req.params.planId));
        return planView(deps.db, user, p);
      },
    );
  };
}
