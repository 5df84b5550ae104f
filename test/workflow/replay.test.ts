/**
 * Determinism guard: every history recorded by the suite (test/histories/, refreshed with
 * `npm run replay:record`) must replay on today's workflow code without a nondeterminism error.
 * Histories recorded since payload encryption hold ciphertext under the test keys (the dev key unless
 * PAYLOAD_KEYS is set); older plaintext ones pass through the codec unchanged.
 */
import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { historyFromJSON } from '@temporalio/common/lib/proto-utils';
import { Worker } from '@temporalio/worker';
import { describe, expect, it, inject } from 'vitest';
import { dataConverterFor } from '../../lib/payload-codec';
import { readTemporalConfig } from '../../temporal.config';

const dir = 'test/histories';

describe('workflow replay', () => {
  it('replays every recorded history on the current workflow code', async () => {
    const bundle = JSON.parse(await readFile(inject('workflowBundlePath'), 'utf8'));
    const files = (await readdir(dir)).filter((f) => f.endsWith('.json')).sort();
    expect(files.length).toBeGreaterThanOrEqual(2);
    const histories = await Promise.all(
      files.map(async (f) => ({
        workflowId: f.replace(/\.json$/, ''),
        history: historyFromJSON(JSON.parse(await readFile(join(dir, f), 'utf8'))),
      })),
    );
    const failures: string[] = [];
    const dataConverter = dataConverterFor(readTemporalConfig());
    for await (const result of Worker.runReplayHistories({ workflowBundle: bundle, dataConverter }, histories)) {
      if (result.error) failures.push(`${result.workflowId}: ${result.error.message}`);
    }
    expect(failures).toEqual([]);
  });
});
