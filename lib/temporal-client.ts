/**
 * The Temporal client connection every process that only talks to Temporal shares (the API, scripts,
 * bench): TLS and API key from temporal.config.ts, payloads encrypted (lib/payload-codec.ts). Only
 * worker/ (and tests or bench that start workers) load the worker SDK.
 */
import { readFile } from 'node:fs/promises';
import { Client, Connection } from '@temporalio/client';
import type { TemporalConfig } from '../temporal.config';
import { dataConverterFor } from './payload-codec';

/** TLS settings of a connection: undefined (plain), true (server TLS) or a client certificate pair (mTLS). */
export async function tlsOptions(
  cfg: TemporalConfig,
): Promise<undefined | true | { clientCertPair: { crt: Buffer; key: Buffer } }> {
  if (!cfg.tls) return undefined;
  if (cfg.tls.certPath && cfg.tls.keyPath) {
    return { clientCertPair: { crt: await readFile(cfg.tls.certPath), key: await readFile(cfg.tls.keyPath) } };
  }
  return true;
}

/** A client of `cfg.namespace` at `cfg.address`; throws when the server cannot be reached. */
export async function connectClient(cfg: TemporalConfig): Promise<Client> {
  const tls = await tlsOptions(cfg);
  const connection = await Connection.connect({
    address: cfg.address,
    ...(tls ? { tls } : {}),
    ...(cfg.apiKey ? { apiKey: cfg.apiKey } : {}),
  });
  return new Client({ connection, namespace: cfg.namespace, dataConverter: dataConverterFor(cfg) });
}
