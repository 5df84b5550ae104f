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
    for (let i = 0; i < 7; i++)
      statuses.push((await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).status);
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
    expect(
      (await s.http('POST', '/customers', { as: 'commerce', body: newCustomer({ ownerId: 'sales' }) })).status,
    ).toBe(201);
  });

  it('answers carry security headers', async () => {
    const res = await fetch(`${s.baseUrl}/me`, { headers: { authorization: `Bearer ${await s.token('gm')}` } });
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
    expect(res.headers.get('x-frame-options')).toBe('DENY');
    expect(res.headers.get('content-security-policy')).toContain("default-src 'none'");
    expect(res.headers.get('cache-control')).toBe('no-store');
    expect(res.headers.get('referrer-policy')).toBe('no-referrer');
    // @fastify/helmet's further headers.
    expect(res.headers.get('strict-transport-security')).toMatch(/max-age=\d+/);
    expect(res.headers.get('cross-origin-opener-policy')).toBe('same-origin');
    expect(res.headers.get('cross-origin-resource-policy')).toBe('same-origin');
    expect(res.headers.get('x-permitted-cross-domain-policies')).toBe('none');
  });

  it('the write limit is one limit across API processes sharing the database', async () => {
    const cfg = readAppConfig({ NODE_ENV: 'test', RATE_LIMIT_WRITES_PER_MINUTE: '5' });
    const second = await buildServer(
      {
        db: s.db,
        temporal: s.client,
        config: cfg,
        temporalConfig: s.temporalConfig,
        verifyToken: createTokenVerifier(cfg.jwt),
      },
      { logger: false },
    );
    try {
      await s.addUser('sales_two', 'sales');
      const headers = { authorization: `Bearer ${await s.token('sales_two')}`, 'content-type': 'application/json' };
      const statuses: number[] = [];
      for (let i = 0; i < 7; i++) {
        // Alternate between the two processes: together they allow five.
        if (i % 2 === 0)
          statuses.push((await s.http('POST', '/customers', { as: 'sales_two', body: newCustomer() })).status);
        else
          statuses.push(
            (
              await second.inject({
                method: 'POST',
                url: '/customers',
                headers,
                payload: JSON.stringify(newCustomer()),
              })
            ).statusCode,
          );
      }
      expect(statuses).toEqual([201, 201, 201, 201, 201, 429, 429]);
    } finally {
      await second.close();
    }
  });

  it('GET /metrics exposes HTTP latency per route, steps per process and step, and deterministic activity failures', async () => {
    await s.http('GET', '/me', { as: 'gm' });
    const res = await fetch(`${s.baseUrl}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/text\/plain/);
    const text = await res.text();
    expect(text).toMatch(/freightflow_http_request_duration_seconds_bucket\{[^}]*route="\/me"[^}]*\}/);
    expect(text).toContain('# TYPE freightflow_steps_total counter');
    expect(text).toContain('# TYPE freightflow_activity_failures_total counter');
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
    const app = await buildServer(
      {
        db: s.db,
        temporal: s.client,
        config: cfg,
        temporalConfig: s.temporalConfig,
        verifyToken: createTokenVerifier(cfg.jwt),
      },
      { logStream: stream },
    );
    try {
      const token = await s.token('gm');
      await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}` } });
      await app.inject({ method: 'GET', url: '/me', headers: { authorization: `Bearer ${token}x` } });
      await app.inject({
        method: 'POST',
        url: '/tariffs',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
        payload: '{"broken',
      });
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
