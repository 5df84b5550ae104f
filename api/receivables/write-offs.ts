/**
 * Write-offs 壞賬核銷 (§3.4.2 bad and doubtful debts): a salesperson (own customers) or settlement
 * proposes writing off part or all of a receivable; the GM approves (a `write_off` ledger entry, its own
 * kind), refuses (final) or returns it with a comment (the proposer may resubmit). Segregation of
 * duties: the proposer never approves (403 `segregation_of_duties`). Every step audited (`write_off`,
 * `<id>`) and idempotent by `Idempotency-Key`. Only money past its due date is written off (`isPastDue`, 422
 * `not_due`). A proposal waiting for the decision is the GM's inbox item `write_off.decide` (role `gm`, so a
 * delegate of the GM sees it too), due `INBOX_SLA_WRITE_OFF` after it was proposed or resubmitted; the
 * decision closes it. Its proposer may withdraw it while proposed or returned (`withdrawn`, final; the inbox item
 * closes and the receivable may be proposed again).
 *
 * `proposeWriteOff` is the one way a proposal is made — the route and the abnormal-collection workflow
 * call it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import type { Database } from '../../db/database';
import { dueAtOf } from '../../db/due-time';
import { findReceivableWithOwner, lockReceivables } from '../../db/ledger.repository';
import { personText } from '../../db/user.repository';
import { moveWorkItem } from '../../db/work-item.repository';
import type { DueTime } from '../../lib/config';
import {
  findLiveWriteOff,
  findWriteOff,
  insertWriteOff,
  listWriteOffs,
  lockWriteOff,
  updateWriteOff,
  type WriteOffDetailRow,
} from '../../db/reconciliation.repository';
import type { RecordAction } from '../../domain/actions';
import { roleLabel } from '../../domain/labels';
import { isPastDue, receivableText } from '../../domain/ledger';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, moneyText, parseDecimal } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { REFUSAL_TEXT } from '../../machines/permission';
import type { Role } from '../../machines/roles';
import { RecordActions } from '../actions';
import { actingRoles, resolveActor, resolveActorAs } from '../acting';
import { currentUser, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import { actingScopeOf, customerScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, identifier, moneyAmount, requiredCommentBody, text } from '../schemas';
import { ledgerGate, ledgerReader, WRITE_OFF_APPROVERS, WRITE_OFF_PROPOSERS } from './access';
import { appendEntry, once, unprocessable } from './entries';
import { fmt } from './views';

const WRITE_OFF_STATUSES = ['proposed', 'approved', 'refused', 'returned', 'withdrawn'] as const;
type WriteOffStatus = (typeof WRITE_OFF_STATUSES)[number];

/** A write-off's status in a text (zh-Hant and English). */
const WRITE_OFF_STATUS_TEXT: Record<WriteOffStatus, string> = {
  proposed: '待決定 proposed',
  approved: '已核准 approved',
  refused: '已拒絕 refused',
  returned: '已退回 returned',
  withdrawn: '已撤回 withdrawn',
};

/**
 * How people know a write-off in a text: the receivable and the amount — `"J2026-00012 · 海運費 CNY 1,200.00"` —
 * never its id.
 */
const writeOffText = (w: { job_no: string; label: string; amount: string; currency: string }): string =>
  `${receivableText({ jobNo: w.job_no, label: w.label })} ${moneyText(w.amount, w.currency as Currency)}`;

/** 409 `wrong_state`: write-off `w` is not in a status the step needs (`needs`, e.g. "waiting for a decision"). */
const writeOffNotIn = (w: Parameters<typeof writeOffText>[0] & { status: WriteOffStatus }, zh: string, en: string) =>
  new AppError(
    'conflict',
    `壞賬核銷 ${writeOffText(w)} ${WRITE_OFF_STATUS_TEXT[w.status]}，${zh} The write-off of ${writeOffText(w)} is ${WRITE_OFF_STATUS_TEXT[w.status]}, ${en}`,
    { reason: 'wrong_state', status: w.status },
  );

/** Proposing a write-off, as a refusal names the step. */
const PROPOSE = { zh: '提議壞賬核銷', en: 'propose a write-off' };

/** Who proposes a write-off of a customer owned by `ownerId`: settlement any, a salesperson their own. */
export function mayPropose(actor: { id: string; role: string }, ownerId: string): boolean {
  return actor.role === 'settlement' || (actor.role === 'sales' && actor.id === ownerId);
}

/** Locks the receivable and checks a write-off amount against it: its digits, above zero, at most outstanding. */
async function checkAmount(trx: Transaction<Database>, receivableId: number, currency: string, value: string) {
  const [locked] = await lockReceivables(trx, [receivableId]);
  const problem = amountDigitsProblem('amount', value, currency as Currency);
  if (problem) throw new AppError('bad_request', problem, { fields: [{ path: 'body.amount', message: problem }] });
  const amount = parseDecimal(value);
  if (amount.lte(0)) throw unprocessable('amount', '須大於 0 must be greater than zero');
  if (amount.gt(parseDecimal(locked!.outstanding)))
    throw unprocessable(
      'amount',
      `多於應收款 ${receivableText({ jobNo: locked!.job_no, label: locked!.label })} 的未收款 ${moneyText(locked!.outstanding, currency as Currency)} more than the outstanding ${moneyText(locked!.outstanding, currency as Currency)} of receivable ${receivableText({ jobNo: locked!.job_no, label: locked!.label })}`,
    );
}

export interface WriteOffProposal {
  receivableId: number;
  /** Positive decimal string in the receivable's currency's digits; at most its outstanding amount. */
  amount: string;
  reason: string;
  /** `desk` (the route) or where a process proposed it, e.g. `collection_case:12`. */
  source?: string;
}

/**
 * Proposes a write-off in the caller's transaction, writes its audit row (`write_off.proposed`) and opens the
 * GM's inbox item due `decisionDue` from now (`INBOX_SLA_WRITE_OFF`, config `inboxSla.writeOff`).
 * `proposer` is the person proposing (role `sales` for their own customer's receivable, or `settlement`).
 * @returns the write-off's id.
 * @throws AppError forbidden (another role, or a salesperson's proposal for someone else's customer),
 *   not_found (no such receivable), unprocessable `not_due` (field `receivableId`: the receivable is not past
 *   its due date today, `isPastDue`), bad_request (amount digits), unprocessable (amount zero or more than
 *   outstanding), conflict (a proposal on this receivable is already waiting: `details.writeOffId`).
 */
export async function proposeWriteOff(
  trx: Transaction<Database>,
  proposer: { id: string; role: string },
  p: WriteOffProposal,
  idempotencyKey: string | null,
  decisionDue: DueTime,
): Promise<number> {
  const rec = await findReceivableWithOwner(trx, p.receivableId);
  if (!rec) throw new AppError('not_found', '查無此應收款 No such receivable');
  if (!WRITE_OFF_PROPOSERS.includes(proposer.role as Role))
    throw new AppError('forbidden', REFUSAL_TEXT.roleNotAllowed(PROPOSE, roleLabel(proposer.role)), {
      reason: proposer.role === 'auditor' ? 'read_only' : 'role_not_allowed',
    });
  if (!mayPropose(proposer, rec.owner_id))
    throw new AppError(
      'forbidden',
      '業務員只為自己的客戶提議壞賬核銷 A salesperson proposes write-offs of their own customers only',
      {
        reason: 'not_owner',
      },
    );
  const today = businessToday();
  if (!isPastDue(rec.due_date, today))
    throw new AppError(
      'unprocessable',
      `應收款 ${receivableText({ jobNo: rec.job_no, label: rec.label })} 於 ${rec.due_date} 到期，今天 ${today} 尚未逾期：只有逾期的款項才能核銷 receivable ${receivableText({ jobNo: rec.job_no, label: rec.label })} is due on ${rec.due_date}, not overdue on ${today}: only money past its due date is written off`,
      { field: 'receivableId', reason: 'not_due' },
    );
  await checkAmount(trx, p.receivableId, rec.currency, p.amount);
  const live = await findLiveWriteOff(trx, p.receivableId);
  if (live)
    throw new AppError(
      'conflict',
      `應收款 ${receivableText({ jobNo: rec.job_no, label: rec.label })} 已有待決定的壞賬核銷 A write-off of receivable ${receivableText({ jobNo: rec.job_no, label: rec.label })} is already waiting`,
      {
        reason: 'wrong_state',
        writeOffId: live.id,
      },
    );
  const row = await insertWriteOff(trx, {
    receivableId: p.receivableId,
    customerNo: rec.customer_no,
    currency: rec.currency,
    amount: p.amount,
    reason: p.reason,
    proposedBy: proposer.id,
    proposedRole: proposer.role,
    source: p.source ?? 'desk',
  });
  await appendAudit(trx, {
    actorId: proposer.id,
    actorRole: proposer.role,
    recordType: 'write_off',
    recordId: String(row.id),
    action: 'write_off.proposed',
    toState: 'proposed',
    comment: p.reason,
    changes: { receivableId: p.receivableId, amount: p.amount, currency: rec.currency, source: row.source },
    idempotencyKey,
  });
  await awaitDecision(trx, proposer.id, {
    id: row.id,
    customerNo: rec.customer_no,
    ownerId: rec.owner_id,
    currency: rec.currency,
    amount: p.amount,
    due: decisionDue,
  });
  return row.id;
}

/** Opens (or moves) the write-off's inbox item to the GM's decision, due `w.due` from now. */
async function awaitDecision(
  trx: Transaction<Database>,
  by: string,
  w: { id: number; customerNo: string; ownerId: string; currency: string; amount: string; due: DueTime },
): Promise<void> {
  await moveWorkItem(trx, {
    recordType: 'write_off',
    recordId: String(w.id),
    closedBy: by,
    next: {
      step: 'write_off.decide',
      role: 'gm',
      ownerId: w.ownerId,
      customerNo: w.customerNo,
      summary: {
        stepLabel: `待決定壞賬核銷 ${moneyText(w.amount, w.currency as Currency)} Write-off to decide`,
        totals: [{ currency: w.currency, amount: fmt(w.amount, w.currency) }],
      },
      dueAt: await dueAtOf(trx, w.due),
    },
  });
}

const ProposeBody = z.strictObject({
  receivableId: z.number().int().min(1).max(2_147_483_647),
  amount: moneyAmount.describe('How much of the receivable to write off (its currency’s digits)'),
  reason: text(2000),
});
const ResubmitBody = z.strictObject({ amount: moneyAmount, reason: text(2000) });
const WriteOffParams = z.strictObject({ writeOffId: z.coerce.number().int().min(1).max(2_147_483_647) });
const WriteOffQuery = z.strictObject({
  status: z.enum(WRITE_OFF_STATUSES).optional(),
  customerNo: identifier(64).optional(),
});

export const WriteOffView = z.object({
  id: z.number().int(),
  receivableId: z.number().int(),
  jobNo: z.string(),
  label: z.string(),
  customerNo: z.string(),
  customerName: z.string(),
  currency: z.string(),
  amount: z.string(),
  reason: z.string(),
  status: z.enum(WRITE_OFF_STATUSES),
  proposedBy: z.string(),
  proposedRole: z.string(),
  source: z.string(),
  decidedBy: z.string().nullable(),
  decidedAt: z.string().nullable(),
  decisionComment: z.string().nullable(),
  entryId: z.number().int().nullable().describe('The write_off ledger entry, once approved'),
  createdAt: z.string(),
  actions: RecordActions,
});

/** The statuses from which its proposer may withdraw a write-off (the open ones: `write_offs_one_open`). */
const WITHDRAWABLE: readonly WriteOffStatus[] = ['proposed', 'returned'];

/**
 * What `user` may do with write-off `w`: the GM's decision (approve, return, refuse) while it is proposed —
 * for the GM or a delegate of the GM (`mayDecide`), refused `segregation_of_duties` for its proposer — the
 * proposer's resubmission of a returned one, and the proposer's withdrawal of an open one (cannot be undone).
 */
function actionsOf(user: CurrentUser, w: WriteOffDetailRow, mayDecide: boolean): RecordAction[] {
  const base = `/write-offs/${w.id}`;
  const out: RecordAction[] = [];
  if (mayDecide && w.status === 'proposed') {
    const sod = user.id === w.proposed_by;
    const decide = (step: string, labelZh: string, labelEn: string, commentRequired: boolean) =>
      out.push({
        step,
        method: 'POST',
        path: `${base}/${step}`,
        labelZh,
        labelEn,
        commentRequired,
        allowed: !sod,
        ...(sod ? { reason: 'segregation_of_duties' as const } : {}),
      });
    decide('approve', '核准核銷', 'Approve write-off', false);
    decide('return', '退回', 'Return', true);
    decide('refuse', '拒絕', 'Refuse', true);
  }
  if (w.status === 'returned' && user.id === w.proposed_by)
    out.push({
      step: 'resubmit',
      method: 'POST',
      path: `${base}/resubmit`,
      labelZh: '重新提交',
      labelEn: 'Resubmit',
      commentRequired: false,
      allowed: true,
    });
  if (WITHDRAWABLE.includes(w.status) && user.id === w.proposed_by)
    out.push({
      step: 'withdraw',
      method: 'POST',
      path: `${base}/withdraw`,
      labelZh: '撤回',
      labelEn: 'Withdraw',
      commentRequired: false,
      allowed: true,
      confirm: true,
    });
  return out;
}

function toWriteOff(user: CurrentUser, w: WriteOffDetailRow, mayDecide = WRITE_OFF_APPROVERS.includes(user.role)) {
  return {
    id: w.id,
    receivableId: w.receivable_id,
    jobNo: w.job_no,
    label: w.label,
    customerNo: w.customer_no,
    customerName: w.customer_name,
    currency: w.currency,
    amount: fmt(w.amount, w.currency),
    reason: w.reason,
    status: w.status,
    proposedBy: w.proposed_by,
    proposedRole: w.proposed_role,
    source: w.source,
    decidedBy: w.decided_by,
    decidedAt: w.decided_at?.toISOString() ?? null,
    decisionComment: w.decision_comment,
    entryId: w.entry_id,
    createdAt: w.created_at.toISOString(),
    actions: actionsOf(user, w, mayDecide),
  };
}

/** The write-off as the caller may see it — in their own customer scope or a delegator's (actingScopeOf) — or 404. */
async function visibleWriteOff(db: Kysely<Database>, user: CurrentUser, id: number): Promise<WriteOffDetailRow> {
  const w = await findWriteOff(db, id);
  if (!w || !isInScope(await actingScopeOf(db, user), w.owner_id))
    throw new AppError('not_found', '查無此壞賬核銷 No such write-off');
  return w;
}

/** Whether `user` may decide write-offs today: the GM, or someone the GM delegated the role to. */
const decides = async (deps: ApiDeps, user: CurrentUser) =>
  (await actingRoles(deps, user)).some((r) => WRITE_OFF_APPROVERS.includes(r));

type Decision = 'approve' | 'refuse' | 'return';
/** The status each decision leaves the write-off in (also its audit action `write_off.<status>`). */
const DECIDED: Record<Decision, 'approved' | 'refused' | 'returned'> = {
  approve: 'approved',
  refuse: 'refused',
  return: 'returned',
};

export function writeOffRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/write-offs',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Propose a write-off 壞賬核銷 of a receivable (salesperson: own customers; settlement): the GM decides',
          headers: IdempotencyHeaders,
          body: ProposeBody,
          response: { 201: WriteOffView, 200: WriteOffView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, WRITE_OFF_PROPOSERS, 'propose write-offs');
        const key = idempotencyKeyOf(req);
        const rec = await findReceivableWithOwner(deps.db, req.body.receivableId);
        if (!rec || !isInScope(await customerScopeOf(deps.db, user), rec.owner_id))
          throw new AppError('not_found', '查無此應收款 No such receivable');
        const { ref, replay } = await once(deps.db, user.id, 'write-off', key, (trx) =>
          proposeWriteOff(trx, user, req.body, key, deps.config.inboxSla.writeOff),
        );
        return reply.status(replay ? 200 : 201).send(toWriteOff(user, (await findWriteOff(deps.db, ref))!));
      },
    );

    app.get(
      '/write-offs',
      {
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary: 'Write-off proposals and decisions of the customers in sight (own, or a delegator’s), newest first',
          querystring: WriteOffQuery,
          response: { 200: z.object({ items: z.array(WriteOffView) }), ...errorResponses },
        },
      },
      async (req) => {
        const { user } = await ledgerReader(deps.db, req);
        // A delegate of the GM sees (and decides) what the GM does.
        const [rows, mayDecide] = await Promise.all([
          actingScopeOf(deps.db, user).then((scope) => listWriteOffs(deps.db, { ...req.query, ownerIds: scope })),
          decides(deps, user),
        ]);
        return { items: rows.map((w) => toWriteOff(user, w, mayDecide)) };
      },
    );

    app.get(
      '/write-offs/:writeOffId',
      {
        preValidation: ledgerGate(deps),
        schema: {
          tags: ['receivables'],
          summary: 'One write-off with what the caller may do with it (actions)',
          params: WriteOffParams,
          response: { 200: WriteOffView, ...errorResponses },
        },
      },
      async (req) => {
        const { user } = await ledgerReader(deps.db, req);
        return toWriteOff(user, await visibleWriteOff(deps.db, user, req.params.writeOffId), await decides(deps, user));
      },
    );

    const decisionRoute = (decision: Decision, summary: string) =>
      app.post(
        `/write-offs/:writeOffId/${decision}`,
        {
          schema: {
            tags: ['receivables'],
            summary,
            headers: IdempotencyHeaders,
            params: WriteOffParams,
            body: decision === 'approve' ? z.strictObject({ comment: text(2000).optional() }) : requiredCommentBody,
            response: { 200: WriteOffView, ...errorResponses },
          },
        },
        async (req) => {
          // The GM, or a delegate of the GM acting on the GM's behalf (recorded in the audit).
          const user = currentUser(req);
          const actor = await resolveActor(deps, user, WRITE_OFF_APPROVERS);
          const key = idempotencyKeyOf(req);
          const { writeOffId } = req.params;
          const { owner_id: ownerId } = await visibleWriteOff(deps.db, user, writeOffId);
          const comment = req.body.comment ?? null;
          await deps.db.transaction().execute(async (trx) => {
            if (await findAuditByKey(trx, 'write_off', String(writeOffId), key)) return; // a retry: answered below
            const w = (await lockWriteOff(trx, writeOffId))!;
            if (w.proposed_by === user.id)
              throw new AppError(
                'forbidden',
                '職責分離：提議核銷的人不能決定它 The proposer of a write-off may not decide it',
                {
                  reason: 'segregation_of_duties',
                },
              );
            if (w.status !== 'proposed')
              throw writeOffNotIn((await findWriteOff(trx, writeOffId))!, '不在等待決定', 'not waiting for a decision');
            let entryId: number | null = null;
            if (decision === 'approve') {
              const { entry } = await appendEntry(
                trx,
                actor,
                {
                  receivableId: w.receivable_id,
                  kind: 'write_off',
                  amount: fmt(w.amount, w.currency),
                  direction: 'decrease',
                  entryDate: businessToday(),
                  reason: w.reason,
                  cause: { writeOffId },
                },
                key,
              );
              entryId = entry.id;
            }
            const status = DECIDED[decision];
            // A returned write-off waits for its proposer to revise and resubmit it; a final decision closes the item.
            await moveWorkItem(trx, {
              recordType: 'write_off',
              recordId: String(writeOffId),
              closedBy: user.id,
              next:
                status === 'returned'
                  ? {
                      step: 'write_off.revise',
                      role: w.proposed_role,
                      ownerId,
                      customerNo: w.customer_no,
                      summary: {
                        stepLabel: `壞賬核銷被退回，待修改重提 ${moneyText(w.amount, w.currency as Currency)} Write-off returned: revise and resubmit`,
                        totals: [{ currency: w.currency, amount: fmt(w.amount, w.currency) }],
                      },
                      dueAt: await dueAtOf(trx, deps.config.inboxSla.writeOffRevise),
                    }
                  : null,
            });
            await updateWriteOff(trx, writeOffId, {
              status,
              decided_by: user.id,
              decided_at: new Date(),
              decision_comment: comment,
              entry_id: entryId,
            });
            await appendAudit(trx, {
              actorId: user.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'write_off',
              recordId: String(writeOffId),
              action: `write_off.${status}`,
              fromState: 'proposed',
              toState: status,
              comment,
              changes: entryId ? { entryId } : {},
              idempotencyKey: key,
            });
          });
          return toWriteOff(user, (await findWriteOff(deps.db, writeOffId))!, true);
        },
      );
    decisionRoute('approve', 'The GM approves a write-off: a write_off entry lowers the receivable (not the proposer)');
    decisionRoute('return', 'The GM returns a write-off proposal to its proposer with a comment');
    decisionRoute('refuse', 'The GM refuses a write-off proposal with a comment (final)');

    app.post(
      '/write-offs/:writeOffId/resubmit',
      {
        schema: {
          tags: ['receivables'],
          summary: 'The proposer resubmits a returned write-off with a revised amount and reason',
          headers: IdempotencyHeaders,
          params: WriteOffParams,
          body: ResubmitBody,
          response: { 200: WriteOffView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, WRITE_OFF_PROPOSERS, 'resubmit write-offs');
        const key = idempotencyKeyOf(req);
        const { writeOffId } = req.params;
        const { owner_id: ownerId } = await visibleWriteOff(deps.db, user, writeOffId);
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'write_off', String(writeOffId), key)) return;
          const w = (await lockWriteOff(trx, writeOffId))!;
          if (w.proposed_by !== user.id) {
            const proposer = await personText(trx, w.proposed_by);
            throw new AppError(
              'forbidden',
              `退回的壞賬核銷只由提議人 ${proposer} 重新提交 Only the proposer, ${proposer}, resubmits a returned write-off`,
              { reason: 'not_owner' },
            );
          }
          if (w.status !== 'returned')
            throw writeOffNotIn((await findWriteOff(trx, writeOffId))!, '未被退回', 'not returned');
          await checkAmount(trx, w.receivable_id, w.currency, req.body.amount);
          await updateWriteOff(trx, writeOffId, {
            status: 'proposed',
            amount: req.body.amount,
            reason: req.body.reason,
            decided_by: null,
            decided_at: null,
            decision_comment: null,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'write_off',
            recordId: String(writeOffId),
            action: 'write_off.resubmitted',
            fromState: 'returned',
            toState: 'proposed',
            comment: req.body.reason,
            changes: { amount: { from: w.amount, to: req.body.amount } },
            idempotencyKey: key,
          });
          await awaitDecision(trx, user.id, {
            id: writeOffId,
            customerNo: w.customer_no,
            ownerId,
            currency: w.currency,
            amount: req.body.amount,
            due: deps.config.inboxSla.writeOff,
          });
        });
        return toWriteOff(user, (await findWriteOff(deps.db, writeOffId))!);
      },
    );

    app.post(
      '/write-offs/:writeOffId/withdraw',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Its proposer withdraws a write-off while proposed or returned (final); the waiting inbox item closes and the receivable may be proposed again',
          headers: IdempotencyHeaders,
          params: WriteOffParams,
          body: z.strictObject({ comment: text(2000).optional() }),
          response: { 200: WriteOffView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        await resolveActor(deps, user, WRITE_OFF_PROPOSERS);
        const key = idempotencyKeyOf(req);
        const { writeOffId } = req.params;
        const seen = await visibleWriteOff(deps.db, user, writeOffId);
        // Its proposer only (as themself, or whoever holds their delegation: api/acting.ts).
        const actor = await resolveActorAs(deps, user, WRITE_OFF_PROPOSERS, seen.proposed_by);
        const comment = req.body.comment ?? null;
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'write_off', String(writeOffId), key)) return; // a retry: answered below
          const w = (await lockWriteOff(trx, writeOffId))!;
          if (!WITHDRAWABLE.includes(w.status))
            throw writeOffNotIn({ ...seen, status: w.status }, '不能撤回', 'not to be withdrawn');
          await updateWriteOff(trx, writeOffId, { status: 'withdrawn' });
          await moveWorkItem(trx, {
            recordType: 'write_off',
            recordId: String(writeOffId),
            closedBy: user.id,
            next: null,
          });
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'write_off',
            recordId: String(writeOffId),
            action: 'write_off.withdrawn',
            fromState: w.status,
            toState: 'withdrawn',
            comment,
            idempotencyKey: key,
          });
        });
        return toWriteOff(user, (await findWriteOff(deps.db, writeOffId))!);
      },
    );
  };
}
