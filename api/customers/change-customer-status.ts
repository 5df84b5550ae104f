import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { transition } from 'xstate';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { lockCustomerByNo, setCustomerStatus } from '../../db/customer.repository';
import { AppError } from '../../lib/errors';
import type { RecordAction } from '../../domain/actions';
import { actionsOf, REFUSAL_TEXT, wrongStateRefusal } from '../../machines/permission';
import { refusalNames } from '../../domain/labels';
import {
  CUSTOMER_STATUS_ROLES,
  CUSTOMER_STATUS_STEPS,
  customerMachine,
  type CustomerStatus,
  type CustomerStatusEvent,
} from '../../machines/customer.machine';
import { actorOnRecord, actorsSeeing } from '../acting';
import { idempotencyKeyOf, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { ChangeCustomerStatusBody, Customer, CustomerParams, toCustomer } from './schemas';
import { IdempotencyHeaders } from '../idempotency';
import { customerOwner, noCustomer, visibleOrNotFound } from './visibility';

/**
 * The status the machine moves to on `event`, or why it refuses — authorization before state, so a role
 * that may never change a status learns nothing of it: role (403 `role_not_allowed`), not possible from
 * this status (409 `wrong_state`), missing comment (422 `comment_required`).
 */
function statusAfter(status: CustomerStatus, event: CustomerStatusEvent): CustomerStatus {
  const names = refusalNames('customer');
  if (!CUSTOMER_STATUS_ROLES.includes(event.actor.role)) {
    throw new AppError('forbidden', REFUSAL_TEXT.roleNotAllowed(names.step(event.type), names.role(event.actor.role)), {
      reason: 'role_not_allowed',
      allowedRoles: CUSTOMER_STATUS_ROLES,
    });
  }
  const snapshot = customerMachine.resolveState({ value: status, context: {} });
  if (snapshot.can(event)) return transition(customerMachine, snapshot, event)[0].value as CustomerStatus;
  if (!customerMachine.getStateNodeById(`customer.${status}`).ownEvents.includes(event.type)) {
    const refused = wrongStateRefusal(event.type, status, names);
    throw new AppError(refused.kind, refused.message, { reason: refused.reason, ...refused.details });
  }
  throw new AppError('unprocessable', REFUSAL_TEXT.commentRequired(names.step(event.type)), {
    reason: 'comment_required',
    field: 'comment',
  });
}

/**
 * The status changes `user` may send now on a customer in `status` — the customer card's `actions`, judged by the
 * machine's own guards (`actionsOf`) for the actor the route would act as (`actorsSeeing`: own role first, then each
 * delegation whose sight holds the customer's salesperson `ownerId`), so the card offers exactly what the route
 * accepts. Each is sent as `POST /customers/{no}/status` with `{ event: step }`; `commentRequired` when the change
 * needs a reason; terminating asks for confirmation (a final state). Empty for a role that may change no status,
 * and on a terminated customer.
 */
export async function customerStatusActions(
  deps: Pick<ApiDeps, 'db'>,
  customer: { customerNo: string; status: CustomerStatus; ownerId: string },
  user: CurrentUser,
): Promise<RecordAction[]> {
  const { customerNo, status } = customer;
  const seeing = await actorsSeeing(deps, user, CUSTOMER_STATUS_ROLES, customer.ownerId);
  const snapshot = customerMachine.resolveState({ value: status, context: {} });
  return actionsOf(snapshot, CUSTOMER_STATUS_STEPS, {
    basePath: `/customers/${customerNo}`,
    status,
    actorFor: (roles) => seeing.find((a) => roles.includes(a.role)),
  }).map((a) => ({ ...a, path: `/customers/${customerNo}/status` }));
}

export function changeCustomerStatusRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/customers/:customerNo/status',
      {
        schema: {
          tags: ['customers'],
          summary: 'Change the cooperation status 「合作狀態」: formalize, suspend, reinstate or terminate',
          headers: IdempotencyHeaders,
          params: CustomerParams,
          body: ChangeCustomerStatusBody,
          response: { 200: Customer, ...errorResponses },
        },
      },
      async (req) => {
        // Authorization before state: a role that may never change a status is refused before the customer is read.
        const { customerNo } = req.params;
        const { actor } = await actorOnRecord(
          deps,
          req,
          CUSTOMER_STATUS_ROLES,
          () => customerOwner(deps.db, customerNo),
          { outOfSight: () => noCustomer(customerNo) },
        );
        const key = idempotencyKeyOf(req);
        const comment = req.body.comment ?? undefined;
        const event: CustomerStatusEvent = {
          type: req.body.event,
          actor,
          ...(comment ? { comment } : {}),
        };
        const row = await deps.db.transaction().execute(async (trx) => {
          const current = visibleOrNotFound(undefined, customerNo, await lockCustomerByNo(trx, customerNo));
          if (await findAuditByKey(trx, 'customer', customerNo, key)) return current;
          const next = statusAfter(current.status, event);
          const updated = await setCustomerStatus(trx, current.id, next);
          await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'customer',
            recordId: customerNo,
            action: event.type,
            fromState: current.status,
            toState: next,
            comment: comment ?? null,
            idempotencyKey: key,
          });
          return updated;
        });
        return toCustomer(row);
      },
    );
  };
}
