import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import {
  isUniqueViolation,
  lockCustomerByNo,
  normalizeCustomerName,
  updateCustomer,
  type CustomerFields,
} from '../../db/customer.repository';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { actorOnRecord } from '../acting';
import { idempotencyKeyOf } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { Customer, CustomerParams, toCustomer, UpdateCustomerBody } from './schemas';
import { IdempotencyHeaders } from '../idempotency';
import { refuseTakenName } from './unique-name';
import { customerOwner, noCustomer, visibleOrNotFound } from './visibility';
import { REFUSAL_TEXT } from '../../machines/refusal-text';

/** Who may correct a customer's contact data (within what they may see, own role or delegated). */
export const CUSTOMER_EDIT_ROLES: readonly Role[] = ['sales', 'sales_manager', 'marketing_manager', 'commerce', 'gm'];

export function updateCustomerRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.patch(
      '/customers/:customerNo',
      {
        schema: {
          tags: ['customers'],
          summary: 'Correct a customer’s name or contact data; optional version for optimistic locking',
          headers: IdempotencyHeaders,
          params: CustomerParams,
          body: UpdateCustomerBody,
          response: { 200: Customer, ...errorResponses },
        },
      },
      async (req) => {
        const { customerNo } = req.params;
        const { actor } = await actorOnRecord(
          deps,
          req,
          CUSTOMER_EDIT_ROLES,
          () => customerOwner(deps.db, customerNo),
          {
            outOfSight: () => noCustomer(customerNo),
          },
        );
        const key = idempotencyKeyOf(req);
        const { version, ...patch } = req.body;
        try {
          const row = await deps.db.transaction().execute(async (trx) => {
            const current = visibleOrNotFound(undefined, customerNo, await lockCustomerByNo(trx, customerNo));
            if (await findAuditByKey(trx, 'customer', customerNo, key)) return current;
            if (version !== undefined && version !== current.version) {
              throw new AppError(
                'conflict',
                REFUSAL_TEXT.changedMeanwhile(
                  { zh: `客戶 ${customerNo} ${current.full_name}`, en: `Customer ${customerNo}` },
                  current.version,
                ),
                {
                  currentVersion: current.version,
                },
              );
            }
            const before = toCustomer(current);
            const changed: Partial<CustomerFields> = {};
            const changes: Record<string, { from: unknown; to: unknown }> = {};
            for (const [field, to] of Object.entries(patch) as [keyof CustomerFields, string | null | undefined][]) {
              if (to === undefined || to === before[field]) continue;
              Object.assign(changed, { [field]: to });
              changes[field] = { from: before[field], to };
            }
            if (Object.keys(changes).length === 0) return current;
            if (changed.fullName !== undefined)
              await refuseTakenName(trx, normalizeCustomerName(changed.fullName), customerNo);
            const updated = await updateCustomer(trx, current.id, changed);
            await appendAudit(trx, {
              actorId: actor.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'customer',
              recordId: customerNo,
              action: 'customer.updated',
              changes,
              idempotencyKey: key,
            });
            return updated;
          });
          return toCustomer(row);
        } catch (err) {
          // Another customer took the name between the check and the write.
          if (isUniqueViolation(err) && patch.fullName)
            await refuseTakenName(deps.db, normalizeCustomerName(patch.fullName), customerNo);
          throw err;
        }
      },
    );
  };
}
