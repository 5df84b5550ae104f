/**
 * Production sign-in for real: an OpenID Connect provider (`oidc-provider`) on loopback issues RS256
 * JWT access tokens for the API's audience; the API runs with NODE_ENV=production and verifies them by
 * JWT_JWKS_URL. The browser signs in through the provider's own login and consent forms (authorization
 * code + PKCE), and the desk then calls the API with the provider's token.
 */
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair } from 'jose';
import Provider from 'oidc-provider';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { seedDemoUsers } from '../../db/user.repository';
import { expectAccessible, launchBrowser, newPage, screenshot } from '../support/browser';
import { startStack, type Stack } from '../support/stack';

const AUDIENCE = 'urn:freightflow:api';
let s: Stack;
let browser: Browser;
let idp: ReturnType<typeof createServer>;
let issuer: string;

beforeAll(async () => {
  // The provider's address first (the API's settings name it), the provider itself once the API's is known.
  let handler: (req: IncomingMessage, res: ServerResponse) => void = (_req, res) => res.end();
  idp = createServer((req, res) => handler(req, res));
  await new Promise<void>((r) => idp.listen(0, '127.0.0.1', r));
  issuer = `http://127.0.0.1:${(idp.address() as AddressInfo).port}`;

  s = await startStack({
    env: {
      NODE_ENV: 'production',
      JWT_JWKS_URL: `${issuer}/jwks`,
      JWT_ISSUER: issuer,
      JWT_AUDIENCE: AUDIENCE,
      OIDC_ISSUER_URL: issuer,
      OIDC_CLIENT_ID: 'freightflow-desk',
      OIDC_SCOPES: 'openid api',
    },
  });
  await seedDemoUsers(s.db);

  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  const provider = new Provider(issuer, {
    clients: [
      {
        client_id: 'freightflow-desk',
        token_endpoint_auth_method: 'none',
        redirect_uris: [`${s.baseUrl}/desk/callback`],
        grant_types: ['authorization_code'],
        response_types: ['code'],
      },
    ],
    jwks: { keys: [{ ...(await exportJWK(privateKey)), alg: 'RS256', use: 'sig', kid: 'test-key' }] },
    cookies: { keys: ['freightflow-oidc-test-cookie-key'] },
    findAccount: async (_ctx, sub) => ({ accountId: sub, claims: async () => ({ sub }) }),
    features: {
      devInteractions: { enabled: true },
      resourceIndicators: {
        enabled: true,
        defaultResource: async () => AUDIENCE,
        useGrantedResource: async () => true,
        getResourceServerInfo: async () => ({
          scope: 'api',
          audience: AUDIENCE,
          accessTokenFormat: 'jwt',
          jwt: { sign: { alg: 'RS256' } },
        }),
      },
    },
  });
  const callback = provider.callback();
  handler = (req, res) => void callback(req, res);
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
  await s?.close();
  await new Promise((r) => idp?.close(r));
});

describe('OIDC sign-in (authorization code + PKCE) against a real provider', { timeout: 180_000 }, () => {
  it('the development picker is off in production', async () => {
    expect((await fetch(`${s.baseUrl}/dev/users`, { headers: { accept: 'application/json' } })).status).toBe(404);
    const cfg = await (await fetch(`${s.baseUrl}/client-config`)).json();
    expect(cfg).toMatchObject({
      devSignIn: false,
      oidc: { issuer, clientId: 'freightflow-desk', scopes: 'openid api', resource: AUDIENCE },
    });
  });

  it('signs in through the provider’s login form; the desk then calls the API with the provider’s token', async () => {
    const page = await newPage(browser);
    await page.goto(`${s.baseUrl}/desk/inbox`);
    await page.getByRole('button', { name: /以公司帳號登入/ }).waitFor();
    await expectAccessible(page, 'sign-in-oidc');
    await screenshot(page, 'sign-in-oidc');
    const authorizeRequests: string[] = [];
    page.on('request', (r) => {
      if (r.url().startsWith(`${issuer}/auth`)) authorizeRequests.push(r.url());
    });
    await page.getByRole('button', { name: /以公司帳號登入/ }).click();

    // The provider's own pages: login, then consent.
    await page.waitForURL((u) => u.origin === issuer);
    await page.locator('input[name="login"]').fill('commerce');
    await page.locator('input[name="password"]').fill('any-password');
    await page.getByRole('button', { name: 'Sign-in' }).click();
    await page.getByRole('button', { name: 'Continue' }).click();

    await page.waitForURL((u) => u.origin === s.baseUrl && u.pathname === '/desk/inbox');
    await page.getByTestId('whoami').filter({ hasText: '商務 Commerce' }).waitFor();
    expect(page.errors).toEqual([]);

    // The token the desk holds is the provider's JWT for the API's audience, and the API accepts it.
    const token = await page.evaluate(() =>
      (globalThis as unknown as { localStorage: { getItem(k: string): string | null } }).localStorage.getItem(
        'freightflow.token',
      ),
    );
    const payload = JSON.parse(Buffer.from(token!.split('.')[1]!, 'base64url').toString());
    expect(payload).toMatchObject({ iss: issuer, aud: AUDIENCE, sub: 'commerce' });
    const me = await fetch(`${s.baseUrl}/me`, { headers: { authorization: `Bearer ${token}` } });
    expect((await me.json()) as unknown).toMatchObject({ id: 'commerce', role: 'commerce' });
    // Authorization code with PKCE (S256), for the API as resource.
    const authorize = new URL(authorizeRequests[0]!).searchParams;
    expect({
      type: authorize.get('response_type'),
      method: authorize.get('code_challenge_method'),
      resource: authorize.get('resource'),
    }).toEqual({ type: 'code', method: 'S256', resource: AUDIENCE });
  });
});
