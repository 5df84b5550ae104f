/**
 * The browser desk (web/): the built single-page app served at `/` by the API process, the public
 * settings it starts from (`GET /client-config`), and the development sign-in (`/dev/…`, only when
 * NODE_ENV=development; absent — 404 — in test and production).
 */
import { existsSync, statSync } from 'node:fs';
import { resolve, sep } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findUserById, listActiveUsers } from '../db/user.repository';
import { businessTimeZone } from '../lib/dates';
import { AppError } from '../lib/errors';
import { mintToken } from '../lib/tokens';
import { CURRENCY_DIGITS } from '../machines/catalog';
import { ROLES } from '../machines/roles';
import type { ApiDeps } from './deps';
import { errorResponses, text } from './schemas';
import { bilingual } from '../machines/refusal-text';

const ClientConfig = z.object({
  /** True when the development sign-in (`GET /dev/users`, `POST /dev/sign-in`) is on. */
  devSignIn: z.boolean(),
  /** The OpenID Connect client the desk signs in with (authorization code + PKCE), or null. */
  oidc: z.object({ issuer: z.string(), clientId: z.string(), scopes: z.string(), resource: z.string() }).nullable(),
  /** IANA zone that business dates and times are shown in. */
  businessTimeZone: z.string(),
  /** Minor-unit digits per currency code. */
  currencyDigits: z.record(z.string(), z.number().int()),
});

/** `GET /client-config` (public) and, in development only, the sign-in picker's two routes. */
export function deskRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const devSignIn = deps.config.env === 'development';
  return async (app) => {
    app.get(
      '/client-config',
      {
        config: { public: true },
        schema: {
          tags: ['desk'],
          summary: 'Settings the browser desk starts from (sign-in, time zone, currencies)',
          security: [],
          response: { 200: ClientConfig },
        },
      },
      async () => ({
        devSignIn,
        oidc: deps.config.oidc ?? null,
        businessTimeZone: businessTimeZone(),
        currencyDigits: { ...CURRENCY_DIGITS },
      }),
    );
    if (!devSignIn) return;
    // Development only, so hidden from the OpenAPI document (which must not depend on NODE_ENV).
    app.get(
      '/dev/users',
      {
        config: { public: true },
        schema: {
          hide: true,
          response: {
            200: z.object({
              items: z.array(z.object({ id: z.string(), displayName: z.string(), role: z.enum(ROLES) })),
            }),
          },
        },
      },
      async () => ({
        items: (await listActiveUsers(deps.db)).map((u) => ({ id: u.id, displayName: u.display_name, role: u.role })),
      }),
    );
    app.post(
      '/dev/sign-in',
      {
        config: { public: true },
        schema: {
          hide: true,
          body: z.strictObject({ userId: text(64) }),
          response: { 200: z.object({ token: z.string() }), ...errorResponses },
        },
      },
      async (req) => {
        const user = await findUserById(deps.db, req.body.userId);
        if (!user || !user.active)
          throw new AppError(
            'not_found',
            bilingual(`沒有在職使用者「${req.body.userId}」`, `No active user '${req.body.userId}'`),
          );
        return { token: await mintToken(deps.config.jwt, user.id) };
      },
    );
  };
}

/**
 * Serves the built desk from `config.webDistDir`: files as they are (hashed `/assets/*` cached for a
 * year), and `index.html` for any other GET/HEAD that accepts text/html and whose first path segment is
 * not one of the API's (so `/desk/customers/C2026-00001` reloads into the app while `/customers/…` stays
 * the API). Returns the not-found handler's first step: true when it answered.
 */
export async function registerDesk(
  app: FastifyInstance,
  deps: ApiDeps,
): Promise<(req: FastifyRequest, reply: FastifyReply) => boolean> {
  const root = resolve(deps.config.webDistDir);
  const built = existsSync(resolve(root, 'index.html'));
  if (built) await app.register(fastifyStatic, { root, serve: false, cacheControl: false });
  const oidcOrigin = deps.config.oidc ? new URL(deps.config.oidc.issuer).origin : '';
  const csp = [
    "default-src 'self'",
    "script-src 'self'",
    // Ant Design writes its styles at run time (CSS-in-JS).
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data:",
    "font-src 'self' data:",
    `connect-src 'self'${oidcOrigin ? ` ${oidcOrigin}` : ''}`,
    "frame-ancestors 'none'",
    "base-uri 'self'",
    "form-action 'self'",
  ].join('; ');
  let apiPrefixes: Set<string> | undefined;
  const firstSegment = (path: string) => path.split('/')[1] ?? '';

  return (req, reply) => {
    if (req.method !== 'GET' && req.method !== 'HEAD') return false;
    apiPrefixes ??= new Set(app.routeTable.map((r) => firstSegment(r.url)).filter((s) => s !== ''));
    const path = req.url.split('?')[0] ?? '/';
    if (apiPrefixes.has(firstSegment(path))) return false;
    if (!built) {
      void reply
        .status(404)
        .send({ code: 'not_found', message: 'The desk is not built: run `npm run web:build`', details: {} });
      return true;
    }
    let file: string | undefined;
    try {
      const decoded = decodeURIComponent(path);
      const full = resolve(root, `.${decoded}`);
      if (full.startsWith(root + sep) && statSync(full, { throwIfNoEntry: false })?.isFile())
        file = full.slice(root.length + 1);
    } catch {
      /* undecodable: not a file */
    }
    const accept = req.headers.accept ?? '';
    if (!file && !accept.includes('text/html')) return false;
    void reply.header('content-security-policy', csp);
    if (file?.startsWith(`assets${sep}`)) void reply.header('cache-control', 'public, max-age=31536000, immutable');
    void reply.sendFile(file ?? 'index.html');
    return true;
  };
}
