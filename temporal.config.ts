/**
 * Temporal settings, read once from the environment and validated.
 * The CLI version lives here and nowhere else.
 */
import { createHash, createSecretKey, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { ALL_SEARCH_ATTRIBUTES } from './workflows/search-attributes';

/** Custom search attributes the workflows upsert on each transition (keys defined in workflows/search-attributes.ts). */
export const SEARCH_ATTRIBUTES = ALL_SEARCH_ATTRIBUTES;

/** Temporal CLI release whose dev server (Temporal server 1.29.1) the project runs. */
export const TEMPORAL_CLI_VERSION = '1.5.1';

/**
 * Dynamic config the servers freightflow starts run with (`npm run dev`'s dev server, the test suites' and the fault
 * suite's dev servers, `npm run cluster`), as `KEY=JSON_VALUE` items; an operator's own cluster should set the same.
 * - `system.enableActivityEagerExecution=true`: the worker that completes a workflow task is handed the activity that
 *   task scheduled in the same answer, instead of it waiting in the task queue for a poll. Measured (README, Performance:
 *   "Eager activity dispatch"): 1-user step p50 100.9 / 100.7 ms → 53.4 ms on a quiet machine; at 10 users no gain
 *   (the machine's CPU is the limit). Durability is unchanged: the activity is recorded as started before the worker
 *   gets it, and a worker that dies with it is retried after the 30 s start-to-close timeout, as any started activity.
 */
export const TEMPORAL_SERVER_DYNAMIC_CONFIG: readonly string[] = ['system.enableActivityEagerExecution=true'];

/**
 * `base` with `overrides` applied by key (`KEY=JSON_VALUE` items; an override replaces the base item of its key).
 * E.g. the bench's `BENCH_TEMPORAL_DYNAMIC_CONFIG=system.enableActivityEagerExecution=false` measures the default.
 */
export function mergeDynamicConfig(base: readonly string[], overrides: readonly string[] = []): string[] {
  const keyOf = (item: string) => item.slice(0, item.indexOf('=')).trim();
  const replaced = new Set(overrides.map(keyOf));
  return [...base.filter((item) => !replaced.has(keyOf(item))), ...overrides];
}

/** Temporal server release of `npm run cluster` (Go module go.temporal.io/server): the one inside that CLI's dev server. */
export const TEMPORAL_SERVER_VERSION = '1.29.1';

const schema = z.object({
  TEMPORAL_ADDRESS: z.string().min(1).default('127.0.0.1:7233'),
  TEMPORAL_NAMESPACE: z.string().min(1).default('default'),
  TEMPORAL_TASK_QUEUE: z.string().min(1).default('freightflow'),
  /** Prepended to every workflow id, so several environments can share one namespace. */
  TEMPORAL_WORKFLOW_ID_PREFIX: z
    .string()
    .regex(/^[a-z0-9-]*$/)
    .default(''),
  TEMPORAL_TLS: z.enum(['true', 'false']).default('false'),
  TEMPORAL_TLS_CERT_PATH: z.string().optional(),
  TEMPORAL_TLS_KEY_PATH: z.string().optional(),
  TEMPORAL_API_KEY: z.string().optional(),
  TEMPORAL_DEV_PORT: z.coerce.number().int().min(1).max(65535).default(7233),
  TEMPORAL_DEV_UI_PORT: z.coerce.number().int().min(1).max(65535).default(8233),
  TEMPORAL_CLI_PATH: z.string().optional(),
  /** Base URL of the Temporal Web UI, for links in auditors' histories. */
  TEMPORAL_UI_URL: z.string().url().default('http://127.0.0.1:8233'),
  /** How long the API waits on one Temporal call (start, update) before answering 503. */
  TEMPORAL_RPC_TIMEOUT_MS: z.coerce.number().int().min(100).max(300_000).default(10_000),
  /**
   * Workflows a worker keeps in memory (the SDK's sticky cache). Each costs ≈ 0.6 MiB of worker RSS (quote
   * chains: 1,000 cached ≈ 1,000 MiB, 500 ≈ 680 MiB with thousands open); a step of one evicted from the cache
   * replays its history first, ≈ 140 ms more on a loaded two-core machine (README, Performance: issue 15 §5).
   * 500 keeps a worker within 1 GiB with 10,000 open chains.
   */
  TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS: z.coerce.number().int().min(0).max(100_000).default(500),
  /** Payload encryption keys, `kid:base64(32 bytes)` comma-separated; keys retired from encrypting stay listed to decrypt. */
  PAYLOAD_KEYS: z.string().trim().optional(),
  /** The key id that encrypts new payloads; one of PAYLOAD_KEYS. */
  PAYLOAD_ACTIVE_KEY: z.string().trim().optional(),
  /** Web UI origins (comma-separated) allowed to call the codec endpoint from the browser; default the dev server's UI. */
  TEMPORAL_UI_ORIGIN: z.string().trim().optional(),
});

/** Key id of the fixed development key, used only when NODE_ENV is not production and no keys are configured. */
export const DEV_PAYLOAD_KEY_ID = 'dev-insecure';
// Derived from a public string on purpose: anyone can decrypt what it encrypts.
const devPayloadKey = () =>
  createSecretKey(
    createHash('sha256').update('freightflow dev payload key, NOT SECRET, never for production').digest(),
  );

const KEY_ID = /^[A-Za-z0-9._-]{1,64}$/;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

/** `k1:base64,k2:base64` → key id → AES-256 key. Error messages name key ids, never key material. */
function parsePayloadKeys(raw: string): Map<string, KeyObject> {
  const keys = new Map<string, KeyObject>();
  for (const entry of raw
    .split(',')
    .map((e) => e.trim())
    .filter(Boolean)) {
    const sep = entry.indexOf(':');
    const kid = sep > 0 ? entry.slice(0, sep).trim() : '';
    const b64 = sep > 0 ? entry.slice(sep + 1).trim() : '';
    if (!KEY_ID.test(kid))
      throw new Error('PAYLOAD_KEYS: each entry must be <kid>:<base64 key>, kid of 1–64 characters A–Z a–z 0–9 . _ -');
    if (keys.has(kid)) throw new Error(`PAYLOAD_KEYS: key id '${kid}' is listed twice`);
    const bytes = BASE64.test(b64) ? Buffer.from(b64, 'base64') : Buffer.alloc(0);
    if (bytes.length !== 32)
      throw new Error(`PAYLOAD_KEYS: key '${kid}' must be 32 bytes in base64 (e.g. \`openssl rand -base64 32\`)`);
    keys.set(kid, createSecretKey(bytes));
  }
  if (keys.size === 0) throw new Error('PAYLOAD_KEYS: no keys listed');
  return keys;
}

function readPayloadKeys(
  e: { PAYLOAD_KEYS?: string | undefined; PAYLOAD_ACTIVE_KEY?: string | undefined },
  production: boolean,
) {
  if (!e.PAYLOAD_KEYS) {
    if (production)
      throw new Error(
        'Invalid Temporal configuration: production needs PAYLOAD_KEYS and PAYLOAD_ACTIVE_KEY (payload encryption)',
      );
    if (e.PAYLOAD_ACTIVE_KEY)
      throw new Error('Invalid Temporal configuration: PAYLOAD_ACTIVE_KEY is set but PAYLOAD_KEYS is not');
    return { payloadKeys: new Map([[DEV_PAYLOAD_KEY_ID, devPayloadKey()]]), payloadActiveKey: DEV_PAYLOAD_KEY_ID };
  }
  let payloadKeys: Map<string, KeyObject>;
  try {
    payloadKeys = parsePayloadKeys(e.PAYLOAD_KEYS);
  } catch (err) {
    throw new Error(`Invalid Temporal configuration: ${(err as Error).message}`);
  }
  if (!e.PAYLOAD_ACTIVE_KEY)
    throw new Error(
      'Invalid Temporal configuration: PAYLOAD_ACTIVE_KEY must name the key of PAYLOAD_KEYS that encrypts new payloads',
    );
  if (!payloadKeys.has(e.PAYLOAD_ACTIVE_KEY)) {
    throw new Error(
      `Invalid Temporal configuration: PAYLOAD_ACTIVE_KEY '${e.PAYLOAD_ACTIVE_KEY}' is not one of PAYLOAD_KEYS (${[...payloadKeys.keys()].join(', ')})`,
    );
  }
  if (production && [...payloadKeys.values()].some((k) => k.equals(devPayloadKey()))) {
    throw new Error(
      'Invalid Temporal configuration: PAYLOAD_KEYS holds the public development key, which production must not use',
    );
  }
  return { payloadKeys, payloadActiveKey: e.PAYLOAD_ACTIVE_KEY };
}

function readUiOrigins(raw: string | undefined, fallback: string): string[] {
  const origins = (raw ?? fallback)
    .split(',')
    .map((o) => o.trim())
    .filter(Boolean);
  for (const o of origins) {
    let origin: string | undefined;
    try {
      origin = new URL(o).origin;
    } catch {
      origin = undefined;
    }
    if (origin !== o)
      throw new Error(
        `Invalid Temporal configuration: TEMPORAL_UI_ORIGIN '${o}' must be an origin such as http://127.0.0.1:8233 (no path, no trailing slash)`,
      );
  }
  return origins;
}

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
  /** The worker's workflow cache size (TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS). */
  workerMaxCachedWorkflows: number;
  uiUrl: string;
  searchAttributes: typeof SEARCH_ATTRIBUTES;
  /** Payload encryption keys by key id (KeyObjects, so logging the config prints no key material). */
  payloadKeys: ReadonlyMap<string, KeyObject>;
  /** Key id that encrypts new payloads; the others only decrypt. */
  payloadActiveKey: string;
  /** Browser origins of the Temporal Web UI allowed to call the codec endpoint (CORS). */
  uiOrigins: readonly string[];
}

export function readTemporalConfig(env: NodeJS.ProcessEnv = process.env): TemporalConfig {
  const parsed = schema.safeParse(env);
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new Error(`Invalid Temporal configuration: ${issues}`);
  }
  const e = parsed.data;
  const tlsWanted = e.TEMPORAL_TLS === 'true' || Boolean(e.TEMPORAL_API_KEY);
  const keys = readPayloadKeys(e, env.NODE_ENV === 'production');
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
    workerMaxCachedWorkflows: e.TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS,
    uiUrl: e.TEMPORAL_UI_URL.replace(/\/$/, ''),
    searchAttributes: SEARCH_ATTRIBUTES,
    ...keys,
    uiOrigins: readUiOrigins(e.TEMPORAL_UI_ORIGIN, `http://127.0.0.1:${e.TEMPORAL_DEV_UI_PORT}`),
  };
}

let cached: TemporalConfig | undefined;
/** The process-wide Temporal configuration, read once. */
export function temporalConfig(): TemporalConfig {
  cached ??= readTemporalConfig();
  return cached;
}
