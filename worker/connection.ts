/** Client and worker connections to Temporal, from temporal.config.ts (TLS and API key for a cluster or Cloud). */
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import { NativeConnection } from '@temporalio/worker';
import { dataConverterFor } from '../lib/payload-codec';
import type { TemporalConfig } from '../temporal.config';

async function tlsOptions(cfg: TemporalConfig) {
  if (!cfg.tls) return undefined;
  if (cfg.tls.certPath && cfg.tls.keyPath) {
    return { clientCertPair: { crt: await readFile(cfg.tls.certPath), key: await readFile(cfg.tls.keyPath) } };
  }
  return true;
}

export async function connectClient(cfg: TemporalConfig): Promise<Client> {
  const tls = await tlsOptions(cfg);
  const connection = await Connection.connect({
    address: cfg.address,
    ...(tls ? { tls } : {}),
    ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
  });
  return new Client({ connection, namespace: cfg.namespace, dataConverter: dataConverterFor(cfg) });
}

export async function connectWorker(cfg: TemporalConfig): Promise<NativeConnection> {
  const tls = await tlsOptions(cfg);
  return NativeConnection.connect({
    address: cfg.address,
    ...(tls ? { tls } : {}),
    ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
  });
}
