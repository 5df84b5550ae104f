/** The worker's connection to Temporal (TLS and API key as the client's: lib/temporal-client.ts). */
import { NativeConnection } from '@temporalio/worker';
import { tlsOptions } from '../lib/temporal-client';
import type { TemporalConfig } from '../temporal.config';

export async function connectWorker(cfg: TemporalConfig): Promise<NativeConnection> {
  const tls = await tlsOptions(cfg);
  return NativeConnection.connect({
    address: cfg.address,
    ...(tls ? { tls } : {}),
    ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
  });
}
