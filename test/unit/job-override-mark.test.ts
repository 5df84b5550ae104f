/** The job page's mark on a stage step a manager completed by override past open exceptions (web/src/pages/jobs/override.ts). */
import { describe, expect, it } from 'vitest';
import { exceptionsOpenAt, overridePast } from '../../web/src/pages/jobs/override';

const x = (id: number, stage: string, raisedAt: string, resolvedAt: string | null = null) => ({
  id,
  stage,
  raisedAt,
  resolvedAt,
});

describe('override mark', () => {
  const exceptions = [
    x(1, 'sea_freight', '2026-12-01T10:00:00Z'),
    x(2, 'sea_freight', '2026-12-01T09:00:00Z', '2026-12-01T09:30:00Z'),
    x(3, 'customs', '2026-12-01T10:00:00Z'),
    x(4, 'sea_freight', '2026-12-01T12:00:00Z'),
    x(5, 'sea_freight', '2026-12-01T10:30:00Z', '2026-12-01T13:00:00Z'),
  ];
  it('names the stage’s exceptions open when the step was taken', () => {
    expect(exceptionsOpenAt(exceptions, 'sea_freight', '2026-12-01T11:00:00Z')).toEqual([1, 5]);
  });
  it('marks an override row in both languages, and nothing else', () => {
    const override = { override: 'stage completed over an open exception' };
    expect(overridePast(override, [1])).toEqual({ zh: '越過未結異常 #1', en: 'past open exception #1' });
    expect(overridePast(override, [1, 5])).toEqual({ zh: '越過未結異常 #1, #5', en: 'past open exceptions #1, #5' });
    expect(overridePast({ container: 'C1' }, [1])).toBeNull();
    expect(overridePast(null, [1])).toBeNull();
  });
});
