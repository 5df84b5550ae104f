/**
 * The whole system for one test file, for real: its own database, a worker on its own task queue
 * against the shared dev server, and the HTTP API listening on a free port.
 */
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection, type Worker } from '@temporalio/worker';
import type { FastifyInstance } from 'fastify';
import type { Kysely } from 'kysely';
import { inject } from 'vitest';
import { buildServer } from '../../api/server';
import type { Database } from '../../db/database';
import { upsertUser } from '../../db/user.repository';
import { readAppConfig } from '../../lib/config';
import { dataConverterFor } from '../../lib/payload-codec';
import { createTokenVerifier, mintToken } from '../../lib/tokens';
import type { Role } from '../../machines/roles';
import { readTemporalConfig, type TemporalConfig } from '../../temporal.config';
import { createWorker } from '../../worker/worker';
import { createTestDatabase } from './database';

export interface Stack {
  db: Kysely<Database>;
  client: Client;
  temporalConfig: TemporalConfig;
  baseUrl: string;
  app: FastifyInstance;
  worker: Worker;
  token(login: string): Promise<string>;
  addUser(id: string, role: Role, managerId?: string | null): Promise<void>;
  /** HTTP call with a token for `as`; body as JSON. */
  http(
    method: string,
    path: string,
    opts?: { as?: string; body?: unknown; headers?: Record<string, string> },
  ): Promise<{ status: number; body: any }>;
  stopWorker(): Promise<void>;
  startWorker(): Promise<void>;
  /** The API's requests that took ≥ 1 s (the last 50), one `HH:MM:SS.mmm METHOD url → status in ms` per line. */
  slowRequests(): string;
  close(): Promise<void>;
}

const rand = () => Math.random().toString(36).slice(2, 8);

/** `env` overrides configuration for this file's stack, e.g. short step due times. */
export async function startStack(opts: { env?: Record<string, string> } = {}): Promise<Stack> {
  const address = inject('temporalAddress');
  const bundle = JSON.parse(await readFile(inject('workflowBundlePath'), 'utf8'));
  const suffix = rand();
  const temporalConfig = readTemporalConfig({
    ...process.env,
    TEMPORAL_ADDRESS: address,
    TEMPORAL_TASK_QUEUE: `test-${suffix}`,
    TEMPORAL_WORKFLOW_ID_PREFIX: `t${suffix}-`,
  });
  const config = readAppConfig({ ...process.env, NODE_ENV: 'test', PORT: '0', ...opts.env });
  const dbh = await createTestDatabase();
  const connection = await Connection.connect({ address });
  const client = new Client({
    connection,
    namespace: temporalConfig.namespace,
    dataConverter: dataConverterFor(temporalConfig),
  });
  const nativeConnection = await NativeConnection.connect({ address });

  let worker: Worker;
  let running: Promise<void> = Promise.resolve();
  const startWorker = async () => {
    worker = await createWorker({
      connection: nativeConnection,
      namespace: temporalConfig.namespace,
      taskQueue: temporalConfig.taskQueue,
      db: dbh.db,
      config,
      dataConverter: dataConverterFor(temporalConfig),
      workflowBundle: bundle,
    });
    running = worker.run();
  };
  const stopWorker = async () => {
    if (worker.getState() === 'RUNNING') worker.shutdown();
    await running;
  };
  await startWorker();

  const app = await buildServer(
    { db: dbh.db, temporal: client, config, temporalConfig, verifyToken: createTokenVerifier(config.jwt) },
    { logger: false },
  );
  // For a failing test's log: which of the API's answers were slow (a desk page waits on them).
  const slow: string[] = [];
  app.addHook('onResponse', async (req, reply) => {
    if (reply.elapsedTime < 1_000) return;
    const at = new Date(Date.now() - reply.elapsedTime).toISOString().slice(11, 23);
    slow.push(`${at} ${req.method} ${req.url} → ${reply.statusCode} in ${Math.round(reply.elapsedTime)} ms`);
    if (slow.length > 50) slow.shift();
  });
  await app.listen({ port: 0, host: '127.0.0.1' });
  const addr = app.server.address();
  const baseUrl = `http://127.0.0.1:${typeof addr === 'object' && addr ? addr.port : 0}`;
  const tokens = new Map<string, string>();
  const token = async (login: string) => {
    let t = tokens.get(login);
    if (!t) {
      t = await mintToken(config.jwt, login);
      tokens.set(login, t);
    }
    return t;
  };

  return {
    db: dbh.db,
    client,
    temporalConfig,
    baseUrl,
    app,
    get worker() {
      return worker;
    },
    token,
    addUser: (id, role, managerId = null) => upsertUser(dbh.db, { id, display_name: id, role, manager_id: managerId }),
    async http(method, path, opts = {}) {
      const headers: Record<string, string> = { ...(opts.headers ?? {}) };
      if (opts.as) headers.authorization = `Bearer ${await token(opts.as)}`;
      if (opts.body !== undefined) headers['content-type'] = 'application/json';
      const res = await fetch(`${baseUrl}${path}`, {
        method,
        headers,
        ...(opts.body !== undefined
          ? { body: typeof opts.body === 'string' ? opts.body : JSON.stringify(opts.body) }
          : {}),
      });
      const text = await res.text();
      let body: unknown = text;
      try {
        body = text ? JSON.parse(text) : undefined;
      } catch {
        /* not JSON */
      }
      return { status: res.status, body };
    },
    stopWorker,
    startWorker,
    slowRequests: () => (slow.length ? `slow API requests:\n${slow.join('\n')}` : 'no API request took ≥ 1 s'),
    async close() {
      await app.close();
      await stopWorker();
      await nativeConnection.close();
      await connection.close();
      await dbh.close();
    },
  };
}
