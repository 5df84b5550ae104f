/** Builds the HTTP API: zod at the edge, OpenAPI 3.1 from the same schemas, bearer authentication. */
import Fastify, { type FastifyInstance } from 'fastify';
import swagger from '@fastify/swagger';
import swaggerUi from '@fastify/swagger-ui';
import { jsonSchemaTransform, serializerCompiler, validatorCompiler, type ZodTypeProvider } from 'fastify-type-provider-zod';
import { authHook } from './auth';
import type { ApiDeps } from './deps';
import { errorHandler } from './errors';
import { healthRoutes } from './health';
import { customerRoutes } from './customers/routes';
import { tariffRoutes } from './tariffs/routes';
import { tariffChangeRoutes } from './tariff-changes/routes';
import { meRoutes } from './me';
import { quoteRoutes } from './quotes/routes';
import { inboxRoutes } from './inbox';
import { delegationRoutes } from './delegations/routes';
import { codecRoutes } from './codec';

export async function buildServer(deps: ApiDeps, opts: { logger?: boolean | object } = {}): Promise<FastifyInstance> {
  const app = Fastify({
    logger: opts.logger ?? { level: deps.config.logLevel, redact: ['req.headers.authorization'] },
    bodyLimit: 1024 * 1024,
    ajv: { customOptions: { removeAdditional: false } },
  }).withTypeProvider<ZodTypeProvider>();
  app.setValidatorCompiler(validatorCompiler);
  app.setSerializerCompiler(serializerCompiler);
  app.setErrorHandler(errorHandler);
  app.setNotFoundHandler((req, reply) => {
    void reply.status(404).send({ code: 'not_found', message: `No route ${req.method} ${req.url.split('?')[0]}`, details: {} });
  });

  // JSON only: anything else is a 415, not a string for the schema to trip over.
  app.removeContentTypeParser(['text/plain']);
  app.addHook('onRoute', (route) => {
    if (route.url.startsWith('/docs')) route.config = { ...(route.config ?? {}), public: true };
  });

  await app.register(swagger, {
    openapi: {
      openapi: '3.1.0',
      info: { title: 'freightflow API', version: '0.1.0', description: 'Back office of a freight-forwarding and trade-agency house.' },
      components: { securitySchemes: { bearer: { type: 'http', scheme: 'bearer', bearerFormat: 'JWT' } } },
      security: [{ bearer: [] }],
    },
    transform: jsonSchemaTransform,
  });
  await app.register(swaggerUi, { routePrefix: '/docs', uiConfig: { docExpansion: 'list' } });
  app.get('/openapi.json', { config: { public: true }, schema: { hide: true } }, async () => app.swagger());

  app.addHook('onRequest', async (_req, reply) => {
    void reply.header('x-content-type-options', 'nosniff').header('cache-control', 'no-store');
  });
  app.addHook('onRequest', authHook(deps));

  await app.register(healthRoutes(deps));
  await app.register(meRoutes(deps));
  await app.register(customerRoutes(deps));
  await app.register(tariffRoutes(deps));
  await app.register(tariffChangeRoutes(deps));
  await app.register(quoteRoutes(deps));
  await app.register(inboxRoutes(deps));
  await app.register(delegationRoutes(deps));
  await app.register(codecRoutes(deps));
  return app;
}
