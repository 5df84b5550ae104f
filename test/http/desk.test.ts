/** The desk's public settings and the development sign-in: on only when NODE_ENV=development. */
import { afterAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server';
import type { ApiDeps } from '../../api/deps';
import { readAppConfig } from '../../lib/config';
import { createTokenVerifier } from '../../lib/tokens';
import { seedDemoUsers } from '../../db/user.repository';
import { startStack } from '../support/stack';

const s = await startStack({ env: { NODE_ENV: 'development' } });
await seedDemoUsers(s.db);
afterAll(() => s.close());

describe('development sign-in', () => {
  it('lists the active users and issues a token the API accepts', async () => {
    const users = await s.http('GET', '/dev/users');
    expect(users.status).toBe(200);
    expect(users.body.items).toContainEqual({ id: 'commerce', displayName: expect.any(String), role: 'commerce' });
    const signIn = await s.http('POST', '/dev/sign-in', { body: { userId: 'gm' } });
    expect(signIn.status).toBe(200);
    const me = await s.http('GET', '/me', { headers: { authorization: `Bearer ${signIn.body.token}` } });
    expect(me.body).toMatchObject({ id: 'gm', role: 'gm' });
  });

  it('refuses an unknown user (404) and a malformed body (400)', async () => {
    expect((await s.http('POST', '/dev/sign-in', { body: { userId: 'nobody' } })).status).toBe(404);
    expect((await s.http('POST', '/dev/sign-in', { body: { userId: 'gm', role: 'gm' } })).status).toBe(400);
  });

  it('does not exist in production or test: 404, and /client-config says so', async () => {
    for (const env of [{ NODE_ENV: 'production', JWT_SECRET: 'x'.repeat(40) }, { NODE_ENV: 'test' }] as const) {
      const config = readAppConfig(env);
      const app = await buildServer(
        {
          db: s.db,
          temporal: s.client,
          config,
          temporalConfig: s.temporalConfig,
          verifyToken: createTokenVerifier(config.jwt),
        } as ApiDeps,
        { logger: false },
      );
      const users = await app.inject({ method: 'GET', url: '/dev/users', headers: { accept: 'application/json' } });
      expect(users.statusCode).toBe(404);
      const signIn = await app.inject({ method: 'POST', url: '/dev/sign-in', payload: { userId: 'gm' } });
      expect(signIn.statusCode).toBe(404);
      const cfg = await app.inject({ method: 'GET', url: '/client-config' });
      expect(cfg.json()).toMatchObject({ devSignIn: false, oidc: null });
      await app.close();
    }
  });

  it('publishes the OIDC settings when configured', async () => {
    const config = readAppConfig({
      NODE_ENV: 'production',
      JWT_JWKS_URL: 'https://id.example.com/jwks',
      OIDC_ISSUER_URL: 'https://id.example.com',
      OIDC_CLIENT_ID: 'desk',
    });
    const app = await buildServer(
      {
        db: s.db,
        temporal: s.client,
        config,
        temporalConfig: s.temporalConfig,
        verifyToken: async () => 'x',
      } as ApiDeps,
      { logger: false },
    );
    const cfg = await app.inject({ method: 'GET', url: '/client-config' });
    expect(cfg.json().oidc).toEqual({
      issuer: 'https://id.example.com',
      clientId: 'desk',
      scopes: 'openid profile',
      resource: 'freightflow-api',
    });
    await app.close();
    expect(() => readAppConfig({ OIDC_ISSUER_URL: 'https://id.example.com' })).toThrow(/go together/);
  });
});
