/**
 * Abnormal collection 異常收款 (§3.4.4): GET /collection-cases (list), GET /collection-cases/:caseId
 * (the case, the customer's past-due receivables now, history, `actions`), and the people's steps —
 * POST …/propose (the salesperson or their sales manager), …/approve and …/reject (the GM, not the
 * proposer) — sent to the case's workflow as Updates whose id is the Idempotency-Key. Readers: those who
 * read receivables, each within their customer scope (a case out of sight is 404).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listCases } from '../../db/collection-case.repository';
import { findDisplayNames } from '../../db/user.repository';
import type { CollectionCaseCommand, CollectionProposal } from '../../domain/collection-case';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { stateLabel } from '../../domain/labels';
import { amountDigitsProblem, Decimal, moneyText, parseDecimal } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { collectionMachine, type CollectionEvent } from '../../machines/collection.machine';
import { eventRoles, REFUSAL_TEXT } from '../../machines/permission';
import { collectionStepUpdate } from '../../workflows/collection.definitions';
import { collectionCaseWorkflowId } from '../../workflows/ids';
import { requireActing, resolveActor, resolveActorFor } from '../acting';
import type { FastifyRequest } from 'fastify';
import { currentUser, idempotencyKeyOf, type CurrentUser } from '../auth';
import { actingScopeOf } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { LEDGER_READERS } from '../receivables/access';
import { errorResponses } from '../schemas';
import { sendStep } from '../steps';
import { ApproveBody, CaseDetail, CaseList, CaseListQuery, CaseParams, ProposeBody, RejectBody } from './schemas';
import { caseDetail, caseName, loadCase, noCase, overdueNowOf, toCaseSummary, waitingFor } from './views';

const bad = (path: string, message: string) => new AppError('bad_request', message, { fields: [{ path, message }] });

/**
 * A proposal's content checked against the case's currency and debt: instalments only for a payment plan, each in
 * the currency's digits (400), above zero (400), not in the past (422), and together not more than `overdue` — the
 * customer's past-due amount in the case's currency now (decimal string), the debt the plan pays off (422 field
 * `installments`: parts never exceed their whole).
 */
function proposalOf(
  body: {
    kind: CollectionProposal['kind'];
    note: string;
    installments?: { date: string; amount: string }[] | undefined;
  },
  currency: Currency,
  overdue: string,
): CollectionProposal {
  const { kind, note, installments } = body;
  if (kind === 'payment_plan' && !installments?.length)
    throw bad('body.installments', 'a payment plan needs its instalments');
  if (kind !== 'payment_plan' && installments) throw bad('body.installments', 'only a payment plan has instalments');
  const today = businessToday();
  (installments ?? []).forEach((i, n) => {
    const problem = amountDigitsProblem('amount', i.amount, currency);
    if (problem) throw bad(`body.installments.${n}.amount`, problem);
    if (parseDecimal(i.amount).lte(0)) throw bad(`body.installments.${n}.amount`, 'must be greater than zero');
    if (i.date < today)
      throw new AppError(
        'unprocessable',
        `第 ${n + 1} 期日期 ${i.date} 已過 instalment ${n + 1} is dated ${i.date}, in the past`,
        {
          field: `installments.${n}.date`,
        },
      );
  });
  const total = (installments ?? []).reduce((a, i) => a.plus(parseDecimal(i.amount)), new Decimal(0));
  if (total.gt(parseDecimal(overdue)))
    throw new AppError(
      'unprocessable',
      `分期合計 ${moneyText(total, currency)}，多於逾期的 ${moneyText(overdue, currency)} the instalments add up to ${moneyText(total, currency)}, more than the overdue ${moneyText(overdue, currency)}`,
      { field: 'installments' },
    );
  return { kind, note, ...(installments ? { installments } : {}) };
}

const STEPS = [
  {
    path: 'propose',
    event: 'case.proposed',
    body: ProposeBody,
    summary:
      'Propose what to do — payment plan, credit hold, legal action or write-off (the case’s salesperson or their sales manager)',
  },
  {
    path: 'approve',
    event: 'case.approved',
    body: ApproveBody,
    summary: 'Approve the proposal (the GM; not its proposer)',
  },
  {
    path: 'reject',
    event: 'case.rejected',
    body: RejectBody,
    summary: 'Reject the proposal with a comment (the GM; not its proposer)',
  },
] as const;

/** The caller when they read receivables in their own role or a role delegated to them today (`requireActing`); else 403. */
const caseReader = (deps: ApiDeps, req: FastifyRequest): Promise<CurrentUser> =>
  requireActing(deps, req, LEDGER_READERS, 'read collection cases');

export function collectionCaseRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/collection-cases',
      {
        schema: {
          tags: ['collection cases'],
          summary: 'Abnormal collection cases 異常收款, newest first (within the caller’s customers)',
          querystring: CaseListQuery,
          response: { 200: CaseList, ...errorResponses },
        },
      },
      async (req) => {
        const user = await caseReader(deps, req);
        const q = req.query;
        const { rows, total } = await listCases(deps.db, {
          ownerIds: await actingScopeOf(deps.db, user),
          customerNo: q.customerNo,
          status: q.status,
          open: q.open === undefined ? undefined : q.open === 'true',
          waitingFor: q.mine === 'true' ? await waitingFor(deps, user) : undefined,
          limit: q.limit,
          offset: q.offset,
        });
        const [names, now] = await Promise.all([
          findDisplayNames(
            deps.db,
            rows.map((r) => r.owner_id),
          ),
          overdueNowOf(deps, rows),
        ]);
        return {
          total,
          items: rows.map((r) =>
            toCaseSummary(r, names, r.closed_at ? undefined : now.get(`${r.customer_no}|${r.currency.trim()}`)),
          ),
        };
      },
    );

    app.get(
      '/collection-cases/:caseId',
      {
        schema: {
          tags: ['collection cases'],
          summary:
            'A collection case: status, due time, the past-due receivables now, proposal, decision, history and my `actions`',
          params: CaseParams,
          response: { 200: CaseDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = await caseReader(deps, req);
        return caseDetail(deps, user, req.params.caseId);
      },
    );

    for (const step of STEPS) {
      app.post(
        `/collection-cases/:caseId/${step.path}`,
        {
          schema: {
            tags: ['collection cases'],
            summary: step.summary,
            headers: IdempotencyHeaders,
            params: CaseParams,
            body: step.body,
            response: { 200: CaseDetail, ...errorResponses },
          },
        },
        async (req) => {
          // Own role, else a delegated one; 403 (read_only for auditors) before anything about the case is read.
          const user = currentUser(req);
          const allowed = eventRoles(collectionMachine, step.event);
          await resolveActor(deps, user, allowed);
          const key = idempotencyKeyOf(req);
          const row = await loadCase(deps, user, req.params.caseId);
          // The actor whose sight holds the case's salesperson: own role, else a delegation (the delegator's team).
          const actor = await resolveActorFor(deps, user, allowed, row.owner_id, {
            outOfSight: noCase,
          });
          const body = (req.body ?? {}) as {
            comment?: string | null;
            kind?: CollectionProposal['kind'];
            note?: string;
            installments?: { date: string; amount: string }[];
          };
          const comment = body.comment ?? undefined;
          let command: CollectionCaseCommand;
          if (step.event === 'case.proposed') {
            // The ledger's write-off is proposed by the customer's salesperson (or settlement): so is a case's.
            if (body.kind === 'write_off' && actor.role !== 'sales')
              throw new AppError(
                'forbidden',
                '壞賬核銷由客戶的業務員提議 A write-off is proposed by the customer’s salesperson',
                {
                  reason: 'role_not_allowed',
                },
              );
            const currency = row.currency.trim();
            const overdue = (await overdueNowOf(deps, [row])).get(`${row.customer_no}|${currency}`)?.amount ?? '0';
            const proposal = proposalOf(
              { kind: body.kind!, note: body.note!, ...(body.installments ? { installments: body.installments } : {}) },
              currency as Currency,
              overdue,
            );
            command = {
              event: { type: 'case.proposed', actor, kind: proposal.kind, comment: proposal.note },
              proposal,
              idempotencyKey: key,
            };
          } else {
            command = {
              event: { type: step.event, actor, ...(comment ? { comment } : {}) } as CollectionEvent,
              idempotencyKey: key,
            };
          }
          await sendStep(deps, {
            workflowId: collectionCaseWorkflowId(deps.temporalConfig.workflowIdPrefix, row.id),
            update: collectionStepUpdate,
            command,
            idempotencyKey: key,
            recordType: 'collection_case',
            recordId: String(row.id),
            finishedMessage: row.closed_at
              ? REFUSAL_TEXT.finished(await caseName(deps, row), stateLabel('collection_case', row.status)!)
              : undefined,
          });
          return caseDetail(deps, user, row.id);
        },
      );
    }
  };
}
