import { describe, expect, it } from 'vitest';
import {
  addWorkingDays,
  calendarDay,
  isWorkingDay,
  lastAnnouncedYear,
  workingDaysIn,
  type CalendarOverride,
} from '../../domain/calendar';
import { demoJoinedOn } from '../../db/user.repository';
import { parseDueTime, readAppConfig } from '../../lib/config';

const overrides = (...o: CalendarOverride[]) => new Map(o.map((x) => [x.date, x]));

describe('the business calendar (mainland China)', () => {
  it('knows the announced holidays and their make-up working days 調休', () => {
    expect(calendarDay('2026-10-01')).toMatchObject({ working: false, source: 'holiday', nameZh: '國慶節' });
    // Saturday 14 February 2026 is worked to make up for the Spring Festival.
    expect(calendarDay('2026-02-14')).toMatchObject({ working: true, source: 'make_up', nameZh: '春節補班' });
    expect(calendarDay('2026-11-28')).toMatchObject({ working: false, source: 'weekend', nameZh: null });
    expect(calendarDay('2026-11-30')).toMatchObject({ working: true, source: 'weekday' });
    expect(lastAnnouncedYear()).toBeGreaterThanOrEqual(2026);
  });

  it('the admin’s override wins over the package', () => {
    const o = overrides(
      { date: '2026-11-30', working: false, name: '公司年會 company day' },
      { date: '2026-11-28', working: true, name: '盤點 stocktaking' },
    );
    expect(calendarDay('2026-11-30', o)).toMatchObject({
      working: false,
      source: 'override',
      nameZh: '公司年會 company day',
    });
    expect(isWorkingDay('2026-11-28', o)).toBe(true);
  });

  it('counts working days over weekends, Golden Week and make-up days', () => {
    // Friday → Monday.
    expect(addWorkingDays('2026-11-27', 1)).toBe('2026-11-30');
    // Golden Week: 1–7 October 2026 off; Saturday 10 October is a make-up working day.
    expect(addWorkingDays('2026-09-30', 1)).toBe('2026-10-08');
    expect(addWorkingDays('2026-10-09', 1)).toBe('2026-10-10');
    expect(addWorkingDays('2026-11-28', 0)).toBe('2026-11-30');
    expect(addWorkingDays('2026-11-30', 0)).toBe('2026-11-30');
    expect(workingDaysIn('2026-11-23', '2026-11-29')).toEqual([
      '2026-11-23',
      '2026-11-24',
      '2026-11-25',
      '2026-11-26',
      '2026-11-27',
    ]);
    expect(() => addWorkingDays('2026-11-30', -1)).toThrow(RangeError);
    expect(() => calendarDay('2026-02-30')).toThrow(RangeError);
  });
});

describe('due times in working days', () => {
  it('reads `<n>wd` beside calendar durations, and refuses anything else', () => {
    expect(parseDueTime('1wd')).toEqual({ workingDays: 1 });
    expect(parseDueTime('2d')).toEqual({ ms: 172_800_000 });
    expect(() => parseDueTime('0wd')).toThrow(/1wd to 60wd/);
    expect(() => parseDueTime('1.5wd')).toThrow(/Invalid due time/);
    expect(() => parseDueTime('soon')).toThrow(/Invalid due time/);
  });

  it('splits the quote steps’ due times between calendar time and working days, in one place', () => {
    const c = readAppConfig({ QUOTE_SLA_COMMERCE_REVIEW: '1wd', QUOTE_SLA_CONTRACT_APPROVAL: '3h' });
    expect(c.quoteSlaWorkingDays).toEqual({ commerce_review: 1 });
    expect(c.quoteSla.commerce_review).toBeUndefined();
    expect(c.quoteSla.contract_approval).toBe(3 * 3_600_000);
    expect(c.quoteSla.price_approval).toBe(86_400_000);
    expect(() => readAppConfig({ QUOTE_SLA_BUDGET_REVIEW: '2 weeks' })).toThrow(/Invalid due time/);
  });

  it('DEMO_JOINED_ON: a date or a number of days ago, resolved on the business calendar’s dates', () => {
    expect(readAppConfig({}).demoJoinedOn).toBeUndefined();
    expect(readAppConfig({ DEMO_JOINED_ON: '14d' }).demoJoinedOn).toBe('14d');
    expect(demoJoinedOn('14d', '2026-12-01')).toBe('2026-11-17');
    expect(demoJoinedOn('2026-11-02', '2026-12-01')).toBe('2026-11-02');
    for (const bad of ['2026-02-30', 'last week', '-3d', '2026-1-1'])
      expect(() => readAppConfig({ DEMO_JOINED_ON: bad }), bad).toThrow(/DEMO_JOINED_ON/);
  });
});
