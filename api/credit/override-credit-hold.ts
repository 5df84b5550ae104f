/**
 * A manager's override of a customer's credit hold (§3.4.4): `POST /contracts/:contractNo/credit-override`
 * lets one new job be opened under the contract; `POST /jobs/:jobNo/credit-override` lets the job's
 * containers be released for delivery. Both {reason}, by a sales manager (their team's customers) or the
 * GM, own role or delegated; audited (`customer_credit`, `<customerNo>`, `credit.hold_overridden`) and
 * idempotent (the same Idempotency-Key answers the override recorded first, 200).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../db/audit.repository';
import { findActiveHold, findDeliveryOverride, findOverride, insertOverride } from '../../db/credit-control.repository';
import { customerText } from '../../db/customer.repository';
import { findQuoteOfContract } from '../../db/job.repository';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { CREDIT_OVERRIDE_ROLES, type ActiveCreditHold, type CreditHoldScope } from '../../domain/credit-control';
import { AppError } from '../../lib/errors';
import type { Actor } from '../../machines/roles';
import { resolveActor, resolveActorFor } from '../acting';
import { currentUser, idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { JobDetail, JobParams } from '../jobs/schemas';
import { jobDetail, loadJob } from '../jobs/views';
import { errorResponses, identifier, text } from '../schemas';
import { CreditOverrideView, toOverrideView } from './hold';

const OverrideBody = z.strictObject({
  reason: text(2000).describe('Why the hold is overridden (recorded and audited)'),
});
const ContractParams = z.strictObject({ contractNo: identifier() });
const KEY_SCOPE = 'credit-override';

/** 409 `wrong_state`: the customer, named by number and name, is not on credit hold. */
async function notOnHold(db: ApiDeps['db'], customerNo: string): Promise<AppError> {
  const customer = await customerText(db, customerNo);
  return new AppError('conflict', `客戶 ${customer} 未被信用凍結 Customer ${customer} is not on credit hold`, {
    reason: 'wrong_state',
  });
}

/** Records the override and its audit row in one transaction; the key then names it. */
async function recordOverride(
  deps: ApiDeps,
  o: {
    actor: Actor;
    key: string;
    hold: ActiveCreditHold;
    scope: CreditHoldScope;
    contractNo: string | null;
    jobNo: string | null;
    reason: string;
  },
) {
  return deps.db.transaction().execute(async (trx) => {
    const row = await insertOverride(trx, { ...o, by: o.actor });
    await recordRefForKey(trx, o.actor.id, KEY_SCOPE, o.key, row.id);
    await appendAudit(trx, {
      actorId: o.actor.id,
      actorRole: o.actor.role,
      onBehalfOf: o.actor.onBehalfOf ?? null,
      recordType: 'customer_credit',
      recordId: o.hold.customerNo,
      action: 'credit.hold_overridden',
      fromState: 'on_hold',
      toState: 'on_hold',
      comment: o.reason,
      changes: { overrideId: row.id, scope: o.scope, contractNo: o.contractNo, jobNo: o.jobNo },
      idempotencyKey: o.key,
    });
    return row;
  });
}

export function overrideCreditHoldRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/contracts/:contractNo/credit-override',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Override the customer’s credit hold for one new job under this contract (sales manager of the team, GM; reason required)',
          headers: IdempotencyHeaders,
          params: ContractParams,
          body: OverrideBody,
          response: { 201: CreditOverrideView, 200: CreditOverrideView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = currentUser(req);
        await resolveActor(deps, user, CREDIT_OVERRIDE_ROLES);
        const key = idempotencyKeyOf(req);
        const prior = await findRefForKey(deps.db, user.id, KEY_SCOPE, key);
        if (prior !== undefined) return reply.status(200).send(toOverrideView((await findOverride(deps.db, prior))!));
        const { contractNo } = req.params;
        const quote = await findQuoteOfContract(deps.db, contractNo);
        const noContract = () => new AppError('not_found', `查無合同 ${contractNo} No contract ${contractNo}`);
        if (!quote) throw noContract();
        // In the sight of the role acted in — for a delegate the delegator's team (api/acting.ts).
        const acting = await resolveActorFor(deps, user, CREDIT_OVERRIDE_ROLES, quote.owner_id, {
          outOfSight: noContract,
        });
        const hold = await findActiveHold(deps.db, quote.customer_no);
        if (!hold) throw await notOnHold(deps.db, quote.customer_no);
        const row = await recordOverride(deps, {
          actor: acting,
          key,
          hold,
          scope: 'job_open',
          contractNo,
          jobNo: null,
          reason: req.body.reason,
        });
        return reply.status(201).send(toOverrideView(row));
      },
    );

    app.post(
      '/jobs/:jobNo/credit-override',
      {
        schema: {
          tags: ['jobs'],
          summary:
            'Override the customer’s credit hold to release this job’s containers for delivery (sales manager of the team, GM; reason required)',
          headers: IdempotencyHeaders,
          params: JobParams,
          body: OverrideBody,
          response: { 200: JobDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        await resolveActor(deps, user, CREDIT_OVERRIDE_ROLES);
        const key = idempotencyKeyOf(req);
        const job = await loadJob(deps, user, req.params.jobNo);
        // In the sight of the role acted in — for a delegate the delegator's team (api/acting.ts).
        const acting = await resolveActorFor(deps, user, CREDIT_OVERRIDE_ROLES, job.owner_id, {
          outOfSight: () => new AppError('not_found', `查無作業 ${job.job_no} No job ${job.job_no}`),
        });
        const prior = await findRefForKey(deps.db, user.id, KEY_SCOPE, key);
        if (prior === undefined) {
          const hold = await findActiveHold(deps.db, job.customer_no);
          if (!hold) throw await notOnHold(deps.db, job.customer_no);
          const existing = await findDeliveryOverride(deps.db, hold, job.job_no);
          if (existing)
            throw new AppError(
              'conflict',
              `作業 ${job.job_no} 已有信用凍結放行 Job ${job.job_no} already has an override of this credit hold`,
              { reason: 'wrong_state', overrideId: existing.id },
            );
          if (job.status === 'completed')
            throw new AppError('conflict', `作業 ${job.job_no} 已完成 Job ${job.job_no} is completed`, {
              reason: 'wrong_state',
            });
          await recordOverride(deps, {
            actor: acting,
            key,
            hold,
            scope: 'delivery',
            contractNo: null,
            jobNo: job.job_no,
            reason: req.body.reason,
          });
        }
        return jobDetail(deps, user, job.job_no);
      },
    );
  };
}
