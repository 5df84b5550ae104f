/**
 * Payload encryption end to end: what the Temporal server stores is ciphertext, the system's own
 * client and worker read it, and the codec endpoint opens it for auditors (and the Temporal CLI).
 */
import { execFile } from 'node:child_process';
import { promisify } from 'node:util';
import { Client } from '@temporalio/client';
import { historyToJSON } from '@temporalio/common/lib/proto-utils';
import { temporal } from '@temporalio/proto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { findTariffLines } from '../../db/tariff.repository';
import { ensureTemporalCli } from '../../lib/temporal-cli';
import type { TariffLineInput } from '../../machines/catalog';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffStepUpdate, type TariffWorkflow } from '../../workflows/tariff.definitions';
import { oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let workflowId: string;
let startInput: unknown;
const commodity = `冷凍荔枝 frozen lychee ${Math.random().toString(36).slice(2, 8)}`;
const price = '98765.43';

beforeAll(async () => {
  s = await startStack();
  const versionNo = 9101;
  workflowId = tariffWorkflowId(s.temporalConfig.workflowIdPrefix, versionNo);
  const handle = await s.client.workflow.start<TariffWorkflow>('tariffWorkflow', {
    workflowId,
    taskQueue: s.temporalConfig.taskQueue,
    args: [
      {
        versionNo,
        title: '加密測試 encryption',
        effectiveFrom: today(),
        lines: [oceanLine({ commodity, price })] as TariffLineInput[],
        actor: { id: 'commerce', role: 'commerce' },
        idempotencyKey: 'enc-draft',
      },
    ],
  });
  for (const [type, actor] of [
    ['tariff.submitted', { id: 'commerce', role: 'commerce' }],
    ['tariff.approved', { id: 'gm', role: 'gm' }],
  ] as const) {
    await handle.executeUpdate(tariffStepUpdate, {
      args: [{ event: { type, actor }, idempotencyKey: `enc-${type}` }],
      updateId: `enc-${type}`,
    });
  }
  expect((await handle.result()).status).toBe('locked');
});
afterAll(async () => s?.close());

const rawHistory = async () => {
  const plain = new Client({ connection: s.client.connection, namespace: s.temporalConfig.namespace });
  return plain.workflow.getHandle(workflowId).fetchHistory();
};
const decodedText = (body: { payloads: { data?: string }[] }) =>
  body.payloads.map((p) => Buffer.from(p.data ?? '', 'base64').toString('utf8')).join('\n');

describe('payload encryption', () => {
  it('the Temporal history holds neither the commodity nor the price, yet the workflow ran on them', async () => {
    const history = await rawHistory();
    const bytes = Buffer.from(temporal.api.history.v1.History.encode(history).finish());
    const json = historyToJSON(history);
    // The search does find plaintext that is not encrypted: the workflow id is in the history as is.
    expect(bytes.includes(Buffer.from(workflowId))).toBe(true);
    for (const secret of [commodity, '冷凍荔枝', price]) {
      expect(bytes.includes(Buffer.from(secret))).toBe(false);
      expect(json).not.toContain(secret);
    }
    const started = history.events![0]!.workflowExecutionStartedEventAttributes!;
    const meta = started.input!.payloads![0]!.metadata!;
    expect(Buffer.from(meta.encoding!).toString()).toBe('binary/encrypted');
    expect(Buffer.from(meta['encryption-key-id']!).toString()).toBe(s.temporalConfig.payloadActiveKey);
    startInput = (JSON.parse(json) as { events: { workflowExecutionStartedEventAttributes: { input: unknown } }[] })
      .events[0]!.workflowExecutionStartedEventAttributes.input;

    // A client without the codec cannot read the result; the system's own client can.
    const plain = new Client({ connection: s.client.connection, namespace: s.temporalConfig.namespace });
    await expect(plain.workflow.getHandle(workflowId).result()).rejects.toThrow(/binary\/encrypted/);
    expect(await s.client.workflow.getHandle(workflowId).result()).toMatchObject({ status: 'locked', lineCount: 1 });
    const [line] = await findTariffLines(s.db, 9101);
    expect(line?.commodity).toBe(commodity);
    expect(Number(line?.price)).toBe(Number(price));
  });

  it('an auditor decodes the stored payloads through POST /codec/decode; a salesperson may not', async () => {
    const asAuditor = await s.http('POST', '/codec/decode', {
      as: 'auditor',
      body: startInput,
      headers: { 'x-namespace': s.temporalConfig.namespace },
    });
    expect(asAuditor.status, JSON.stringify(asAuditor.body)).toBe(200);
    const text = decodedText(asAuditor.body);
    expect(text).toContain(commodity);
    expect(text).toContain(price);
    expect(Buffer.from(asAuditor.body.payloads[0].metadata.encoding, 'base64').toString()).toBe('json/plain');

    const asSales = await s.http('POST', '/codec/decode', { as: 'sales', body: startInput });
    expect(asSales.status).toBe(403);
    expect(JSON.stringify(asSales.body)).not.toContain('lychee');
    expect((await s.http('POST', '/codec/decode', { body: startInput })).status).toBe(401);
    expect((await s.http('POST', '/codec/decode', { as: 'gm', body: startInput })).status).toBe(200);
  });

  it('only an admin encodes, and what the endpoint encodes it decodes', async () => {
    const plain = {
      payloads: [
        {
          metadata: { encoding: Buffer.from('json/plain').toString('base64') },
          data: Buffer.from('"機密 secret"').toString('base64'),
        },
      ],
    };
    expect((await s.http('POST', '/codec/encode', { as: 'auditor', body: plain })).status).toBe(403);
    expect((await s.http('POST', '/codec/encode', { as: 'gm', body: plain })).status).toBe(403);
    const encoded = await s.http('POST', '/codec/encode', { as: 'admin', body: plain });
    expect(encoded.status).toBe(200);
    expect(decodedText(encoded.body)).not.toContain('機密');
    const decoded = await s.http('POST', '/codec/decode', { as: 'admin', body: encoded.body });
    expect(decodedText(decoded.body)).toBe('"機密 secret"');
  });

  it('refuses altered ciphertext, another namespace and malformed bodies with clear errors', async () => {
    const encoded = await s.http('POST', '/codec/encode', {
      as: 'admin',
      body: { payloads: [{ metadata: {}, data: Buffer.from('x').toString('base64') }] },
    });
    const data = Buffer.from(encoded.body.payloads[0].data, 'base64');
    data[14] = data[14]! ^ 1;
    const altered = { payloads: [{ ...encoded.body.payloads[0], data: data.toString('base64') }] };
    const tampered = await s.http('POST', '/codec/decode', { as: 'auditor', body: altered });
    expect(tampered.status).toBe(422);
    expect(tampered.body.message).toMatch(/altered/);
    const wrongNs = await s.http('POST', '/codec/decode', {
      as: 'auditor',
      body: startInput,
      headers: { 'x-namespace': 'someone-else' },
    });
    expect(wrongNs.status).toBe(400);
    expect(
      (await s.http('POST', '/codec/decode', { as: 'auditor', body: { payloads: [{ data: 'not base64!' }] } })).status,
    ).toBe(400);
  });

  it('lets the Temporal Web UI call the codec from its origin (CORS preflight and answers, errors included)', async () => {
    const origin = s.temporalConfig.uiOrigins[0]!;
    const preflight = await fetch(`${s.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: {
        origin,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization,content-type,x-namespace',
      },
    });
    expect(preflight.status).toBe(204);
    expect(preflight.headers.get('access-control-allow-origin')).toBe(origin);
    expect(preflight.headers.get('access-control-allow-headers')).toMatch(/X-Namespace/);
    const unauthenticated = await fetch(`${s.baseUrl}/codec/decode`, {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify(startInput),
    });
    expect(unauthenticated.status).toBe(401);
    expect(unauthenticated.headers.get('access-control-allow-origin')).toBe(origin);
    const other = await fetch(`${s.baseUrl}/codec/decode`, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example' },
    });
    expect(other.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('the Temporal CLI shows the plaintext history through the codec endpoint with an auditor token', async () => {
    const cli = await ensureTemporalCli();
    const { stdout } = await promisify(execFile)(cli, [
      'workflow',
      'show',
      '--address',
      s.temporalConfig.address,
      '--namespace',
      s.temporalConfig.namespace,
      '--workflow-id',
      workflowId,
      '--codec-endpoint',
      `${s.baseUrl}/codec`,
      '--codec-auth',
      `Bearer ${await s.token('auditor')}`,
      '--output',
      'json',
    ]);
    // Decoded payloads come back as json/plain, their data still base64 as in any protobuf JSON.
    expect(stdout).not.toContain(Buffer.from('binary/encrypted').toString('base64'));
    const data = [...stdout.matchAll(/"data": "([A-Za-z0-9+/=]*)"/g)].map((m) =>
      Buffer.from(m[1]!, 'base64').toString('utf8'),
    );
    expect(data.join('\n')).toContain(commodity);
  });
});
