import { Writable } from 'node:stream';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildServer } from '../../api/server';
import { readAppConfig } from '../../lib/config';
import { createTokenVerifier } from '../../lib/tokens';
import { newCustomer } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '5' } });
});
afterAll(async () => s?.close());

describe('protections', () => {
  it('a user making too many changes in a minute gets 429 with Retry-After; reads and other users go on', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).status);
    expect(statuses.slice(0, 5)).toEqual([201, 201, 201, 201, 201]);
    expect(statuses.slice(5)).toEqual([429, 429]);
    const limited = await fetch(`${s.baseUrl}/customers`, {
      method: 'POST',
      headers: { authorization: `Bearer ${await s.token('sales')}`, 'content-type': 'application/json' },
      body: JSON.stringify(newCustomer()),
    });
    expect(limited.status).toBe(429);
    expect(Number(limited.headers.get('retry-after'))).toBeGreaterThan(0);
    expect(((await limited.json()) as { code: string }).code).toBe('rate_limited');
    expect((await s.http('GET', '/customers', { as: 'sales' })).status).toBe(200);
    expect((await s.http('POST', '/customers', { as: 'commerce', body: newCustomer({ ownerId: 'sales' }) })).status).toBe(201);
  });

  it('answers carry security headers', async () => {
    const res = await fetch(`${s.baseUrl}/me`, { headers: { authorization: `Bearer ${await s.token('gm')}` } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
  });

  it('never writes tokens or secrets to the log', async () => {
    const lines: string[] = [];
    const stream = new Writable({
      write(chunk, _enc, done) {
        lines.push(String(chunk));
        done();
      },
    });
    const cfg = readAppConfig({ NODE_ENV: 'test', LOG_LEVEL: 'trace' });
    const app = await buildServer({ db: s.db, temporal: s.client, config: cfg, temporalConfig: s.temporalConfig, verifyToken: createTokenVerifier(cfg.jwt) }, { logStream: stream });
    try {
      const token = await s.token('gm');
      await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}x` } });
      await app.inject({ method: 'POST', url: '/tariffs', headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' }, payload: '{"broken' });
      const log = lines.join('');
      expect(log.length).toBeGreaterThan(200);
      expect(log).toContain('"url":"/me"');
      expect(log).not.toContain(token);
      expect(log).not.toContain(token.split('.')[2]!);
      expect(log).not.toContain(cfg.jwt.secret!);
    } finally {
      await app.close();
    }
  });
});
