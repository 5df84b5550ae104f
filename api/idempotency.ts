/**
 * `Idempotency-Key` on every route that changes something (as in the IETF Idempotency-Key draft): a key
 * names exactly one request — the same user, the same route and path, the same body. Sending it again
 * for that request is a safe retry (each route answers it from what the first one did: a create returns
 * the same record with 200, a step is answered from the record without being applied twice); sending it
 * with anything else is refused with 422 `idempotency_key_reused` before the route runs, so a reused key
 * can never be answered 200 for a request that did nothing.
 *
 * The header is optional: without it a request gets a fresh key of its own (`auto-…`, see
 * `idempotencyKeyOf`) and is simply not safe to retry.
 */
import { createHash } from 'node:crypto';
import type { FastifyInstance, FastifyRequest, RouteOptions } from 'fastify';
import { stringify } from 'safe-stable-stringify';
import { z } from 'zod';
import { claimIdempotencyKey } from '../db/idempotency-key.repository';
import { AppError } from '../lib/errors';
import { currentUser } from './auth';
import type { ApiDeps } from './deps';

declare module 'fastify' {
  interface FastifyContextConfig {
    /** Set by `installIdempotency` on every route that takes the Idempotency-Key header. */
    idempotencyKey?: boolean;
  }
}

/** The format of a key: 1–128 characters of A–Z a–z 0–9 . _ : - */
export const IDEMPOTENCY_KEY_FORMAT = /^[A-Za-z0-9._:-]{1,128}$/;

/**
 * The one definition of the header, declared on every write route (loose, so the request's other headers
 * stay on it). The OpenAPI document shows it on each such operation.
 */
export const IdempotencyHeaders = z.looseObject({
  'idempotency-key': z
    .string()
    .regex(IDEMPOTENCY_KEY_FORMAT, 'must be 1–128 characters of A–Z a–z 0–9 . _ : -')
    .optional()
    .describe(
      'Optional. Names this request so that a retry is safe: the same key from the same user to the same route ' +
        'with the same body is answered from the first request without applying anything twice (a create answers 200 ' +
        'with the record created first). The key sent with any other request (another user, route, record or body) ' +
        'is refused with 422 idempotency_key_reused. Without it every request is new. 1–128 characters of A–Z a–z 0–9 . _ : -',
    ),
});

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/**
 * The request as the key must name it: sha256 of the canonical JSON (keys sorted) of user, method, route
 * pattern, path parameters, query and validated body. No body, `null` and `{}` are the same request.
 */
function requestFingerprint(req: FastifyRequest, userId: string): string {
  const body = req.body;
  const emptyBody =
    body === undefined ||
    body === null ||
    (typeof body === 'object' && !Array.isArray(body) && Object.keys(body).length === 0);
  const canonical = stringify({
    user: userId,
    method: req.method,
    route: req.routeOptions.url,
    params: req.params ?? {},
    query: req.query ?? {},
    body: emptyBody ? null : body,
  });
  return createHash('sha256')
    .update(canonical ?? '')
    .digest('hex');
}

/**
 * Declares the header on every authenticated write route that declares no headers of its own (the
 * codec routes, which change nothing, keep theirs), and before each such route runs binds the key to the
 * request or refuses it when it already names another one. Install before registering routes.
 */
export function installIdempotency(app: FastifyInstance, deps: ApiDeps): void {
  app.addHook('onRoute', (route: RouteOptions) => {
    const methods = [route.method].flat();
    const config = route.config ?? {};
    if (!methods.some((m) => WRITE_METHODS.has(m)) || config.public || config.readOnly) return;
    if (!route.schema?.headers) route.schema = { ...(route.schema ?? {}), headers: IdempotencyHeaders };
    if (route.schema.headers === IdempotencyHeaders) route.config = { ...config, idempotencyKey: true };
  });

  // After authentication and validation (a request refused for its shape binds no key), before the route.
  app.addHook('preHandler', async (req) => {
    if (!req.routeOptions.config?.idempotencyKey) return;
    const key = req.headers['idempotency-key'];
    if (typeof key !== 'string') return;
    const user = currentUser(req);
    const claimed = await claimIdempotencyKey(deps.db, {
      key,
      actorId: user.id,
      method: req.method,
      route: req.routeOptions.url ?? req.url,
      fingerprint: requestFingerprint(req, user.id),
    });
    if (claimed === 'new' || claimed === 'same') return;
    // Only the caller's own earlier request is described; another user's is not revealed.
    const mine = claimed.actorId === user.id;
    throw new AppError(
      'idempotency_key_reused',
      mine
        ? `Idempotency-Key '${key}' was already used for a different request (${claimed.method} ${claimed.route}); send a new key for a new request`
        : `Idempotency-Key '${key}' was already used for a different request; send a new key for a new request`,
      {
        reason: 'idempotency_key_reused',
        header: 'Idempotency-Key',
        ...(mine ? { firstUsedFor: `${claimed.method} ${claimed.route}` } : {}),
      },
    );
  });
}
