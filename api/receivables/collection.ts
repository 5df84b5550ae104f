/**
 * The collection schedule 收款日程 (§3.4.3): GET /collections/schedule — each salesperson's worklist
 * of customers and currencies to collect, ranked by the transparent score of domain/collection.ts with
 * its factors and reason per row, the planned collection date, whether the call before it is due (in
 * the 3 days before the date, no call yet), the last call and a broken promise to pay;
 * PUT /customers/:customerNo/collection-plan and POST /customers/:customerNo/collection-calls by the
 * customer's salesperson or their sales manager, audited and idempotent.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import {
  findCall,
  findPlans,
  insertCall,
  jobsLastYear,
  listCalls,
  receivedBetween,
  setPlan,
} from '../../db/collection.repository';
import { findCustomerByNo, isUniqueViolation } from '../../db/customer.repository';
import { listReceivableBalances, type ReceivableBalanceRow } from '../../db/ledger.repository';
import { openDisputedByReceivable } from '../../db/reconciliation.repository';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { creditFactor, rankCollections, type CollectionCandidate } from '../../domain/collection';
import { daysPastDue } from '../../domain/ledger';
import { countText, DAYS } from '../../domain/words';
import { addCalendarDays } from '../../domain/payment-terms';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { Decimal, amountDigitsProblem, parseDecimal } from '../../lib/money';
import { CURRENCIES, type Currency } from '../../machines/catalog';
import { currentUser, idempotencyKeyOf } from '../auth';
import { RecordActions } from '../actions';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, identifier, isoDate, moneyAmount, optionalText, text } from '../schemas';
import { armCallReminder, callRecorded } from '../collection-cases/plan-reminder';
import { ledgerGate, ledgerReader } from './access';
import { moneyDate } from './entries';
import { collectionActors, collectionRowActions, collectionWriter } from './collection-actions';
import { CustomerLedgerParams } from './schemas';
import { fmt, fmtScaled } from './views';
import { groupThousands } from '../../documents/format';

/** Days before the planned date in which the customer is to be called (§3.4.3: 收款前三日內). */
export const CALL_WINDOW_DAYS = 3;

const ScheduleQuery = z.strictObject({
  asOf: isoDate.optional(),
  ownerId: identifier().optional(),
});
const PlanBody = z.strictObject({ plannedOn: isoDate, note: optionalText(2000) });
const CallBody = z.strictObject({
  calledOn: isoDate.optional().describe('Default today; not in the future, not before 1 January of last year'),
  outcome: text(2000).describe('What the customer said'),
  promise: z
    .strictObject({ currency: z.enum(CURRENCIES), amount: moneyAmount, date: isoDate })
    .optional()
    .describe('A promise to pay: amount and date'),
  note: optionalText(2000),
});
const Plan = z.object({
  customerNo: z.string(),
  plannedOn: z.string(),
  note: z.string().nullable(),
  setBy: z.string(),
});
const Call = z.object({
  id: z.number().int(),
  customerNo: z.string(),
  calledOn: z.string(),
  outcome: z.string(),
  promise: z.object({ currency: z.string(), amount: z.string(), date: z.string() }).nullable(),
  note: z.string().nullable(),
  recordedBy: z.string(),
});
const ScheduleRow = z.object({
  rank: z.number().int(),
  customerNo: z.string(),
  customerName: z.string(),
  ownerId: z.string(),
  ownerName: z.string(),
  currency: z.string(),
  outstanding: z.string(),
  overdue: z.string().describe('Outstanding of receivables past their due date (less what is disputed)'),
  disputed: z
    .string()
    .describe('Under open dispute 爭議 (statement lines disputed): left out of outstanding, overdue and the score'),
  oldestDaysPastDue: z.number().int(),
  creditStanding: z.string().nullable(),
  jobsLastYear: z.number().int(),
  score: z.number(),
  factors: z.object({ amount: z.number(), age: z.number(), credit: z.number(), volume: z.number() }),
  reasonZh: z.string(),
  reasonEn: z.string(),
  plannedOn: z.string().nullable(),
  callDue: z.boolean().describe('Within the 3 days before the planned date and not yet called since they began'),
  lastCall: Call.nullable(),
  brokenPromise: z.boolean(),
  actions: RecordActions.describe(
    'Plan the collection date (PUT collection-plan) and record a call (POST collection-calls): the customer’s salesperson or their sales manager; none for others',
  ),
});
const Schedule = z.object({
  asOf: z.string(),
  weights: z.object({
    amount: z.number(),
    age: z.number(),
    credit: z.number(),
    volume: z.number(),
    brokenPromiseBonus: z.number(),
    ageCapDays: z.number(),
  }),
  items: z.array(ScheduleRow),
});

const toCall = (c: Awaited<ReturnType<typeof findCall>> & object) => ({
  id: c.id,
  customerNo: c.customer_no,
  calledOn: c.called_on,
  outcome: c.outcome,
  promise:
    c.promise_amount && c.promise_currency && c.promise_date
      ? { currency: c.promise_currency, amount: fmt(c.promise_amount, c.promise_currency), date: c.promise_date }
      : null,
  note: c.note,
  recordedBy: c.recorded_by,
});

export function collectionRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const weights = deps.config.collectionWeights;
  return async (app) => {
    app.get(
      '/collections/schedule',
      {
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary:
            'The collection schedule 收款日程: customers and currencies to collect, ranked by a transparent score (amount, age, credit standing, business volume) with the reason per row, planned date, call due, last call and broken promises',
          querystring: ScheduleQuery,
          response: { 200: Schedule, ...errorResponses },
        },
      },
      async (req) => {
        const { user, scope } = await ledgerReader(deps.db, req);
        const seeing = await collectionActors(deps, user);
        const asOf = req.query.asOf ?? businessToday();
        const open = await listReceivableBalances(deps.db, {
          asOf,
          ownerIds: scope,
          ownerId: req.query.ownerId,
          openOnly: true,
        });
        // Undisputed lines keep their collection going: only the amount under open dispute is left out.
        const disputedBy = await openDisputedByReceivable(
          deps.db,
          open.map((r) => r.id),
        );
        const disputedOf = (r: ReceivableBalanceRow) => {
          const o = parseDecimal(r.outstanding);
          const d = parseDecimal(disputedBy.get(r.id) ?? '0');
          return d.gt(o) ? o : d;
        };
        const groups = new Map<string, ReceivableBalanceRow[]>();
        for (const r of open) {
          if (parseDecimal(r.outstanding).lte(0)) continue;
          const k = `${r.customer_no}|${r.currency}`;
          groups.set(k, [...(groups.get(k) ?? []), r]);
        }
        const customerNos = [...new Set(open.map((r) => r.customer_no))];
        const [plans, calls, jobs] = await Promise.all([
          findPlans(deps.db, customerNos),
          listCalls(deps.db, customerNos, asOf),
          jobsLastYear(deps.db, customerNos, asOf),
        ]);
        const candidates = await Promise.all(
          [...groups.values()].map(async (rows) => {
            const first = rows[0]!;
            let outstanding = new Decimal(0);
            let overdue = new Decimal(0);
            let disputed = new Decimal(0);
            let oldest = -Infinity;
            for (const r of rows) {
              const d = disputedOf(r);
              const v = parseDecimal(r.outstanding).minus(d);
              disputed = disputed.plus(d);
              if (v.isZero()) continue;
              const days = daysPastDue(r.due_date, asOf);
              outstanding = outstanding.plus(v);
              if (days > 0) overdue = overdue.plus(v);
              oldest = Math.max(oldest, days);
            }
            const promised = calls.find(
              (c) => c.customer_no === first.customer_no && c.promise_currency === first.currency,
            );
            let brokenPromise = false;
            if (promised && promised.promise_date! < asOf) {
              const paid = await receivedBetween(deps.db, first.customer_no, first.currency, promised.called_on, asOf);
              brokenPromise = parseDecimal(paid).lt(parseDecimal(promised.promise_amount!));
            }
            const candidate: CollectionCandidate & {
              rows: ReceivableBalanceRow[];
              overdue: Decimal;
              disputed: Decimal;
            } = {
              customerNo: first.customer_no,
              currency: first.currency,
              outstanding,
              overdue,
              oldestDaysPastDue: oldest,
              creditStanding: first.credit_standing,
              jobsLastYear: jobs.get(first.customer_no) ?? 0,
              brokenPromise,
              rows,
              disputed,
            };
            return candidate;
          }),
        );
        const items = rankCollections(
          candidates.filter((c) => c.outstanding.gt(0)),
          weights,
        ).map(({ row, score, factors }, i) => {
          const first = row.rows[0]!;
          const plan = plans.get(row.customerNo);
          // The customer's last call about this currency: a promise in another currency belongs to that row.
          const lastCall =
            calls.find(
              (c) =>
                c.customer_no === row.customerNo &&
                (c.promise_currency === null || c.promise_currency === row.currency),
            ) ?? null;
          // A planned date gone by with money still outstanding stays flagged until a new date is planned.
          const plannedPassed = !!plan && asOf > plan.planned_on;
          const windowStart = plan ? addCalendarDays(plan.planned_on, -CALL_WINDOW_DAYS) : null;
          const callDue =
            !!plan &&
            asOf >= windowStart! &&
            asOf <= plan.planned_on &&
            !calls.some((c) => c.customer_no === row.customerNo && c.called_on >= windowStart!);
          const credit = creditFactor(row.creditStanding);
          const gradeZh = { good: '良好', fair: '一般', poor: '差', unknown: '未記錄' }[credit.grade];
          const gradeEn = { good: 'good', fair: 'fair', poor: 'poor', unknown: 'not recorded' }[credit.grade];
          const amount = fmtScaled(row.outstanding, row.currency);
          // Reasons are read beside the table's amounts: the same thousands separators.
          const shown = (d: Decimal) => groupThousands(fmtScaled(d, row.currency));
          const pct = Math.round(factors.amount * 100);
          const age =
            row.oldestDaysPastDue > 0
              ? [
                  `最久逾期 ${countText(row.oldestDaysPastDue, DAYS)[0]}`,
                  `oldest ${countText(row.oldestDaysPastDue, DAYS)[1]} overdue`,
                ]
              : ['尚未逾期', 'nothing overdue yet'];
          const zh = [
            `未收 ${row.currency} ${groupThousands(amount)}（同幣別最大額之 ${pct}%）`,
            age[0],
            `信用${gradeZh}`,
            `近一年 ${row.jobsLastYear} 票`,
            ...(row.brokenPromise ? ['承諾付款未兌現'] : []),
            ...(row.disputed.gt(0) ? [`爭議 ${row.currency} ${shown(row.disputed)} 不列入`] : []),
            ...(callDue ? ['預定收款日前三日內，應致電客戶'] : []),
            ...(plannedPassed ? [`預定收款日 ${plan.planned_on} 已過`] : []),
          ];
          const en = [
            `${row.currency} ${groupThousands(amount)} outstanding (${pct}% of the largest in ${row.currency})`,
            age[1],
            `credit ${gradeEn}`,
            `${row.jobsLastYear} ${row.jobsLastYear === 1 ? 'job' : 'jobs'} in the last year`,
            ...(row.brokenPromise ? ['promise to pay broken'] : []),
            ...(row.disputed.gt(0) ? [`${row.currency} ${shown(row.disputed)} under dispute left out`] : []),
            ...(callDue ? ['call the customer: planned date within 3 days'] : []),
            ...(plannedPassed ? [`planned collection date ${plan.planned_on} has passed`] : []),
          ];
          return {
            rank: i + 1,
            customerNo: row.customerNo,
            customerName: first.customer_name,
            ownerId: first.owner_id,
            ownerName: first.owner_name,
            currency: row.currency,
            outstanding: amount,
            overdue: fmtScaled(row.overdue, row.currency),
            disputed: fmtScaled(row.disputed, row.currency),
            oldestDaysPastDue: row.oldestDaysPastDue,
            creditStanding: row.creditStanding,
            jobsLastYear: row.jobsLastYear,
            score,
            factors,
            reasonZh: zh.join('；'),
            reasonEn: en.join('; '),
            plannedOn: plan?.planned_on ?? null,
            callDue,
            lastCall: lastCall ? toCall(lastCall) : null,
            brokenPromise: row.brokenPromise,
            actions: collectionRowActions(seeing, { customerNo: row.customerNo, ownerId: first.owner_id }),
          };
        });
        return { asOf, weights, items };
      },
    );

    app.put(
      '/customers/:customerNo/collection-plan',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Set the planned collection date 預定收款日 of a customer (its salesperson or their sales manager)',
          headers: IdempotencyHeaders,
          params: CustomerLedgerParams,
          body: PlanBody,
          response: { 200: Plan, ...errorResponses },
        },
      },
      async (req) => {
        const { customerNo } = req.params;
        const actor = await collectionWriter(deps, req, customerNo);
        const key = idempotencyKeyOf(req);
        const customer = (await findCustomerByNo(deps.db, customerNo))!;
        const { plannedOn, note } = req.body;
        if (plannedOn < businessToday())
          throw new AppError('unprocessable', `預定收款日 ${plannedOn} 已過 plannedOn ${plannedOn} is in the past`, {
            field: 'plannedOn',
          });
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'collection_plan', customerNo, key)) return;
          const before = await setPlan(trx, { customerNo, plannedOn, note: note ?? null, by: actor.id });
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'collection_plan',
            recordId: customerNo,
            action: 'collection.planned',
            changes: { plannedOn: { from: before?.planned_on ?? null, to: plannedOn }, note: note ?? null },
            idempotencyKey: key,
          });
        });
        const plan = (await findPlans(deps.db, [customerNo])).get(customerNo)!;
        // The durable call reminder (a retry with the same key arms it again with the same date).
        await armCallReminder(deps, {
          customerNo,
          ownerId: customer.owner_id,
          plannedOn: plan.planned_on,
          windowDays: CALL_WINDOW_DAYS,
        });
        return { customerNo, plannedOn: plan.planned_on, note: plan.note, setBy: plan.set_by };
      },
    );

    app.post(
      '/customers/:customerNo/collection-calls',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Record a call to collect 催收電話, with any promise to pay (amount and date)',
          headers: IdempotencyHeaders,
          params: CustomerLedgerParams,
          body: CallBody,
          response: { 201: Call, 200: Call, ...errorResponses },
        },
      },
      async (req, reply) => {
        const { customerNo } = req.params;
        const actor = await collectionWriter(deps, req, customerNo);
        const user = currentUser(req);
        const key = idempotencyKeyOf(req);
        const prior = await findRefForKey(deps.db, user.id, 'collection-call', key);
        if (prior !== undefined) return reply.status(200).send(toCall((await findCall(deps.db, prior))!));
        const b = req.body;
        const today = businessToday();
        const calledOn = b.calledOn ?? today;
        moneyDate('calledOn', calledOn);
        if (b.promise) {
          const problem = amountDigitsProblem('amount', b.promise.amount, b.promise.currency as Currency);
          if (problem)
            throw new AppError('bad_request', problem, { fields: [{ path: 'body.promise.amount', message: problem }] });
          if (parseDecimal(b.promise.amount).lte(0))
            throw new AppError('bad_request', 'a promised amount must be greater than zero', {
              fields: [{ path: 'body.promise.amount', message: 'must be greater than zero' }],
            });
          if (b.promise.date < calledOn)
            throw new AppError('unprocessable', '承諾付款日早於催收日 the promised date is before the call', {
              field: 'promise.date',
            });
          // A promise pays part or all of what the customer owes in its currency now, never more.
          const open = await listReceivableBalances(deps.db, {
            asOf: today,
            customerNo,
            currency: b.promise.currency,
            openOnly: true,
          });
          const owed = open.reduce((a, r) => a.plus(parseDecimal(r.outstanding)), new Decimal(0));
          if (parseDecimal(b.promise.amount).gt(owed))
            throw new AppError(
              'unprocessable',
              `承諾金額多於客戶所欠的 ${b.promise.currency} ${fmtScaled(owed, b.promise.currency)} the promised amount is more than the ${b.promise.currency} ${fmtScaled(owed, b.promise.currency)} the customer owes`,
              { field: 'promise.amount' },
            );
        }
        const record = () =>
          deps.db.transaction().execute(async (trx) => {
            const c = await insertCall(trx, {
              customerNo,
              calledOn,
              outcome: b.outcome,
              promise: b.promise ?? null,
              note: b.note ?? null,
              by: actor.id,
            });
            await recordRefForKey(trx, user.id, 'collection-call', key, c.id);
            await appendAudit(trx, {
              actorId: actor.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'collection_call',
              recordId: String(c.id),
              action: 'collection.called',
              changes: { customerNo, calledOn, outcome: b.outcome, promise: b.promise ?? null },
              idempotencyKey: key,
            });
            return c;
          });
        try {
          const call = await record();
          await callRecorded(deps, customerNo, call.called_on);
          return reply.status(201).send(toCall(call));
        } catch (err) {
          // The same key sent twice at once: the loser answers with the winner's call.
          const raced = isUniqueViolation(err)
            ? await findRefForKey(deps.db, user.id, 'collection-call', key)
            : undefined;
          if (raced === undefined) throw err;
          return reply.status(200).send(toCall((await findCall(deps.db, raced))!));
        }
      },
    );
  };
}
