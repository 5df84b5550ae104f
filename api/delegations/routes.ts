/**
 * Delegation: a manager or the GM hands their approvals to another active user for a date range; the
 * delegate acts in the delegator's role and every step records "on behalf of" the delegator.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findDisplayNames, findUserById } from '../../db/user.repository';
import { findDelegation, insertDelegation, listDelegations, revokeDelegation } from '../../db/work-item.repository';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { isUniqueViolation } from '../../db/customer.repository';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import { currentUser, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, isoDate, text } from '../schemas';

/** Roles whose approvals may be delegated. */
export const DELEGATING_ROLES: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
const READ_ALL: readonly Role[] = ['gm', 'auditor', 'admin'];

const Delegation = z.object({
  id: z.number(),
  fromUser: z.string(),
  toUser: z.string(),
  role: z.string(),
  startsOn: z.string(),
  endsOn: z.string(),
  revokedAt: z.string().nullable(),
});
/** As listed: the display names of both users beside their ids. */
const ListedDelegation = Delegation.extend({ fromUserName: z.string().nullable(), toUserName: z.string().nullable() });
const toView = (d: {
  id: number;
  from_user: string;
  to_user: string;
  role: string;
  starts_on: string;
  ends_on: string;
  revoked_at: Date | null;
}) => ({
  id: d.id,
  fromUser: d.from_user,
  toUser: d.to_user,
  role: d.role,
  startsOn: d.starts_on,
  endsOn: d.ends_on,
  revokedAt: d.revoked_at ? d.revoked_at.toISOString() : null,
});

export function delegationRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/delegations',
      {
        schema: {
          tags: ['delegations'],
          summary: 'Delegate my approvals to another active user for a date range (managers, GM)',
          body: z.strictObject({ toUser: text(64), startsOn: isoDate, endsOn: isoDate }),
          response: { 201: Delegation, 200: Delegation, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, DELEGATING_ROLES, 'delegate approvals');
        const key = idempotencyKeyOf(req);
        // A retry of a create that was made: the same delegation, 200.
        const replayed = async () => {
          const ref = await findRefForKey(deps.db, user.id, 'delegation', key);
          const d = ref === undefined ? undefined : await findDelegation(deps.db, ref);
          return d ? reply.status(200).send(toView(d)) : undefined;
        };
        const replay = await replayed();
        if (replay) return replay;
        const { toUser, startsOn, endsOn } = req.body;
        if (startsOn > endsOn)
          throw new AppError('bad_request', 'endsOn must not be before startsOn', {
            fields: [{ path: 'body.endsOn', message: 'before startsOn' }],
          });
        if (endsOn < businessToday()) throw new AppError('unprocessable', 'The range is already over');
        if (toUser === user.id) throw new AppError('unprocessable', 'A delegation goes to someone else');
        const delegate = await findUserById(deps.db, toUser);
        if (!delegate || !delegate.active) throw new AppError('unprocessable', `No active user ${toUser}`);
        if (delegate.role === 'auditor') throw new AppError('unprocessable', 'Auditors cannot act');
        let row;
        try {
          row = await deps.db.transaction().execute(async (trx) => {
            const d = await insertDelegation(trx, { fromUser: user.id, toUser, role: user.role, startsOn, endsOn });
            await recordRefForKey(trx, user.id, 'delegation', key, d.id);
            await appendAudit(trx, {
              actorId: user.id,
              actorRole: user.role,
              recordType: 'delegation',
              recordId: String(d.id),
              action: 'delegation.created',
              toState: 'active',
              changes: { toUser, role: user.role, startsOn, endsOn },
              idempotencyKey: key,
            });
            return d;
          });
        } catch (err) {
          // The same request at the same moment made it first (and this one rolled back).
          if (isUniqueViolation(err)) {
            const raced = await replayed();
            if (raced) return raced;
          }
          throw err;
        }
        return reply.status(201).send(toView(row));
      },
    );
    app.get(
      '/delegations',
      {
        schema: {
          tags: ['delegations'],
          summary: 'Delegations from or to me (GM and auditors: all)',
          response: { 200: z.object({ items: z.array(ListedDelegation) }), ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const rows = await listDelegations(deps.db, READ_ALL.includes(user.role) ? undefined : user.id);
        const names = await findDisplayNames(
          deps.db,
          rows.flatMap((d) => [d.from_user, d.to_user]),
        );
        return {
          items: rows.map((d) => ({
            ...toView(d),
            fromUserName: names.get(d.from_user) ?? null,
            toUserName: names.get(d.to_user) ?? null,
          })),
        };
      },
    );
    app.post(
      '/delegations/:id/revoke',
      {
        schema: {
          tags: ['delegations'],
          summary: 'Revoke a delegation (its delegator)',
          params: z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
          response: { 200: Delegation, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, DELEGATING_ROLES, 'revoke a delegation');
        const d = await findDelegation(deps.db, req.params.id);
        if (!d || d.from_user !== user.id) throw new AppError('not_found', `No delegation ${req.params.id}`);
        const key = idempotencyKeyOf(req);
        return deps.db.transaction().execute(async (trx) => {
          // The update waits for a concurrent revoke; a retry of the revoke that won is answered from the record.
          const revoked = await revokeDelegation(trx, d.id);
          if (!revoked) {
            if (await findAuditByKey(trx, 'delegation', String(d.id), key))
              return toView((await findDelegation(trx, d.id))!);
            throw new AppError('conflict', 'Already revoked');
          }
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: 'delegation',
            recordId: String(d.id),
            action: 'delegation.revoked',
            fromState: 'active',
            toState: 'revoked',
            idempotencyKey: key,
          });
          return toView(revoked);
        });
      },
    );
  };
}
