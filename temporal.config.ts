/**
 * Temporal settings, read once from the environment and validated.
 * The CLI version lives here and nowhere else.
 */
import { z } from 'zod';
import { ALL_SEARCH_ATTRIBUTES } from './workflows/search-attributes';

/** Custom search attributes the workflows upsert on each transition (keys defined in workflows/search-attributes.ts). */
export const SEARCH_ATTRIBUTES = ALL_SEARCH_ATTRIBUTES;

/** Temporal CLI release whose dev server (Temporal server 1.29.1) the project runs. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('freightflow'),
  /** Prepended to every workflow id, so several environments can share one namespace. */
  TEMPORAL_WORKFLOW_ID_PREFIX: z.string().regex(/^[a-z0-9-]*$/).default(''),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** How long the API waits on one Temporal call (start, update) before answering 503. */
  TEMPORAL_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
});

export interface TemporalConfig {
  cliVersion: string;
  address: string;
  namespace: string;
  taskQueue: string;
  workflowIdPrefix: string;
  tls: { certPath?: string; keyPath?: string } | false;
  apiKey?: string;
  devServer: { port: number; uiPort: number; host: string };
  cliPath?: string;
  rpcTimeoutMs: number;
  searchAttributes: typeof SEARCH_ATTRIBUTES;
}

export function readTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Temporal configuration: ${issues}`);
  }
  const e = parsed.data;
  const tlsWanted = e.TEMPORAL_TLS === 'true' || Boolean(e.TEMPORAL_API_KEY);
  return {
    cliVersion: TEMPORAL_CLI_VERSION,
    address: e.TEMPORAL_ADDRESS,
    namespace: e.TEMPORAL_NAMESPACE,
    taskQueue: e.TEMPORAL_TASK_QUEUE,
    workflowIdPrefix: e.TEMPORAL_WORKFLOW_ID_PREFIX,
    tls: tlsWanted
      ? {
          ...(e.TEMPORAL_TLS_CERT_PATH ? { certPath: e.TEMPORAL_TLS_CERT_PATH } : {}),
          ...(e.TEMPORAL_TLS_KEY_PATH ? { keyPath: e.TEMPORAL_TLS_KEY_PATH } : {}),
        }
      : false,
    ...(e.TEMPORAL_API_KEY ? { apiKey: e.TEMPORAL_API_KEY } : {}),
    devServer: { port: e.TEMPORAL_DEV_PORT, uiPort: e.TEMPORAL_DEV_UI_PORT, host: '127.0.0.1' },
    ...(e.TEMPORAL_CLI_PATH ? { cliPath: e.TEMPORAL_CLI_PATH } : {}),
    rpcTimeoutMs: e.TEMPORAL_RPC_TIMEOUT_MS,
    searchAttributes: SEARCH_ATTRIBUTES,
  };
}

let cached: TemporalConfig | undefined;
/** The process-wide Temporal configuration, read once. */
export function temporalConfig(): TemporalConfig {
  cached ??= readTemporalConfig();
  return cached;
}
