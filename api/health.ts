import { sql } from 'kysely';
import { z } from 'zod';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { ApiDeps } from './deps';

async function probe(fn: () => Promise<unknown>, ms = 2000): Promise<'ok' | string> {
  try {
    await Promise.race([fn(), new Promise((_, rej) => setTimeout(() => rej(new Error(`timeout after ${ms} ms`)), ms))]);
    return 'ok';
  } catch (e) {
    return (e as Error).message.split('\n')[0] ?? 'error';
  }
}

const Readiness = z.object({ status: z.enum(['ready', 'unavailable']), database: z.string(), temporal: z.string() });

export function healthRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/healthz',
      { config: { public: true }, schema: { hide: true, response: { 200: z.object({ status: z.literal('alive') }) } } },
      async () => ({
        status: 'alive' as const,
      }),
    );
    app.get(
      '/readyz',
      { config: { public: true }, schema: { hide: true, response: { 200: Readiness, 503: Readiness } } },
      async (_req, reply) => {
        const [database, temporal] = await Promise.all([
          probe(() => sql`select 1`.execute(deps.db)),
          probe(() => deps.temporal.connection.workflowService.getSystemInfo({})),
        ]);
        const ready = database === 'ok' && temporal === 'ok';
        return reply.status(ready ? 200 : 503).send({ status: ready ? 'ready' : 'unavailable', database, temporal });
      },
    );
  };
}
