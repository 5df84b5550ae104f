/**
 * Remote codec for the Temporal Web UI, the Temporal CLI (`--codec-endpoint`) and auditors: Temporal's
 * codec server protocol (samples-go/codec-server/protocol.md) over this system's payload encryption.
 * Bodies are Payloads as protobuf JSON, `{ payloads: [{ metadata: { key: base64 }, data: base64 }] }`,
 * answered in the same shape. The Web UI calls it from the browser, hence CORS for its origin.
 */
import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Payload } from '@temporalio/common';
import { z } from 'zod';
import { AppError } from '../lib/errors';
import { EncryptionCodec, PayloadDecryptionError } from '../lib/payload-codec';
import type { Role } from '../machines/roles';
import { requireRole } from './auth';
import type { ApiDeps } from './deps';
import { errorResponses } from './schemas';

/** Roles that may read decrypted workflow payloads. */
const DECODE_ROLES: readonly Role[] = ['auditor', 'admin', 'gm'];
/** Encoding lets one craft payloads the workers would accept as genuine: administrators only. */
const ENCODE_ROLES: readonly Role[] = ['admin'];

const base64 = z.string().regex(/^[A-Za-z0-9+/_-]*={0,2}$/, 'must be base64');
const JsonPayload = z.object({ metadata: z.record(z.string(), base64).optional(), data: base64.optional() });
type JsonPayload = z.infer<typeof JsonPayload>;
const Payloads = z.object({ payloads: z.array(JsonPayload).max(10_000) });
const CodecHeaders = z.object({ 'x-namespace': z.string().max(1000).optional() });

const fromJson = (p: JsonPayload): Payload => ({
  metadata: Object.fromEntries(Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v, 'base64')])),
  data: Buffer.from(p.data ?? '', 'base64'),
});
const toJson = (p: Payload): JsonPayload => ({
  metadata: Object.fromEntries(
    Object.entries(p.metadata ?? {}).map(([k, v]) => [k, Buffer.from(v).toString('base64')]),
  ),
  data: Buffer.from(p.data ?? new Uint8Array()).toString('base64'),
});

export function codecRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  const cfg = deps.temporalConfig;
  const codec = new EncryptionCodec(cfg.payloadKeys, cfg.payloadActiveKey);

  const checkNamespace = (req: FastifyRequest) => {
    const ns = req.headers['x-namespace'];
    if (typeof ns === 'string' && ns !== cfg.namespace) {
      throw new AppError('bad_request', `This codec serves namespace '${cfg.namespace}', not '${ns}'`, {
        namespace: cfg.namespace,
      });
    }
  };

  return async (app) => {
    // onSend, not onRequest: error answers (401, 403) need the CORS headers too, or the browser hides them.
    app.addHook('onSend', async (req, reply: FastifyReply, payload) => {
      const origin = req.headers.origin;
      if (typeof origin === 'string' && cfg.uiOrigins.includes(origin)) {
        void reply.header('access-control-allow-origin', origin).header('access-control-allow-credentials', 'true');
      }
      void reply.header('vary', 'Origin');
      return payload;
    });

    for (const op of ['decode', 'encode']) {
      app.options(`/codec/${op}`, { config: { public: true }, schema: { hide: true } }, async (req, reply) => {
        void reply
          .header('access-control-allow-methods', 'POST, OPTIONS')
          .header('access-control-allow-headers', 'Authorization, Content-Type, X-Namespace')
          .header('access-control-max-age', '600');
        if (req.headers['access-control-request-private-network'] === 'true')
          void reply.header('access-control-allow-private-network', 'true');
        return reply.status(204).send();
      });
    }

    const route = { headers: CodecHeaders, body: Payloads, response: { 200: Payloads, ...errorResponses } };
    // A history's payloads can be large (Temporal allows 2 MB each), base64 adds a third.
    const bodyLimit = 8 * 1024 * 1024;

    app.post(
      '/codec/decode',
      {
        bodyLimit,
        // Decoding changes nothing, so auditors may call it although it is a POST (see api/auth.ts).
        config: { readOnly: true },
        schema: {
          ...route,
          tags: ['codec'],
          summary: 'Decrypt workflow payloads (Temporal remote codec; auditor, admin, GM)',
        },
      },
      async (req) => {
        const user = requireRole(req, DECODE_ROLES, 'decrypt workflow payloads');
        checkNamespace(req);
        let decoded: Payload[];
        try {
          decoded = await codec.decode(req.body.payloads.map(fromJson));
        } catch (e) {
          if (e instanceof PayloadDecryptionError) throw new AppError('unprocessable', e.message);
          throw e;
        }
        req.log.info(
          { userId: user.id, role: user.role, payloads: decoded.length },
          'workflow payloads decrypted through the codec endpoint',
        );
        return { payloads: decoded.map(toJson) };
      },
    );

    app.post(
      '/codec/encode',
      {
        bodyLimit,
        schema: {
          ...route,
          tags: ['codec'],
          summary: 'Encrypt payloads with the active key (Temporal remote codec; admin)',
        },
      },
      async (req) => {
        requireRole(req, ENCODE_ROLES, 'encrypt workflow payloads');
        checkNamespace(req);
        return { payloads: (await codec.encode(req.body.payloads.map(fromJson))).map(toJson) };
      },
    );
  };
}
