/** Builds the HTTP API: zod at the edge, OpenAPI 3.1 from the same schemas, bearer authentication. */
import Fastify, { type FastifyInstance, type FastifyReply, type FastifyRequest } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import {
  jsonSchemaTransform,
  serializerCompiler,
  validatorCompiler,
  type ZodTypeProvider,
} from 'fastify-type-provider-zod';
import { authHook } from './auth';
import { AppError } from '../lib/errors';
import helmet from '@fastify/helmet';
import { httpDuration, registry } from '../lib/metrics';
import { registerWriteRateLimit } from './rate-limit';
import type { ApiDeps } from './deps';
import { clientErrorHandler, errorHandler, frameworkErrorHandler } from './errors';
import { addCommonErrorResponses } from './schemas';
import { healthRoutes } from './health';
import { customerRoutes } from './customers/routes';
import { tariffRoutes } from './tariffs/routes';
import { tariffChangeRoutes } from './tariff-changes/routes';
import { meRoutes } from './me';
import { quoteRoutes } from './quotes/routes';
import { inboxRoutes } from './inbox';
import { delegationRoutes } from './delegations/routes';
import { auditRoutes } from './audit/routes';
import { jobRoutes } from './jobs/routes';
import { boardRoutes } from './boards/routes';
import { receivableRoutes } from './receivables/routes';
import { codecRoutes } from './codec';
import { userRoutes } from './users/routes';
import { contractTemplateRoutes } from './reference/contract-templates';
import { calendarRoutes } from './reference/calendar';
import { installIdempotency } from './idempotency';
import { creditRoutes } from './credit/routes';
import { deskRoutes, registerDesk } from './desk';
import { visitRoutes } from './visits/routes';
import { diaryRoutes } from './diaries/routes';
import { collectionCaseRoutes } from './collection-cases/routes';
import { planRoutes } from './plans/routes';
import { prospectRoutes } from './prospects/routes';

/** One registered route; `public` routes need no token. */
interface RouteEntry {
  method: string;
  url: string;
  public: boolean;
}

declare module 'fastify' {
  interface FastifyInstance {
    /** Every route of the server, HEAD and the docs included, in registration order. */
    routeTable: readonly RouteEntry[];
  }
}

/** Log fields that may carry secrets: never written, whatever the log level. */
const REDACT = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-api-key"]',
  'headers.authorization',
  'authorization',
  'token',
  'password',
  'secret',
];

export async function buildServer(
  deps: ApiDeps,
  opts: { logger?: false; logStream?: NodeJS.WritableStream } = {},
): Promise<FastifyInstance> {
  const app = Fastify({
    logger:
      opts.logger === false
        ? false
        : {
            level: deps.config.logLevel,
            redact: { paths: REDACT, censor: '[redacted]' },
            ...(opts.logStream ? { stream: opts.logStream } : {}),
          },
    bodyLimit: 1024 * 1024,
    frameworkErrors: frameworkErrorHandler,
    clientErrorHandler,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  // Not an API route: the browser desk's files and its pages (index.html), else the API's 404.
  let serveDesk: ((req: FastifyRequest, reply: FastifyReply) => boolean) | undefined;
  app.setNotFoundHandler((req, reply) => {
    if (serveDesk?.(req, reply)) return;
    void reply
      .status(404)
      .send({ code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: {} });
  });

  // JSON only: anything else is a 415, not a string for the schema to trip over.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
  });
  // Every status a route can answer is in the OpenAPI document, with the error shape.
  app.addHook('onRoute', (route) => addCommonErrorResponses(route));
  // Every route as registered, so a test can demand an access rule for each one.
  const routeTable: RouteEntry[] = [];
  app.addHook('onRoute', (route) => {
    for (const method of [route.method].flat())
      routeTable.push({ method, url: route.url, public: route.config?.public === true });
  });
  app.decorate('routeTable', routeTable);

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: {
        title: 'freightflow API',
        version: '0.1.0',
        description: 'Back office of a freight-forwarding and trade-agency house.',
      },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  // Security headers (@fastify/helmet): nosniff, frame DENY, no referrer, same-origin resource and opener
  // policies, HSTS; every answer is data and may run nothing (the desk sets its own CSP on its pages).
  await app.register(helmet, {
    contentSecurityPolicy: { useDefaults: false, directives: { defaultSrc: ["'none'"], frameAncestors: ["'none'"] } },
    frameguard: { action: 'deny' },
    referrerPolicy: { policy: 'no-referrer' },
    crossOriginResourcePolicy: { policy: 'same-origin' },
  });
  app.addHook('onRequest', async (req, reply) => {
    void reply.header('cache-control', 'no-store');
    // The docs page runs the Swagger UI's scripts.
    if (req.url.startsWith('/docs')) void reply.removeHeader('content-security-policy');
  });
  // Latency per route template (freightflow_http_request_duration_seconds).
  app.addHook('onResponse', async (req, reply) => {
    httpDuration.observe(
      { method: req.method, route: req.routeOptions.url ?? 'unmatched', status: String(reply.statusCode) },
      reply.elapsedTime / 1000,
    );
  });
  // Prometheus scrape endpoint: public like /healthz; expose it only where the scraper can reach it.
  app.get('/metrics', { config: { public: true }, schema: { hide: true } }, async (_req, reply) =>
    reply.header('content-type', registry.contentType).send(await registry.metrics()),
  );
  // PostgreSQL text cannot hold NUL: refuse it in the path and query before anything reads them.
  app.addHook('onRequest', async (req) => {
    if (/%00/.test(req.url)) throw new AppError('bad_request', 'The URL contains a NUL character');
  });
  app.addHook('onRequest', authHook(deps));
  await registerWriteRateLimit(app, deps.db, deps.config.rateLimitWritesPerMinute);
  installIdempotency(app, deps);

  await app.register(healthRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(userRoutes(deps));
  await app.register(contractTemplateRoutes(deps));
  await app.register(calendarRoutes(deps));
  await app.register(customerRoutes(deps));
  await app.register(tariffRoutes(deps));
  await app.register(tariffChangeRoutes(deps));
  await app.register(quoteRoutes(deps));
  await app.register(inboxRoutes(deps));
  await app.register(delegationRoutes(deps));
  await app.register(auditRoutes(deps));
  await app.register(jobRoutes(deps));
  await app.register(boardRoutes(deps));
  await app.register(receivableRoutes(deps));
  await app.register(collectionCaseRoutes(deps));
  await app.register(creditRoutes(deps));
  await app.register(planRoutes(deps));
  await app.register(visitRoutes(deps));
  await app.register(diaryRoutes(deps));
  await app.register(prospectRoutes(deps));
  await app.register(codecRoutes(deps));
  await app.register(deskRoutes(deps));
  serveDesk = await registerDesk(app, deps);
  return app;
}
