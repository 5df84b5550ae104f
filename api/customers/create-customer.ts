import { businessYear } from '../../lib/dates';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { appendAudit } from '../../db/audit.repository';
import {
  findCustomerByCreationKey,
  findCustomerByNormalizedName,
  insertCustomer,
  isUniqueViolation,
  issueCustomerNo,
  normalizeCustomerName,
} from '../../db/customer.repository';
import { findUserById } from '../../db/user.repository';
import { actorsFor, forbiddenFor, resolveActor, resolveActorFor } from '../acting';
import { AppError } from '../../lib/errors';
import type { Actor, Role } from '../../machines/roles';
import { currentUser, idempotencyKeyOf, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { CreateCustomerBody, Customer, toCustomer } from './schemas';
import { IdempotencyHeaders } from '../idempotency';
import { refuseTakenName } from './unique-name';

/** Who may enter a new customer: salespeople for themselves, their managers and commerce for a salesperson. */
export const CUSTOMER_CREATE_ROLES: readonly Role[] = ['sales', 'sales_manager', 'commerce'];

/**
 * The owner, always an active salesperson (§3.3.4: a customer is quoted by its owner), and the actor who enters the
 * customer for them — by the one rule of api/acting.ts (`resolveActorFor`: own role first, then each delegation,
 * whose sight holds the owner). A salesperson owns what they enter in their own role (naming another is 403 unless
 * a delegation lets them act for that person's manager); anyone else must name one (400 without, 422 for a user who
 * is not an active salesperson) — a sales manager (or their delegate) one of the team, commerce any. 403 when the
 * user may enter no customer at all.
 */
export async function ownerOf(
  deps: Pick<ApiDeps, 'db'>,
  user: CurrentUser,
  ownerId: string | undefined,
): Promise<{ ownerId: string; actor: Actor }> {
  const actors = await actorsFor(deps, user, CUSTOMER_CREATE_ROLES);
  if (!actors.length) throw forbiddenFor(user, CUSTOMER_CREATE_ROLES);
  const ownSales = actors.find((a) => a.role === 'sales' && !a.onBehalfOf);
  if (ownSales && (ownerId === undefined || ownerId === user.id)) return { ownerId: user.id, actor: ownSales };
  if (actors.every((a) => a.role === 'sales'))
    throw new AppError('forbidden', '業務員只能為自己建立客戶 A salesperson enters customers for themself only', {
      reason: 'not_owner',
    });
  if (ownerId === undefined) {
    throw new AppError(
      'bad_request',
      'ownerId is required: a customer’s owner is always a salesperson, named by whoever else enters it',
      {
        fields: [{ path: 'body.ownerId', message: 'required unless a salesperson enters the customer' }],
      },
    );
  }
  const owner = await findUserById(deps.db, ownerId);
  const name = owner?.display_name ?? ownerId;
  if (!owner || !owner.active || owner.role !== 'sales') {
    throw new AppError('unprocessable', `${name} 不是在職業務員 ${name} is not an active salesperson`, {
      field: 'ownerId',
    });
  }
  // A sales manager (or their delegate) names one of the team (`sightOf`, the one rule of "my team"); commerce any.
  const actor = await resolveActorFor(deps, user, CUSTOMER_CREATE_ROLES, ownerId, {
    outOfSight: () =>
      new AppError('unprocessable', `${name} 不在您的團隊 ${name} is not in your team`, { field: 'ownerId' }),
  });
  return { ownerId, actor };
}

export function createCustomerRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/customers',
      {
        schema: {
          tags: ['customers'],
          summary: 'Enter a new customer; the system issues its number and it starts as prospective',
          headers: IdempotencyHeaders,
          body: CreateCustomerBody,
          response: { 201: Customer, 200: Customer, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = currentUser(req);
        await resolveActor(deps, user, CUSTOMER_CREATE_ROLES);
        const key = idempotencyKeyOf(req);
        const creationKey = `${user.id}:${key}`;
        const { ownerId: requestedOwner, ...fields } = req.body;
        const normalizedName = normalizeCustomerName(fields.fullName);
        // A customer made with this key is the answer (a retry, 200); else a taken name is 409. Looked up in this
        // order, again after a lost race: the name may be taken by this very request's twin (same key).
        const replayOrRefuse = async () => {
          const made = await findCustomerByCreationKey(deps.db, creationKey);
          if (made) return made;
          // The twin may have committed between the two look-ups: its row carries this key.
          const named = await findCustomerByNormalizedName(deps.db, normalizedName);
          if (named?.creation_key === creationKey) return named;
          if (named) await refuseTakenName(deps.db, normalizedName);
          return undefined;
        };
        const replay = await replayOrRefuse();
        if (replay) return reply.status(200).send(toCustomer(replay));
        const { ownerId, actor } = await ownerOf(deps, user, requestedOwner);
        try {
          const row = await deps.db.transaction().execute(async (trx) => {
            const customerNo = await issueCustomerNo(trx, deps.config.customerNoFormat, businessYear());
            const created = await insertCustomer(trx, { ...fields, customerNo, ownerId, creationKey });
            await appendAudit(trx, {
              actorId: actor.id,
              actorRole: actor.role,
              onBehalfOf: actor.onBehalfOf ?? null,
              recordType: 'customer',
              recordId: customerNo,
              action: 'customer.created',
              toState: created.status,
              changes: { ...fields, ownerId },
              idempotencyKey: key,
            });
            return created;
          });
          return reply.status(201).send(toCustomer(row));
        } catch (err) {
          // A concurrent request won the race (same key, or same name); the rollback gave the number back.
          if (!isUniqueViolation(err)) throw err;
          const raced = await replayOrRefuse();
          if (raced) return reply.status(200).send(toCustomer(raced));
          throw err;
        }
      },
    );
  };
}
