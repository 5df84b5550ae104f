/**
 * Issue 10 items 15 and 18: every malformed token is a 401 (array or NUL subject, no expiry, a lifetime
 * beyond JWT_MAX_LIFETIME), and every status a route can answer — 414 for an over-long path
 * parameter included — is in the OpenAPI document with the error shape.
 */
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readAppConfig } from '../../lib/config';
import { subjectOf, TokenClaimsError } from '../../lib/tokens';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
const cfg = readAppConfig({ NODE_ENV: 'test' });

beforeAll(async () => {
  s = await startStack();
  await s.addUser('admin', 'admin');
});
afterAll(async () => s?.close());

/** A token signed with the right key, issuer and audience, carrying exactly `claims`. */
const signed = (claims: Record<string, unknown>) =>
  new SignJWT({ iss: cfg.jwt.issuer, aud: cfg.jwt.audience, ...claims })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .sign(new TextEncoder().encode(cfg.jwt.secret!));

const now = () => Math.floor(Date.now() / 1000);
const me = async (token: string) => {
  const res = await fetch(`${s.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
  return { status: res.status, body: (await res.json()) as { code: string } };
};

describe('tokens', () => {
  it('a well-formed token authenticates', async () => {
    expect((await me(await signed({ sub: 'admin', iat: now(), exp: now() + 3600 }))).status).toBe(200);
  });

  it.each([
    ['sub an array', { sub: ['admin'], exp: now() + 600 }],
    ['sub an array of two', { sub: ['admin', 'x'], exp: now() + 600 }],
    ['sub with NUL', { sub: 'admin\u0000', exp: now() + 600 }],
    ['sub with a line feed', { sub: 'ad\nmin', exp: now() + 600 }],
    ['sub empty', { sub: '', exp: now() + 600 }],
    ['sub a number', { sub: 42, exp: now() + 600 }],
    ['no sub', { exp: now() + 600 }],
    ['no exp', { sub: 'admin', iat: now() }],
    ['exp not a number', { sub: 'admin', exp: 'tomorrow' }],
    ['expired', { sub: 'admin', iat: now() - 7200, exp: now() - 3600 }],
    ['lifetime beyond the maximum (25 h from iat)', { sub: 'admin', iat: now(), exp: now() + 25 * 3600 }],
    ['exp far ahead without iat', { sub: 'admin', exp: now() + 400 * 86400 }],
  ])('%s → 401', async (_what, claims) => {
    const r = await me(await signed(claims));
    expect(r.status).toBe(401);
    expect(r.body.code).toBe('unauthenticated');
  });

  it('a 401 says which: no token, a bad token, an expired token, a gone user (details.reason)', async () => {
    const call = async (authorization?: string) => {
      const res = await fetch(`${s.baseUrl}/me`, { headers: authorization ? { authorization } : {} });
      const body = (await res.json()) as { code: string; message: string; details: { reason?: string } };
      return { status: res.status, code: body.code, reason: body.details.reason, message: body.message };
    };
    expect(await call()).toMatchObject({ status: 401, code: 'unauthenticated', reason: 'token_missing' });
    expect(await call('Basic YWRtaW46YWRtaW4=')).toMatchObject({ status: 401, reason: 'token_missing' });
    for (const bad of ['Bearer invalid', 'Bearer not-a-jwt-but-long-enough', 'Bearer a b', 'bearer ####'])
      expect(await call(bad), bad).toMatchObject({ status: 401, code: 'unauthenticated', reason: 'token_invalid' });
    expect((await call('Bearer invalid')).message).not.toMatch(/required/);
    const expired = await signed({ sub: 'admin', iat: now() - 7200, exp: now() - 3600 });
    expect(await call(`Bearer ${expired}`)).toMatchObject({ status: 401, reason: 'token_expired' });
    const ghost = await signed({ sub: 'nobody-here', iat: now(), exp: now() + 600 });
    expect(await call(`Bearer ${ghost}`)).toMatchObject({ status: 401, reason: 'user_inactive' });
  });

  it('the maximum lifetime is configurable (JWT_MAX_LIFETIME)', () => {
    expect(readAppConfig({ NODE_ENV: 'test' }).jwt.maxLifetimeSeconds).toBe(24 * 3600);
    expect(readAppConfig({ NODE_ENV: 'test', JWT_MAX_LIFETIME: '1h' }).jwt.maxLifetimeSeconds).toBe(3600);
    const t = now();
    expect(subjectOf({ sub: 'u', iat: t, exp: t + 3600 }, 3600, t)).toBe('u');
    expect(() => subjectOf({ sub: 'u', iat: t, exp: t + 7200 }, 3600, t)).toThrow(TokenClaimsError);
  });
});

describe('every status a route can answer is documented', () => {
  it('a path parameter over 100 characters answers 414 uri_too_long in the error shape', async () => {
    const r = await s.http('GET', `/quotes/${'Q'.repeat(101)}`, { as: 'admin' });
    expect(r.status).toBe(414);
    expect(r.body).toMatchObject({
      code: 'uri_too_long',
      message: expect.stringMatching(/100 characters/),
      details: expect.any(Object),
    });
  });

  it('each operation documents 400, 414, 431 and 500, and 401/403/503, 404, 429, 413/415 where they apply, with the error shape', async () => {
    const spec = (await s.http('GET', '/openapi.json')).body as {
      paths: Record<
        string,
        Record<
          string,
          {
            responses: Record<
              string,
              {
                description: string;
                content?: Record<string, { schema: { properties?: Record<string, unknown>; required?: string[] } }>;
              }
            >;
            security?: unknown[];
          }
        >
      >;
    };
    let checked = 0;
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        const isPublic = Array.isArray(op.security) && op.security.length === 0;
        const expected = ['400', '414', '431', '500'];
        if (!['/healthz', '/readyz'].includes(path) && !isPublic) expected.push('401', '403', '503');
        if (path.includes('{')) expected.push('404');
        if (['post', 'put', 'patch'].includes(method)) expected.push('413', '415');
        for (const status of expected) {
          const r = op.responses[status];
          expect(r, `${method.toUpperCase()} ${path} documents ${status}`).toBeDefined();
          // The PDF routes declare `produces: application/pdf`, under which the document lists their errors too.
          const schema = Object.values(r!.content ?? {})[0]?.schema;
          expect(schema?.required, `${method.toUpperCase()} ${path} ${status} has the error shape`).toEqual(
            expect.arrayContaining(['code', 'message', 'details']),
          );
          expect(r!.description).not.toBe('Default Response');
        }
        checked += 1;
      }
    }
    expect(checked).toBeGreaterThan(50);
  });
});
