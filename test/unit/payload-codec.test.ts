import { createSecretKey, randomBytes, type KeyObject } from 'node:crypto';
import { defaultPayloadConverter, METADATA_ENCODING_KEY, type Payload } from '@temporalio/common';
import { describe, expect, it } from 'vitest';
import { EncryptionCodec, ENCRYPTED_ENCODING, KEY_ID_METADATA, PayloadDecryptionError } from '../../lib/payload-codec';
import { DEV_PAYLOAD_KEY_ID, readTemporalConfig } from '../../temporal.config';

const key = () => createSecretKey(randomBytes(32));
const k1 = key();
const k2 = key();
const codec = (keys: Record<string, KeyObject>, active: string) =>
  new EncryptionCodec(new Map(Object.entries(keys)), active);
const customer = { contact: '王小明', phone: '+886 912 345 678', price: '1234.56' };
const toPayload = (v: unknown) => defaultPayloadConverter.toPayload(v);
const fromPayload = (p: Payload) => defaultPayloadConverter.fromPayload(p);
const text = (b: Uint8Array | null | undefined) => Buffer.from(b ?? new Uint8Array()).toString('utf8');

describe('payload encryption codec', () => {
  it('decrypts what it encrypted, metadata included', async () => {
    const c = codec({ k1 }, 'k1');
    const original = toPayload(customer);
    const [sealed] = await c.encode([original]);
    expect(text(sealed!.metadata![METADATA_ENCODING_KEY])).toBe(ENCRYPTED_ENCODING);
    expect(text(sealed!.metadata![KEY_ID_METADATA])).toBe('k1');
    expect(text(sealed!.data)).not.toContain('1234.56');
    const [opened] = await c.decode([sealed!]);
    expect(text(opened!.metadata![METADATA_ENCODING_KEY])).toBe('json/plain');
    expect(fromPayload(opened!)).toEqual(customer);
  });

  it('encrypts equal payloads to different ciphertexts', async () => {
    const c = codec({ k1 }, 'k1');
    const [a, b] = await c.encode([toPayload(customer), toPayload(customer)]);
    expect(Buffer.from(a!.data!).equals(Buffer.from(b!.data!))).toBe(false);
  });

  it('refuses a payload whose ciphertext was altered', async () => {
    const c = codec({ k1 }, 'k1');
    const [sealed] = await c.encode([toPayload(customer)]);
    const data = Buffer.from(sealed!.data!);
    data[20] = data[20]! ^ 1;
    await expect(c.decode([{ ...sealed!, data }])).rejects.toThrow(PayloadDecryptionError);
    await expect(c.decode([{ ...sealed!, data }])).rejects.toThrow(/altered/);
  });

  it('still opens payloads of a rotated-out key after the active key changed', async () => {
    const [old] = await codec({ k1 }, 'k1').encode([toPayload(customer)]);
    const rotated = codec({ k1, k2 }, 'k2');
    const [fresh] = await rotated.encode([toPayload('new')]);
    expect(text(fresh!.metadata![KEY_ID_METADATA])).toBe('k2');
    const [a, b] = await rotated.decode([old!, fresh!]);
    expect(fromPayload(a!)).toEqual(customer);
    expect(fromPayload(b!)).toBe('new');
  });

  it('names the key id it does not know', async () => {
    const [sealed] = await codec({ k1 }, 'k1').encode([toPayload(customer)]);
    await expect(codec({ k2 }, 'k2').decode([sealed!])).rejects.toThrow(/key id 'k1', which is not configured/);
  });

  it('passes plaintext payloads through, so histories from before encryption stay readable', async () => {
    const plain = toPayload(customer);
    const [out] = await codec({ k1 }, 'k1').decode([plain]);
    expect(out).toBe(plain);
  });

  it('rejects an active key id that is not among the keys', () => {
    expect(() => codec({ k1 }, 'k9')).toThrow(/'k9'/);
  });
});

describe('payload key configuration', () => {
  const b64 = () => randomBytes(32).toString('base64');

  it('uses the named development key when nothing is configured outside production', () => {
    const cfg = readTemporalConfig({ NODE_ENV: 'development' });
    expect(cfg.payloadActiveKey).toBe(DEV_PAYLOAD_KEY_ID);
    expect([...cfg.payloadKeys.keys()]).toEqual([DEV_PAYLOAD_KEY_ID]);
  });

  it('requires keys in production', () => {
    expect(() => readTemporalConfig({ NODE_ENV: 'production' })).toThrow(/production needs PAYLOAD_KEYS/);
  });

  it('reads several keys and the active one, as after a rotation', () => {
    const cfg = readTemporalConfig({
      NODE_ENV: 'production',
      PAYLOAD_KEYS: `2025a:${b64()}, 2026a:${b64()}`,
      PAYLOAD_ACTIVE_KEY: '2026a',
    });
    expect([...cfg.payloadKeys.keys()]).toEqual(['2025a', '2026a']);
    expect(cfg.payloadActiveKey).toBe('2026a');
  });

  it('refuses keys that are not 32 bytes, duplicates, and an active id not listed', () => {
    expect(() =>
      readTemporalConfig({ PAYLOAD_KEYS: `k1:${randomBytes(16).toString('base64')}`, PAYLOAD_ACTIVE_KEY: 'k1' }),
    ).toThrow(/32 bytes/);
    expect(() => readTemporalConfig({ PAYLOAD_KEYS: `k1:${b64()},k1:${b64()}`, PAYLOAD_ACTIVE_KEY: 'k1' })).toThrow(
      /twice/,
    );
    expect(() => readTemporalConfig({ PAYLOAD_KEYS: `k1:${b64()}`, PAYLOAD_ACTIVE_KEY: 'k2' })).toThrow(
      /'k2' is not one of/,
    );
    expect(() => readTemporalConfig({ PAYLOAD_KEYS: `k1:${b64()}` })).toThrow(/PAYLOAD_ACTIVE_KEY must name/);
  });

  it('never puts key material in its error messages', () => {
    const secret = randomBytes(31).toString('base64');
    expect(() => readTemporalConfig({ PAYLOAD_KEYS: `k1:${secret}`, PAYLOAD_ACTIVE_KEY: 'k1' })).toThrow(
      expect.objectContaining({ message: expect.not.stringContaining(secret) }),
    );
  });
});
