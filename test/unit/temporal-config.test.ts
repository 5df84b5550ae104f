import { describe, expect, it } from 'vitest';
import { readTemporalConfig } from '../../temporal.config';

describe('TEMPORAL_WORKER_MAX_CACHED_WORKFLOWS (issue 15 §5)', () => {
  it('defaults to 1,000 workflows kept in the worker', () => {
    expect(readTemporalConfig({}).workerMaxCachedWorkflows).toBe(1000);
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
