/** Authentication (bearer JWT → active user) and the role and write checks every route relies on. */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors';
import { findUserById } from '../db/user.repository';
import type { Actor, Role } from '../machines/roles';
import type { ApiDeps } from './deps';
import { IDEMPOTENCY_KEY_FORMAT } from './idempotency';
import { roleLabel } from '../domain/labels';
import { REFUSAL_TEXT } from '../machines/refusal-text';

export interface CurrentUser {
  id: string;
  role: Role;
  managerId: string | null;
  displayName: string;
}

declare module 'fastify' {
  interface FastifyRequest {
    user?: CurrentUser;
  }
  interface FastifyContextConfig {
    /** Route needs no token (health, docs). */
    public?: boolean;
    /** A non-GET route that changes nothing, so auditors may call it too (only POST /codec/decode). */
    readOnly?: boolean;
  }
}

export function authHook(deps: ApiDeps) {
  return async (req: FastifyRequest, _reply: FastifyReply): Promise<void> => {
    if (req.routeOptions.config?.public || !req.routeOptions.url) return;
    const header = req.headers.authorization;
    // 401 always; details.reason tells a missing token from a bad one, an expired one and a gone user.
    const scheme = typeof header === 'string' ? /^Bearer(?:\s+(.*))?$/i.exec(header.trim()) : null;
    if (!scheme?.[1])
      throw new AppError('unauthenticated', 'A bearer token is required (Authorization: Bearer <token>)', {
        reason: 'token_missing',
      });
    const token = /^[A-Za-z0-9._~+/=-]{10,4096}$/.test(scheme[1]) ? scheme[1] : null;
    if (!token) throw new AppError('unauthenticated', 'The bearer token is invalid', { reason: 'token_invalid' });
    let subject: string;
    try {
      subject = await deps.verifyToken(token);
    } catch (e) {
      if ((e as { code?: unknown }).code === 'ERR_JWT_EXPIRED')
        throw new AppError('unauthenticated', 'The bearer token has expired: sign in again', {
          reason: 'token_expired',
        });
      throw new AppError('unauthenticated', 'The bearer token is invalid', { reason: 'token_invalid' });
    }
    const user = await findUserById(deps.db, subject);
    if (!user || !user.active)
      throw new AppError('unauthenticated', 'The token’s user is unknown or deactivated', { reason: 'user_inactive' });
    req.user = { id: user.id, role: user.role, managerId: user.manager_id, displayName: user.display_name };
    // Auditors read everything and change nothing.
    if (
      user.role === 'auditor' &&
      !['GET', 'HEAD', 'OPTIONS'].includes(req.method) &&
      !req.routeOptions.config?.readOnly
    ) {
      throw new AppError('forbidden', REFUSAL_TEXT.readOnly(), { reason: 'read_only' });
    }
  };
}

export function currentUser(req: FastifyRequest): CurrentUser {
  if (!req.user) throw new AppError('unauthenticated', 'Not authenticated');
  return req.user;
}

/** The caller, refused with 403 unless their role is one of `roles`. */
export function requireRole(req: FastifyRequest, roles: readonly Role[], what: string): CurrentUser {
  const user = currentUser(req);
  if (!roles.includes(user.role)) {
    throw new AppError('forbidden', REFUSAL_TEXT.roleMayNotDo(roleLabel(user.role), what), {
      allowedRoles: roles,
      reason: user.role === 'auditor' ? 'read_only' : 'role_not_allowed',
    });
  }
  return user;
}

export const actorOf = (user: CurrentUser): Actor => ({ id: user.id, role: user.role });

/**
 * The request's idempotency key (`Idempotency-Key` header): the Temporal update id of a step and the
 * audit row's key. Without one the request gets a fresh key and is simply not retry-safe. By the time a
 * route reads it, `installIdempotency` (api/idempotency.ts) has made sure the key names this request.
 */
export function idempotencyKeyOf(req: FastifyRequest): string {
  const raw = req.headers['idempotency-key'];
  if (raw === undefined) return `auto-${crypto.randomUUID()}`;
  if (typeof raw !== 'string' || !IDEMPOTENCY_KEY_FORMAT.test(raw)) {
    throw new AppError('bad_request', 'Idempotency-Key must be 1–128 characters of A–Z a–z 0–9 . _ : -', {
      fields: [{ path: 'headers.idempotency-key', message: 'invalid format' }],
    });
  }
  return raw;
}
