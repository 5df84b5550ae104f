import { describe, expect, it } from 'vitest';
import { defaultPlannedAt, plannedInPast, planOnTime, planOverdue, PLANNED_PAST_GRACE_MS } from '../../domain/visit';

describe('planned times of visits', () => {
  it('a planned time more than the grace before now is in the past; now and later are not', () => {
    const now = new Date('2026-11-30T02:00:00Z');
    expect(plannedInPast(new Date(now.getTime() - PLANNED_PAST_GRACE_MS - 1), now)).toBe(true);
    expect(plannedInPast(new Date(now.getTime() - 60_000), now)).toBe(false);
    expect(plannedInPast(now, now)).toBe(false);
    expect(plannedInPast(new Date('2026-12-01T02:00:00Z'), now)).toBe(false);
  });

  it('a new visit defaults to 10:00 on the next working day (business calendar), or the plan week’s first one', () => {
    // Monday 30 Nov 2026 → Tuesday; Friday 27 Nov → Monday 30 Nov (the weekend skipped).
    expect(defaultPlannedAt('2026-11-30', '2026-11-30')).toBe('2026-12-01T10:00');
    expect(defaultPlannedAt('2026-11-27', '2026-11-23')).toBe('2026-11-30T10:00');
    // National Day 2026: 1–7 October off — the next working day after 30 September is 8 October.
    expect(defaultPlannedAt('2026-09-30', '2026-09-28')).toBe('2026-10-08T10:00');
    // A later week: its first working day; an admin's day off moves it on.
    expect(defaultPlannedAt('2026-11-30', '2026-12-14')).toBe('2026-12-14T10:00');
    const off = new Map([['2026-12-14', { date: '2026-12-14', working: false, name: '公司年會 company day' }]]);
    expect(defaultPlannedAt('2026-11-30', '2026-12-14', off)).toBe('2026-12-15T10:00');
    // Next week seen on a Friday: Monday is both the next working day and the week's first.
    expect(defaultPlannedAt('2026-12-04', '2026-12-07')).toBe('2026-12-07T10:00');
  });
});

describe('the weekly visit plan’s deadline (before its Monday)', () => {
  it('is late from the Monday on, for someone who had joined by that Monday', () => {
    expect(planOnTime('2026-11-29', '2026-11-30', '2025-01-01')).toBe(true);
    expect(planOnTime('2026-11-30', '2026-11-30', '2025-01-01')).toBe(false);
    expect(planOnTime('2026-12-01', '2026-11-30', '2026-11-30')).toBe(false);
    expect(planOverdue(false, '2026-12-01', '2026-11-30', '2025-01-01')).toBe(true);
    expect(planOverdue(true, '2026-12-01', '2026-11-30', '2025-01-01')).toBe(false);
    expect(planOverdue(false, '2026-11-29', '2026-11-30', '2025-01-01')).toBe(false);
  });
  it('does not apply to a week that began before its author joined (the try-out: W49 for a user of 1 Dec)', () => {
    expect(planOnTime('2026-12-01', '2026-11-30', '2026-12-01')).toBe(true);
    expect(planOverdue(false, '2026-12-02', '2026-11-30', '2026-12-01')).toBe(false);
  });
});
