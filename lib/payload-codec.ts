/**
 * Payload encryption, so Temporal's history holds no plaintext customer data or prices.
 * Each payload (workflow and activity arguments and results, updates, queries, failure details) is
 * serialized as a proto and sealed with AES-256-GCM under the active key; the key id travels in the
 * payload's metadata, so rotated-out keys still open old histories. Wire format of `data`:
 * 12-byte random IV ‖ ciphertext ‖ 16-byte GCM tag (what Temporal's encryption samples use).
 */
import { createCipheriv, createDecipheriv, randomBytes, type KeyObject } from 'node:crypto';
import { METADATA_ENCODING_KEY, type DataConverter, type Payload, type PayloadCodec } from '@temporalio/common';
// CommonJS package: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';

import type { TemporalConfig } from '../temporal.config';

const { temporal } = proto;

/** `encoding` metadata of an encrypted payload. */
export const ENCRYPTED_ENCODING = 'binary/encrypted';
/** Metadata key naming the key that encrypted the payload. */
export const KEY_ID_METADATA = 'encryption-key-id';

const IV_BYTES = 12;
const TAG_BYTES = 16;
const utf8 = (s: string) => Buffer.from(s, 'utf8');

/** A payload that cannot be decrypted: unknown key id, missing parts, or altered bytes. */
export class PayloadDecryptionError extends Error {
  override name = 'PayloadDecryptionError';
}

export class EncryptionCodec implements PayloadCodec {
  constructor(
    private readonly keys: ReadonlyMap<string, KeyObject>,
    private readonly activeKeyId: string,
  ) {
    for (const [kid, key] of keys) {
      if (key.type !== 'secret' || key.symmetricKeySize !== 32)
        throw new Error(`Payload key '${kid}' is not a 32-byte AES key`);
    }
    if (!keys.has(activeKeyId)) throw new Error(`Active payload key '${activeKeyId}' is not among the configured keys`);
  }

  async encode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.encrypt(p));
  }

  /** Payloads not encrypted by this codec pass through, so histories from before encryption stay readable. */
  async decode(payloads: Payload[]): Promise<Payload[]> {
    return payloads.map((p) => this.decrypt(p));
  }

  private encrypt(payload: Payload): Payload {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.keys.get(this.activeKeyId)!, iv);
    const plain = temporal.api.common.v1.Payload.encode(payload).finish();
    return {
      metadata: { [METADATA_ENCODING_KEY]: utf8(ENCRYPTED_ENCODING), [KEY_ID_METADATA]: utf8(this.activeKeyId) },
      data: Buffer.concat([iv, cipher.update(plain), cipher.final(), cipher.getAuthTag()]),
    };
  }

  private decrypt(payload: Payload): Payload {
    const encoding = payload.metadata?.[METADATA_ENCODING_KEY];
    if (!encoding || Buffer.from(encoding).toString('utf8') !== ENCRYPTED_ENCODING) return payload;
    const kidBytes = payload.metadata?.[KEY_ID_METADATA];
    if (!kidBytes) throw new PayloadDecryptionError(`Encrypted payload has no '${KEY_ID_METADATA}' metadata`);
    const kid = Buffer.from(kidBytes).toString('utf8');
    const key = this.keys.get(kid);
    if (!key) {
      throw new PayloadDecryptionError(
        `Payload was encrypted with key id '${kid}', which is not configured (PAYLOAD_KEYS has ${[...this.keys.keys()].join(', ')})`,
      );
    }
    const data = Buffer.from(payload.data ?? new Uint8Array());
    if (data.length < IV_BYTES + TAG_BYTES)
      throw new PayloadDecryptionError(`Encrypted payload (key '${kid}') is too short`);
    const decipher = createDecipheriv('aes-256-gcm', key, data.subarray(0, IV_BYTES));
    decipher.setAuthTag(data.subarray(data.length - TAG_BYTES));
    let plain: Buffer;
    try {
      plain = Buffer.concat([decipher.update(data.subarray(IV_BYTES, data.length - TAG_BYTES)), decipher.final()]);
    } catch {
      throw new PayloadDecryptionError(
        `Payload failed authentication under key '${kid}': it was altered or encrypted with a different key`,
      );
    }
    return temporal.api.common.v1.Payload.decode(plain);
  }
}

/** The data converter of every Temporal client, worker and replayer of this system. */
export function dataConverterFor(cfg: Pick<TemporalConfig, 'payloadKeys' | 'payloadActiveKey'>): DataConverter {
  return { payloadCodecs: [new EncryptionCodec(cfg.payloadKeys, cfg.payloadActiveKey)] };
}
