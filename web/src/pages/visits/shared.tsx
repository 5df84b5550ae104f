/** Shared bits of the visit and diary screens: types from the API, the week's Monday, the URL-kept filters. */
import dayjs from 'dayjs';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { useUrlFilters } from '../../hooks/useUrlFilters';

export type Visit = paths['/visits/{visitId}']['get']['responses']['200']['content']['application/json'];
export type VisitRow =
  paths['/visit-plans/{week}']['get']['responses']['200']['content']['application/json']['visits'][number];

/** Monday of the week of a YYYY-MM-DD date. */
export const mondayOf = (date: string): string => {
  const d = dayjs(date);
  const dow = d.day();
  return d.add(dow === 0 ? -6 : 1 - dow, 'day').format('YYYY-MM-DD');
};

/**
 * The visit screens' filters, kept in the URL (`?week=&month=&ownerId=&tab=`) so a team view can be linked
 * and reloaded: the plan week (its Monday; default this week), the month (`YYYY-MM`; default this month), the
 * salesperson (none: all in sight) and the tab. `set` changes some of them (undefined or '' removes one).
 */
export function useVisitFilters() {
  const { params, set } = useUrlFilters();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const weekParam = params.get('week');
  const monthParam = params.get('month');
  return {
    week: weekParam && /^\d{4}-\d{2}-\d{2}$/.test(weekParam) ? mondayOf(weekParam) : mondayOf(today),
    month: monthParam && /^\d{4}-\d{2}$/.test(monthParam) ? monthParam : today.slice(0, 7),
    ownerId: params.get('ownerId') || undefined,
    tab: params.get('tab') || undefined,
    /** Changes some filters (undefined or '' removes one). */
    set: (changes: Record<string, string | undefined>) =>
      set(Object.fromEntries(Object.entries(changes).map(([k, v]) => [k, v ?? null]))),
  };
}
