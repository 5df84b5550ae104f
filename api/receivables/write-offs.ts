/**
 * Write-offs 壞賬核銷 (§3.4.2 bad and doubtful debts): a salesperson (own customers) or settlement
 * proposes writing off part or all of a receivable; the GM approves (a `write_off` ledger entry, its own
 * kind), refuses (final) or returns it with a comment (the proposer may resubmit). Segregation of
 * duties: the proposer never approves (403 `segregation_of_duties`). Every step audited (`write_off`,
 * `<id>`) and idempotent by `Idempotency-Key`.
 *
 * `proposeWriteOff` is the one way a proposal is made — the route and the abnormal-collection workflow
 * call it.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely, Transaction } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import type { Database } from '../../db/database';
import { findReceivableWithOwner, lockReceivables } from '../../db/ledger.repository';
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
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { amountDigitsProblem, parseDecimal } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import type { Role } from '../../machines/roles';
import { RecordActions } from '../actions';
import { idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import { customerScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses, identifier, moneyAmount, requiredCommentBody, text } from '../schemas';
import { LEDGER_READERS, ledgerReader, WRITE_OFF_APPROVERS, WRITE_OFF_PROPOSERS } from './access';
import { appendEntry, once, unprocessable } from './entries';
import { fmt } from './views';

const WRITE_OFF_STATUSES = ['proposed', 'approved', 'refused', 'returned'] as const;

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
  if (amount.lte(0)) throw unprocessable('amount', 'must be greater than zero');
  if (amount.gt(parseDecimal(locked!.outstanding)))
    throw unprocessable('amount', 'more than the receivable’s outstanding amount');
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
 * Proposes a write-off in the caller's transaction and writes its audit row (`write_off.proposed`).
 * `proposer` is the person proposing (role `sales` for their own customer's receivable, or `settlement`).
 * @returns the write-off's id.
 * @throws AppError forbidden (another role, or a salesperson's proposal for someone else's customer),
 *   not_found (no such receivable), bad_request (amount digits), unprocessable (amount zero or more than
 *   outstanding), conflict (a proposal on this receivable is already waiting: `details.writeOffId`).
 */
export async function proposeWriteOff(
  trx: Transaction<Database>,
  proposer: { id: string; role: string },
  p: WriteOffProposal,
  idempotencyKey: string | null,
): Promise<number> {
  const rec = await findReceivableWithOwner(trx, p.receivableId);
  if (!rec) throw new AppError('not_found', `No receivable ${p.receivableId}`);
  if (!WRITE_OFF_PROPOSERS.includes(proposer.role as Role))
    throw new AppError('forbidden', `Role '${proposer.role}' may not propose write-offs`, {
      reason: proposer.role === 'auditor' ? 'read_only' : 'role_not_allowed',
    });
  if (!mayPropose(proposer, rec.owner_id))
    throw new AppError('forbidden', 'A salesperson proposes write-offs of their own customers only', {
      reason: 'not_owner',
    });
  await checkAmount(trx, p.receivableId, rec.currency, p.amount);
  const live = await findLiveWriteOff(trx, p.receivableId);
  if (live)
    throw new AppError('conflict', `Write-off ${live.id} of receivable ${p.receivableId} is already waiting`, {
      reason: 'wrong_state',
      writeOffId: live.id,
    });
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
  return row.id;
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

function actionsOf(user: CurrentUser, w: WriteOffDetailRow): RecordAction[] {
  const base = `/write-offs/${w.id}`;
  const out: RecordAction[] = [];
  if (WRITE_OFF_APPROVERS.includes(user.role) && w.status === 'proposed') {
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
  return out;
}

function toWriteOff(user: CurrentUser, w: WriteOffDetailRow) {
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
    actions: actionsOf(user, w),
  };
}

/** The write-off as the caller may see it, or 404. */
async function visibleWriteOff(db: Kysely<Database>, user: CurrentUser, id: number): Promise<WriteOffDetailRow> {
  const w = await findWriteOff(db, id);
  if (!w || !isInScope(await customerScopeOf(db, user), w.owner_id))
    throw new AppError('not_found', `No write-off ${id}`);
  return w;
}

type Decision = 'approve' | 'refuse' | 'return';

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
          throw new AppError('not_found', `No receivable ${req.body.receivableId}`);
        const { ref, replay } = await once(deps.db, user.id, 'write-off', key, (trx) =>
          proposeWriteOff(trx, user, req.body, key),
        );
        return reply.status(replay ? 200 : 201).send(toWriteOff(user, (await findWriteOff(deps.db, ref))!));
      },
    );

    app.get(
      '/write-offs',
      {
        preValidation: async (req) => {
          requireRole(req, LEDGER_READERS, 'read receivables');
        },
        schema: {
          tags: ['receivables'],
          summary: 'Write-off proposals and decisions of the customers in sight, newest first',
          querystring: WriteOffQuery,
          response: { 200: z.object({ items: z.array(WriteOffView) }), ...errorResponses },
        },
      },
      async (req) => {
        const { user, scope } = await ledgerReader(deps.db, req);
        const rows = await listWriteOffs(deps.db, { ...req.query, ownerIds: scope });
        return { items: rows.map((w) => toWriteOff(user, w)) };
      },
    );

    app.get(
      '/write-offs/:writeOffId',
      {
        preValidation: async (req) => {
          requireRole(req, LEDGER_READERS, 'read receivables');
        },
        schema: {
          tags: ['receivables'],
          summary: 'One write-off with what the caller may do with it (actions)',
          params: WriteOffParams,
          response: { 200: WriteOffView, ...errorResponses },
        },
      },
      async (req) => {
        const { user } = await ledgerReader(deps.db, req);
        return toWriteOff(user, await visibleWriteOff(deps.db, user, req.params.writeOffId));
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
          const user = requireRole(req, WRITE_OFF_APPROVERS, `${decision} write-offs`);
          const key = idempotencyKeyOf(req);
          const { writeOffId } = req.params;
          await visibleWriteOff(deps.db, user, writeOffId);
          const comment = req.body.comment ?? null;
          await deps.db.transaction().execute(async (trx) => {
            if (await findAuditByKey(trx, 'write_off', String(writeOffId), key)) return; // a retry: answered below
            const w = (await lockWriteOff(trx, writeOffId))!;
            if (w.proposed_by === user.id)
              throw new AppError('forbidden', 'The proposer of a write-off may not decide it', {
                reason: 'segregation_of_duties',
              });
            if (w.status !== 'proposed')
              throw new AppError('conflict', `Write-off ${writeOffId} is ${w.status}, not waiting for a decision`, {
                reason: 'wrong_state',
              });
            let entryId: number | null = null;
            if (decision === 'approve') {
              const { entry } = await appendEntry(
                trx,
                user,
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
            const status = decision === 'approve' ? 'approved' : decision === 'refuse' ? 'refused' : 'returned';
            await updateWriteOff(trx, writeOffId, {
              status,
              decided_by: user.id,
              decided_at: new Date(),
              decision_comment: comment,
              entry_id: entryId,
            });
            await appendAudit(trx, {
              actorId: user.id,
              actorRole: user.role,
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
          return toWriteOff(user, (await findWriteOff(deps.db, writeOffId))!);
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
        await visibleWriteOff(deps.db, user, writeOffId);
        await deps.db.transaction().execute(async (trx) => {
          if (await findAuditByKey(trx, 'write_off', String(writeOffId), key)) return;
          const w = (await lockWriteOff(trx, writeOffId))!;
          if (w.proposed_by !== user.id)
            throw new AppError('forbidden', 'Only the proposer resubmits a returned write-off', {
              reason: 'not_owner',
            });
          if (w.status !== 'returned')
            throw new AppError('conflict', `Write-off ${writeOffId} is ${w.status}, not returned`, {
              reason: 'wrong_state',
            });
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
        });
        return toWriteOff(user, (await findWriteOff(deps.db, writeOffId))!);
      },
    );
  };
}
