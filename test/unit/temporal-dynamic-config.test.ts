import { describe, expect, it } from 'vitest';
import { mergeDynamicConfig, TEMPORAL_SERVER_DYNAMIC_CONFIG } from '../../temporal.config';

describe('the Temporal servers freightflow starts', () => {
  it('run with eager activity dispatch (README, Performance: eager activity dispatch)', () => {
    expect(TEMPORAL_SERVER_DYNAMIC_CONFIG).toContain('system.enableActivityEagerExecution=true');
  });

  it('take a setting given for the same key instead of ours, and keep the others', () => {
    const base = ['system.enableActivityEagerExecution=true', 'frontend.rps=2400'];
    expect(mergeDynamicConfig(base, ['system.enableActivityEagerExecution=false'])).toEqual([
      'frontend.rps=2400',
      'system.enableActivityEagerExecution=false',
    ]);
    expect(mergeDynamicConfig(base, ['limit.maxIDLength=255'])).toEqual([...base, 'limit.maxIDLength=255']);
    expect(mergeDynamicConfig(base)).toEqual(base);
  });
});
