import { describe, expect, it } from 'vitest';
import { readTemporalConfig } from '../../temporal.config';

describe('TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS (issue 15 §5)', () => {
  it('defaults to 500 workflows kept in the worker (≤ 1 GiB RSS with 10,000 open chains)', () => {
    expect(readTemporalConfig({}).workerMaxCachedWorkflows).toBe(500);
  });

  it('takes a whole number from the environment', () => {
    expect(readTemporalConfig({ TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS: '250' }).workerMaxCachedWorkflows).toBe(250);
    expect(readTemporalConfig({ TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS: '0' }).workerMaxCachedWorkflows).toBe(0);
  });

  it.each(['-1', '1.5', 'many', '100001'])('refuses %s, naming the setting', (v) => {
    expect(() => readTemporalConfig({ TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS: v })).toThrow(
      /Invalid Temporal configuration: TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS/,
    );
  });
});
