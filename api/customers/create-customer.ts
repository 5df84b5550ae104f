import { businessYear } from '../../lib/dates';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { appendAudit } from '../../db/audit.repository';
import {
  findCustomerByCreationKey,
  findCustomerByNormalizedName,
  insertCustomer,
  isUniqueViolation,
  issueCustomerNo,
  normalizeCustomerName,
} from '../../db/customer.repository';
import type { Database } from '../../db/database';
import { findUserById } from '../../db/user.repository';
import { inSight, sightOf } from '../acting';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { CreateCustomerBody, Customer, toCustomer } from './schemas';
import { IdempotencyHeaders } from '../idempotency';
import { refuseTakenName } from './unique-name';

/** Who may enter a new customer: salespeople for themselves, their managers and commerce for a salesperson. */
export const CUSTOMER_CREATE_ROLES: readonly Role[] = ['sales', 'sales_manager', 'commerce'];

/**
 * The owner, always an active salesperson (§3.3.4: a customer is quoted by its owner): a salesperson owns
 * what they enter (naming another is 403); anyone else must name one (400 without, 422 for a user who is
 * not an active salesperson) — a sales manager one of the team, commerce any.
 */
export async function ownerOf(db: Kysely<Database>, user: CurrentUser, ownerId: string | undefined): Promise<string> {
  if (user.role === 'sales') {
    if (ownerId !== undefined && ownerId !== user.id)
      throw new AppError('forbidden', 'A salesperson enters customers for themself only');
    return user.id;
  }
  if (ownerId === undefined) {
    throw new AppError(
      'bad_request',
      'ownerId is required: a customer’s owner is always a salesperson, named by whoever else enters it',
      {
        fields: [{ path: 'body.ownerId', message: 'required unless a salesperson enters the customer' }],
      },
    );
  }
  const owner = await findUserById(db, ownerId);
  if (!owner || !owner.active || owner.role !== 'sales') {
    throw new AppError('unprocessable', `Owner '${ownerId}' is not an active salesperson`, { field: 'ownerId' });
  }
  // A sales manager names one of their team (`sightOf`, the one rule of "my team"); commerce any.
  if (!inSight(await sightOf({ db }, { id: user.id, role: user.role }), ownerId)) {
    throw new AppError('unprocessable', `Owner '${ownerId}' is not in your team`, { field: 'ownerId' });
  }
  return ownerId;
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
        const user = requireRole(req, CUSTOMER_CREATE_ROLES, 'enter customers');
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
        const ownerId = await ownerOf(deps.db, user, requestedOwner);
        try {
          const row = await deps.db.transaction().execute(async (trx) => {
            const customerNo = await issueCustomerNo(trx, deps.config.customerNoFormat, businessYear());
            const created = await insertCustomer(trx, { ...fields, customerNo, ownerId, creationKey });
            await appendAudit(trx, {
              actorId: user.id,
              actorRole: user.role,
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
