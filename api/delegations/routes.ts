/**
 * Delegation: a manager or the GM hands their approvals to another active user for a date range; the
 * delegate acts in the delegator's role and every step records "on behalf of" the delegator.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findDisplayNames, findUserById, listActiveUsers } from '../../db/user.repository';
import { findDelegation, insertDelegation, listDelegations, revokeDelegation } from '../../db/work-item.repository';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { isUniqueViolation } from '../../db/customer.repository';
import { findRefForKey, recordRefForKey } from '../../db/request-key.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import type { Role } from '../../machines/roles';
import type { RecordAction } from '../../domain/actions';
import { RecordActions } from '../actions';
import { currentUser, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, isoDate, text } from '../schemas';
import { bilingual, RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

/** Roles whose approvals may be delegated. */
export const DELEGATING_ROLES: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
const READ_ALL: readonly Role[] = ['gm', 'auditor', 'admin'];

/**
 * Why `delegate` cannot receive a delegation from the user `fromUserId` (null: it may): it must be an active user,
 * someone else, and not an auditor (auditors cannot act). The one rule of POST /delegations and of the
 * `delegates` GET /delegations offers.
 */
export function delegateRefusal(
  delegate: { id: string; role: string; active: boolean } | undefined,
  fromUserId: string,
  toUser: string,
): string | null {
  if (toUser === fromUserId) return bilingual('委託須交給他人', 'A delegation goes to someone else');
  if (!delegate || !delegate.active) return bilingual(`沒有在職使用者 ${toUser}`, `No active user ${toUser}`);
  if (delegate.role === 'auditor') return bilingual('審計不可受託', 'Auditors cannot act');
  return null;
}

/** What `user` may do on the delegation list: `create` (POST /delegations) for the delegating roles. */
function delegationListActions(user: CurrentUser): RecordAction[] {
  if (!DELEGATING_ROLES.includes(user.role)) return [];
  return [
    {
      step: 'create',
      method: 'POST',
      path: '/delegations',
      labelZh: '委託',
      labelEn: 'Delegate',
      commentRequired: false,
      allowed: true,
    },
  ];
}

const Delegate = z
  .object({ id: z.string(), displayName: z.string(), role: z.string() })
  .describe('A user who may receive the caller’s delegation');

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
            fields: [{ path: 'body.endsOn', message: 'must not be before startsOn' }],
          });
        const today = businessToday();
        // A delegation starts today at the earliest: one dated back would list the delegate as having held the
        // delegator's role on days they did not (an auditor reads the list as the record of who could act).
        if (startsOn < today)
          throw new AppError(
            'unprocessable',
            `開始日 ${startsOn} 早於今天（${today}） startsOn ${startsOn} is before today (${today})`,
            {
              field: 'startsOn',
              reason: 'in_past',
            },
          );
        if (endsOn < today)
          throw new AppError('unprocessable', bilingual('委託期間已結束', 'The range is already over'), {
            field: 'endsOn',
          });
        const refused = delegateRefusal(await findUserById(deps.db, toUser), user.id, toUser);
        if (refused) throw new AppError('unprocessable', refused, { field: 'toUser' });
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
          response: {
            200: z.object({
              items: z.array(ListedDelegation),
              actions: RecordActions.describe('What the caller may do on the list: `create` (POST /delegations)'),
              delegates: z
                .array(Delegate)
                .describe(
                  'Whom the caller may delegate to (active users other than the caller, no auditor), by role then name; empty for a caller who cannot delegate',
                ),
            }),
            ...errorResponses,
          },
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
          actions: delegationListActions(user),
          delegates: DELEGATING_ROLES.includes(user.role)
            ? (await listActiveUsers(deps.db))
                .filter((u) => delegateRefusal({ ...u, active: true }, user.id, u.id) === null)
                .map((u) => ({ id: u.id, displayName: u.display_name, role: u.role }))
            : [],
        };
      },
    );
    app.post(
      '/delegations/:id/revoke',
      {
        schema: {
          tags: ['delegations'],
          summary: 'Revoke a delegation (its delegator); 409 wrong_state when already revoked or ended',
          params: z.strictObject({ id: z.coerce.number().int().min(1).max(2_147_483_647) }),
          response: { 200: Delegation, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, DELEGATING_ROLES, 'revoke a delegation');
        const d = await findDelegation(deps.db, req.params.id);
        if (!d || d.from_user !== user.id)
          throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.delegation, req.params.id));
        const key = idempotencyKeyOf(req);
        return deps.db.transaction().execute(async (trx) => {
          // The update waits for a concurrent revoke; a retry of the revoke that won is answered from the record.
          // Only a running or future delegation can be revoked: an ended one lends nothing any more (409).
          if (!d.revoked_at && d.ends_on < businessToday())
            throw new AppError('conflict', `委託已於 ${d.ends_on} 結束 The delegation ended on ${d.ends_on}`, {
              reason: 'wrong_state',
            });
          const revoked = await revokeDelegation(trx, d.id);
          if (!revoked) {
            if (await findAuditByKey(trx, 'delegation', String(d.id), key))
              return toView((await findDelegation(trx, d.id))!);
            throw new AppError('conflict', '委託已撤銷 The delegation is already revoked', { reason: 'wrong_state' });
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
