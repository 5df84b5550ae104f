import { Client, Connection } from '@temporalio/client';
import { SignJWT } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server';
import { openDatabase } from '../../db/connect';
import { readAppConfig } from '../../lib/config';
import { createTokenVerifier } from '../../lib/tokens';
import { oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
  await s.db
    .insertInto('users')
    .values({ id: 'gone', display_name: 'left the company', role: 'sales', manager_id: null, active: false })
    .execute();
});
afterAll(async () => s?.close());

const cfg = readAppConfig({ NODE_ENV: 'test' });
const key = new TextEncoder().encode(cfg.jwt.secret);
const sign = (claims: { sub?: string; iss?: string; aud?: string; exp?: number; nbf?: number }, secret = key) => {
  let jwt = new SignJWT({}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt();
  if (claims.sub) jwt = jwt.setSubject(claims.sub);
  jwt = jwt.setIssuer(claims.iss ?? cfg.jwt.issuer).setAudience(claims.aud ?? cfg.jwt.audience);
  jwt = jwt.setExpirationTime(claims.exp ?? Math.floor(Date.now() / 1000) + 600);
  if (claims.nbf) jwt = jwt.setNotBefore(claims.nbf);
  return jwt.sign(secret);
};
const asBearer = (t: string) => ({ headers: { authorization: `Bearer ${t}` } });

describe('authentication', () => {
  it('a request without a token gets 401 in the common error shape', async () => {
    const res = await s.http('GET', '/me');
    expect(res.status).toBe(401);
    expect(res.body).toMatchObject({ code: 'unauthenticated', message: expect.any(String), details: {} });
  });

  it('refuses wrong signature, expiry, not-yet-valid, wrong issuer or audience, alg none, unknown and deactivated users', async () => {
    const now = Math.floor(Date.now() / 1000);
    const none = `${Buffer.from(JSON.stringify({ alg: 'none', typ: 'JWT' })).toString('base64url')}.${Buffer.from(
      JSON.stringify({ sub: 'gm', iss: cfg.jwt.issuer, aud: cfg.jwt.audience, exp: now + 600 }),
    ).toString('base64url')}.`;
    const tokens = [
      await sign({ sub: 'gm' }, new TextEncoder().encode('another-secret-another-secret-another-secret')),
      await sign({ sub: 'gm', exp: now - 60 }),
      await sign({ sub: 'gm', nbf: now + 3600 }),
      await sign({ sub: 'gm', iss: 'someone-else' }),
      await sign({ sub: 'gm', aud: 'another-api' }),
      none,
      await sign({ sub: 'nobody' }),
      await sign({ sub: 'gone' }),
    ];
    for (const t of tokens) expect((await s.http('GET', '/me', asBearer(t))).status).toBe(401);
    expect((await s.http('GET', '/me', asBearer(await sign({ sub: 'gm' })))).body).toMatchObject({
      id: 'gm',
      role: 'gm',
    });
  });
});

describe('the API surface', () => {
  it('serves OpenAPI 3.1 and the docs page without a token', async () => {
    const spec = await s.http('GET', '/openapi.json');
    expect(spec.status).toBe(200);
    expect(spec.body.openapi).toBe('3.1.0');
    expect(Object.keys(spec.body.paths)).toEqual(expect.arrayContaining(['/tariffs', '/tariff-changes', '/customers']));
    expect((await fetch(`${s.baseUrl}/docs`)).status).toBe(200);
  });

  it('answers an unknown route with 404 in the common error shape', async () => {
    const res = await s.http('GET', '/no-such-thing', { as: 'gm' });
    expect(res.status).toBe(404);
    expect(res.body.code).toBe('not_found');
  });

  it('refuses a body over 1 MiB and a body that is not JSON', async () => {
    const big = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: JSON.stringify({ title: 'x'.repeat(1_100_000) }),
    });
    expect(big.status).toBe(413);
    const res = await fetch(`${s.baseUrl}/tariffs`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token('commerce')}`, 'content-type': 'text/plain' },
      body: 'hello',
    });
    expect(res.status).toBe(415);
    const broken = await s.http('POST', '/tariffs', { as: 'commerce', body: '{"title": ' });
    expect(broken.status).toBe(400);
  });

  it('auditors read but every write is refused', async () => {
    expect((await s.http('GET', '/tariffs', { as: 'auditor' })).status).toBe(200);
    const res = await s.http('POST', '/tariffs', {
      as: 'auditor',
      body: { title: 'x', effectiveFrom: today(), lines: [oceanLine()] },
    });
    expect(res.status).toBe(403);
  });

  it('readyz is 200 with Temporal and the database up', async () => {
    const res = await s.http('GET', '/readyz');
    expect(res.body).toEqual({ status: 'ready', database: 'ok', temporal: 'ok' });
    expect((await s.http('GET', '/healthz')).status).toBe(200);
  });

  it('with Temporal unreachable, readyz is 503 and a step is a 503, not a 500', async () => {
    const dead = new Client({ connection: Connection.lazy({ address: '127.0.0.1:1', connectTimeout: 500 }) });
    const app = await buildServer(
      {
        db: s.db,
        temporal: dead,
        config: cfg,
        temporalConfig: { ...s.temporalConfig, rpcTimeoutMs: 1500 },
        verifyToken: createTokenVerifier(cfg.jwt),
      },
      { logger: false },
    );
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', database: 'ok' });
      const step = await app.inject({
        method: 'POST',
        url: '/tariffs',
        headers: { authorization: `Bearer ${await s.token('commerce')}` },
        payload: { title: 'x', effectiveFrom: today(), lines: [oceanLine()] },
      });
      expect(step.statusCode).toBe(503);
      expect(step.json().code).toBe('unavailable');
    } finally {
      await app.close();
    }
  });

  it('with the database unreachable, readyz is 503 and a request is a 503, not a 500', async () => {
    const down = await openDatabase({ url: 'postgres://nobody@127.0.0.1:1/none' });
    const app = await buildServer(
      {
        db: down.db,
        temporal: s.client,
        config: cfg,
        temporalConfig: s.temporalConfig,
        verifyToken: createTokenVerifier(cfg.jwt),
      },
      { logger: false },
    );
    try {
      const ready = await app.inject({ method: 'GET', url: '/readyz' });
      expect(ready.statusCode).toBe(503);
      expect(ready.json()).toMatchObject({ status: 'unavailable', temporal: 'ok' });
      const res = await app.inject({
        method: 'GET',
        url: '/tariffs',
        headers: { authorization: `Bearer ${await s.token('gm')}` },
      });
      expect(res.statusCode).toBe(503);
      expect(res.json().code).toBe('unavailable');
    } finally {
      await app.close();
      await down.close();
    }
  });
});
