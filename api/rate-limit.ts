/**
 * Per-user limit on writes (@fastify/rate-limit): at most `perMinute` POST/PUT/PATCH/DELETE per user in
 * a fixed one-minute window, counted in PostgreSQL (`rate_limits`, db/rate-limit.repository.ts) so
 * that every API process on the same database enforces one limit together: N replicas do not give a
 * user N times the allowance. Reads, read-only POSTs (codec decode) and unauthenticated requests are
 * not counted (the latter are refused by authentication first). Over the limit: 429 `rate_limited`
 * with Retry-After. If the database cannot count, the request goes on (it will meet the same database
 * next and answer 503 there).
 */
import rateLimit, { type FastifyRateLimitOptions, type FastifyRateLimitStore } from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Kysely } from 'kysely';
import type { Database } from '../db/database';
import { hitRateLimit, purgeRateLimits } from '../db/rate-limit.repository';
import { AppError } from '../lib/errors';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

/** A rate-limit store over the `rate_limits` table of `db` (the plugin's store interface). */
function postgresStore(db: Kysely<Database>) {
  let lastPurge = 0;
  return class PostgresRateLimitStore implements FastifyRateLimitStore {
    constructor(_options: FastifyRateLimitOptions) {}

    incr(
      key: string,
      callback: (error: Error | null, result?: { current: number; ttl: number }) => void,
      timeWindow: number,
    ): void {
      const now = Date.now();
      if (now - lastPurge > 60_000) {
        lastPurge = now;
        void purgeRateLimits(db, new Date(now - 60_000)).catch(() => undefined);
      }
      hitRateLimit(db, key, timeWindow).then(
        ({ hits, ttlMs }) => callback(null, { current: hits, ttl: ttlMs }),
        (e: unknown) => callback(e instanceof Error ? e : new Error(String(e))),
      );
    }

    child(): FastifyRateLimitStore {
      return this;
    }
  };
}

/** Registers the per-user write limit on `app` (0 = off); run after authentication (preValidation). */
export async function registerWriteRateLimit(
  app: FastifyInstance,
  db: Kysely<Database>,
  perMinute: number,
): Promise<void> {
  if (perMinute <= 0) return;
  await app.register(rateLimit, {
    global: true,
    hook: 'preValidation',
    max: perMinute,
    timeWindow: 60_000,
    store: postgresStore(db),
    skipOnError: true,
    keyGenerator: (req: FastifyRequest) => `writes:${req.user?.id ?? 'anonymous'}`,
    allowList: (req: FastifyRequest) =>
      !req.user || !WRITE_METHODS.has(req.method) || req.routeOptions.config?.readOnly === true,
    addHeadersOnExceeding: { 'x-ratelimit-limit': false, 'x-ratelimit-remaining': false, 'x-ratelimit-reset': false },
    addHeaders: {
      'x-ratelimit-limit': false,
      'x-ratelimit-remaining': false,
      'x-ratelimit-reset': false,
      'retry-after': true,
    },
    errorResponseBuilder: (_req, ctx) => {
      const retryAfter = Math.max(1, Math.ceil(ctx.ttl / 1000));
      return new AppError('rate_limited', `Too many changes: at most ${perMinute} a minute, retry in ${retryAfter} s`, {
        retryAfterSeconds: retryAfter,
      });
    },
  });
}
