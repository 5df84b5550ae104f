/**
 * Per-user limit on writes: a token bucket per user of `perMinute` writes, refilled continuously.
 * Kept in this process's memory: with several API processes each enforces its own share.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AppError } from '../lib/errors';

const WRITE_METHODS = new Set(['POST', 'PUT', 'PATCH', 'DELETE']);

export function writeRateLimit(perMinute: number) {
  const buckets = new Map<string, { tokens: number; at: number }>();
  const ratePerMs = perMinute / 60_000;
  return async (req: FastifyRequest, reply: FastifyReply): Promise<void> => {
    // Read-only POSTs (codec decode) are reads, whatever their method.
    if (!req.user || !WRITE_METHODS.has(req.method) || perMinute <= 0 || req.routeOptions.config?.readOnly) return;
    const now = Date.now();
    const b = buckets.get(req.user.id) ?? { tokens: perMinute, at: now };
    b.tokens = Math.min(perMinute, b.tokens + (now - b.at) * ratePerMs);
    b.at = now;
    if (b.tokens < 1) {
      buckets.set(req.user.id, b);
      const retryAfter = Math.ceil((1 - b.tokens) / ratePerMs / 1000);
      void reply.header('retry-after', String(retryAfter));
      throw new AppError('rate_limited', `Too many changes: at most ${perMinute} a minute, retry in ${retryAfter} s`, { retryAfterSeconds: retryAfter });
    }
    b.tokens -= 1;
    buckets.set(req.user.id, b);
    if (buckets.size > 10_000) for (const [k, v] of buckets) if (v.tokens >= perMinute) buckets.delete(k);
  };
}
