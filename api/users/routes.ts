/**
 * Users 「用戶」: read by the back office for pickers (owners, delegates, approvers' names), managed by the
 * `admin` role — create, change display name / role / manager / price authority, deactivate and
 * reactivate. Every change is one audit row (`user`, `<id>`) with the fields changed; an admin cannot
 * change their own role, price authority or activity (no one raises their own rights).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Kysely } from 'kysely';
import { z } from 'zod';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import type { Database } from '../../db/database';
import { isUniqueViolation } from '../../db/customer.repository';
import {
  countOwnedCustomers,
  findUserById,
  insertUser,
  listUsers,
  lockUserById,
  updateUser,
} from '../../db/user.repository';
import type { UserRow } from '../../db/user.table';
import { AppError } from '../../lib/errors';
import { BACK_OFFICE_ROLES, ROLES, type Role } from '../../machines/roles';
import { idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses, identifier, Page, percent, text } from '../schemas';
import { bilingual, RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';
import { roleLabel, type Label } from '../../domain/labels';

/** Who may read users (pickers, names): back office, managers, auditors. */
const USER_READ_ROLES: readonly Role[] = [...BACK_OFFICE_ROLES, 'sales_manager', 'auditor'];
/** Who manages users. */
const USER_ADMIN_ROLES: readonly Role[] = ['admin'];

const userId = z
  .string()
  .regex(
    /^[a-z0-9][a-z0-9._-]{1,63}$/,
    'must be 2–64 characters of a–z 0–9 . _ - (the login), starting with a letter or digit',
  );
const priceAuthorityPct = percent.describe(
  'Largest discount below the tariff price this salesperson may quote, in per cent (0–100, 2 decimals); null = the default',
);

/** An e-mail address for notices (a plain addr-spec, at most 254 characters). */
const email = z
  .string()
  .max(254)
  .regex(/^[A-Za-z0-9._%+-]{1,64}@[A-Za-z0-9-]+(\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}$/, 'must be an e-mail address')
  .meta({ format: 'email' });

const User = z.object({
  id: z.string(),
  displayName: z.string(),
  role: z.enum(ROLES),
  managerId: z.string().nullable(),
  priceAuthorityPct: z
    .string()
    .nullable()
    .describe('Per cent, 2 decimals; null = the default PRICE_AUTHORITY_DEFAULT_PCT'),
  active: z.boolean(),
  email: z.string().nullable().describe('Where notices are mailed (SMTP_URL); null: logged only'),
  createdAt: z.string(),
});
type UserView = z.infer<typeof User>;

const toUser = (u: UserRow): UserView => ({
  id: u.id,
  displayName: u.display_name,
  role: u.role,
  managerId: u.manager_id,
  priceAuthorityPct: u.price_authority_pct === null ? null : Number(u.price_authority_pct).toFixed(2),
  active: u.active,
  email: u.email,
  createdAt: new Date(u.created_at).toISOString(),
});

const CreateUserBody = z.strictObject({
  id: userId,
  displayName: text(100),
  role: z.enum(ROLES),
  managerId: text(64).nullable().optional(),
  priceAuthorityPct: priceAuthorityPct.nullable().optional(),
  email: email.nullable().optional(),
});
const UpdateUserBody = z
  .strictObject({
    displayName: text(100).optional(),
    role: z.enum(ROLES).optional(),
    managerId: text(64).nullable().optional(),
    priceAuthorityPct: priceAuthorityPct.nullable().optional(),
    email: email.nullable().optional(),
  })
  .refine((b) => Object.keys(b).length > 0, 'name at least one field to change');
const UserParams = z.strictObject({ userId: identifier() });
const ListUsersQuery = Page.extend({
  role: z.enum(ROLES).optional(),
  active: z.enum(['true', 'false']).optional(),
  q: text(100).optional(),
});

/**
 * A manager must be another active user; a salesperson has one, and it is a sales manager (their team): a
 * salesperson in no team has nobody to read or review their plans, diaries, visits and escalations. Checked on
 * create and whenever a user's role or manager changes.
 */
async function checkManager(db: Kysely<Database>, id: string, role: Role, managerId: string | null): Promise<void> {
  if (managerId === null) {
    if (role === 'sales')
      throw new AppError(
        'unprocessable',
        bilingual('業務員須有主管（業務經理）', 'A salesperson needs a manager: a sales manager (their team)'),
        { field: 'managerId' },
      );
    return;
  }
  if (managerId === id)
    throw new AppError('unprocessable', bilingual('使用者不能是自己的主管', 'A user cannot be their own manager'), {
      field: 'managerId',
    });
  const manager = await findUserById(db, managerId);
  if (!manager || !manager.active)
    throw new AppError(
      'unprocessable',
      `主管「${manager?.display_name ?? managerId}」不是在職使用者 Manager '${managerId}' is not an active user`,
      { field: 'managerId' },
    );
  if (role === 'sales' && manager.role !== 'sales_manager') {
    throw new AppError(
      'unprocessable',
      `業務員的主管須為業務經理；${manager.display_name} 是「${roleLabel(manager.role).zh}」 A salesperson’s manager is a sales manager; '${managerId}' is ${manager.role}`,
      { field: 'managerId' },
    );
  }
}

/** No one raises their own rights: an admin's own role, price authority and activity are changed by another admin. */
function refuseOwnRights(admin: CurrentUser, id: string, what: Label): void {
  if (admin.id === id)
    throw new AppError(
      'forbidden',
      `系統管理員不能變更自己的${what.zh}，須由另一位系統管理員變更 An administrator cannot change their own ${what.en}; another administrator must`,
      { reason: 'segregation_of_duties' },
    );
}

const changesOf = (before: UserView, after: UserView) =>
  Object.fromEntries(
    (['displayName', 'role', 'managerId', 'priceAuthorityPct', 'active', 'email'] as const)
      .filter((f) => before[f] !== after[f])
      .map((f) => [f, { from: before[f], to: after[f] }]),
  );

export function userRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Users with display names, for pickers (back office, managers, auditors)',
          querystring: ListUsersQuery,
          response: { 200: z.object({ items: z.array(User), total: z.number().int() }), ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, USER_READ_ROLES, 'list users');
        const { role, active, q, limit, offset } = req.query;
        const rows = await listUsers(deps.db, {
          ...(role ? { role } : {}),
          ...(active ? { active: active === 'true' } : {}),
          ...(q ? { q } : {}),
        });
        return { items: rows.slice(offset, offset + limit).map(toUser), total: rows.length };
      },
    );

    app.get(
      '/users/:userId',
      {
        schema: {
          tags: ['users'],
          summary: 'One user',
          params: UserParams,
          response: { 200: User, ...errorResponses },
        },
      },
      async (req) => {
        requireRole(req, USER_READ_ROLES, 'read users');
        const u = await findUserById(deps.db, req.params.userId);
        if (!u) throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.user, req.params.userId));
        return toUser(u);
      },
    );

    app.post(
      '/users',
      {
        schema: {
          tags: ['users'],
          summary: 'Create a user (admin); the id is the login (token subject)',
          body: CreateUserBody,
          response: { 201: User, 200: User, ...errorResponses },
        },
      },
      async (req, reply) => {
        const admin = requireRole(req, USER_ADMIN_ROLES, 'create users');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        if (await findAuditByKey(deps.db, 'user', b.id, key))
          return reply.status(200).send(toUser((await findUserById(deps.db, b.id))!));
        const managerId = b.managerId ?? null;
        await checkManager(deps.db, b.id, b.role, managerId);
        try {
          const row = await deps.db.transaction().execute(async (trx) => {
            const created = await insertUser(trx, {
              id: b.id,
              display_name: b.displayName,
              role: b.role,
              manager_id: managerId,
              price_authority_pct: b.priceAuthorityPct ?? null,
              email: b.email ?? null,
            });
            const view = toUser(created);
            await appendAudit(trx, {
              actorId: admin.id,
              actorRole: admin.role,
              recordType: 'user',
              recordId: created.id,
              action: 'user.created',
              toState: 'active',
              changes: {
                displayName: view.displayName,
                role: view.role,
                managerId: view.managerId,
                priceAuthorityPct: view.priceAuthorityPct,
                email: view.email,
              },
              idempotencyKey: key,
            });
            return created;
          });
          return reply.status(201).send(toUser(row));
        } catch (err) {
          if (!isUniqueViolation(err)) throw err;
          // The same request at the same moment made it first; otherwise the id is taken.
          if (await findAuditByKey(deps.db, 'user', b.id, key))
            return reply.status(200).send(toUser((await findUserById(deps.db, b.id))!));
          const taken = await findUserById(deps.db, b.id);
          throw new AppError(
            'conflict',
            `使用者代號「${b.id}」已被 ${taken?.display_name ?? b.id} 使用 A user '${b.id}' already exists`,
            { reason: 'duplicate' },
          );
        }
      },
    );

    app.patch(
      '/users/:userId',
      {
        schema: {
          tags: ['users'],
          summary:
            'Change a user’s display name, role, manager, price authority or e-mail address (admin; not their own rights)',
          params: UserParams,
          body: UpdateUserBody,
          response: { 200: User, ...errorResponses },
        },
      },
      async (req) => {
        const admin = requireRole(req, USER_ADMIN_ROLES, 'change users');
        const key = idempotencyKeyOf(req);
        const { userId: id } = req.params;
        const b = req.body;
        if (b.role !== undefined) refuseOwnRights(admin, id, { zh: '角色', en: 'role' });
        if (b.priceAuthorityPct !== undefined) refuseOwnRights(admin, id, { zh: '價格權限', en: 'price authority' });
        const row = await deps.db.transaction().execute(async (trx) => {
          const current = await lockUserById(trx, id);
          if (!current) throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.user, id));
          if (await findAuditByKey(trx, 'user', id, key)) return current;
          const role = b.role ?? current.role;
          const managerId = b.managerId === undefined ? current.manager_id : b.managerId;
          if (b.role !== undefined || b.managerId !== undefined) await checkManager(trx, id, role, managerId);
          if (current.role === 'sales' && role !== 'sales') {
            const owned = await countOwnedCustomers(trx, id);
            // A customer's owner is always a salesperson.
            if (owned > 0)
              throw new AppError(
                'conflict',
                `${current.display_name} 名下有 ${owned} 位客戶，移交之前仍須為業務員 ${id} owns ${owned} customer(s) and stays a salesperson until they are handed over`,
                { reason: 'wrong_state', ownedCustomers: owned },
              );
          }
          const set = {
            ...(b.displayName !== undefined ? { display_name: b.displayName } : {}),
            ...(b.role !== undefined ? { role: b.role } : {}),
            ...(b.managerId !== undefined ? { manager_id: b.managerId } : {}),
            ...(b.priceAuthorityPct !== undefined ? { price_authority_pct: b.priceAuthorityPct } : {}),
            ...(b.email !== undefined ? { email: b.email } : {}),
          };
          const updated = await updateUser(trx, id, set);
          const changes = changesOf(toUser(current), toUser(updated));
          if (Object.keys(changes).length === 0) return updated;
          await appendAudit(trx, {
            actorId: admin.id,
            actorRole: admin.role,
            recordType: 'user',
            recordId: id,
            action: 'user.updated',
            changes,
            idempotencyKey: key,
          });
          return updated;
        });
        return toUser(row);
      },
    );

    for (const [path, active] of [
      ['deactivate', false],
      ['reactivate', true],
    ] as const) {
      app.post(
        `/users/:userId/${path}`,
        {
          schema: {
            tags: ['users'],
            summary: active
              ? 'Reactivate a user (admin)'
              : 'Deactivate a user (admin; not themself): their tokens stop working at once',
            params: UserParams,
            response: { 200: User, ...errorResponses },
          },
        },
        async (req) => {
          const admin = requireRole(req, USER_ADMIN_ROLES, `${path} users`);
          const key = idempotencyKeyOf(req);
          const { userId: id } = req.params;
          refuseOwnRights(admin, id, { zh: '啟用狀態', en: 'activity' });
          const row = await deps.db.transaction().execute(async (trx) => {
            const current = await lockUserById(trx, id);
            if (!current) throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.user, id));
            if (await findAuditByKey(trx, 'user', id, key)) return current;
            if (current.active === active)
              throw new AppError(
                'conflict',
                `${current.display_name} 已是${active ? '啟用' : '停用'}狀態 User ${id} is already ${active ? 'active' : 'inactive'}`,
                { reason: 'wrong_state' },
              );
            const updated = await updateUser(trx, id, { active });
            await appendAudit(trx, {
              actorId: admin.id,
              actorRole: admin.role,
              recordType: 'user',
              recordId: id,
              action: active ? 'user.reactivated' : 'user.deactivated',
              fromState: active ? 'inactive' : 'active',
              toState: active ? 'active' : 'inactive',
              idempotencyKey: key,
            });
            return updated;
          });
          return toUser(row);
        },
      );
    }
  };
}
