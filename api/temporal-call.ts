import type { ApiDeps } from './deps';
import { toAppError } from './errors';

/**
 * One call to Temporal from a request, bounded by TEMPORAL_RPC_TIMEOUT_MS so an unreachable server
 * or a stopped worker answers 503 in seconds instead of holding the request; errors become AppErrors.
 */
export async function callTemporal<T>(deps: ApiDeps, fn: () => Promise<T>): Promise<T> {
  try {
    return await deps.temporal.withDeadline(Date.now() + deps.temporalConfig.rpcTimeoutMs, fn);
  } catch (e) {
    throw toAppError(e);
  }
}

/** A read of a workflow's live step waits at most this long, then the read model answers alone. */
export const QUERY_TIMEOUT_MS = 2000;
