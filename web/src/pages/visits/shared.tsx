/** Shared bits of the visit and diary screens: types from the API, the week's Monday, owner picker. */
import { useQuery } from '@tanstack/react-query';
import { Select } from 'antd';
import dayjs from 'dayjs';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useT } from '../../i18n';

export type Visit = paths['/visits/{visitId}']['get']['responses']['200']['content']['application/json'];
export type VisitRow =
  paths['/visit-plans/{week}']['get']['responses']['200']['content']['application/json']['visits'][number];

/** Monday of the week of a YYYY-MM-DD date. */
export const mondayOf = (date: string): string => {
  const d = dayjs(date);
  const dow = d.day();
  return d.add(dow === 0 ? -6 : 1 - dow, 'day').format('YYYY-MM-DD');
};

/** A sales manager picks a team member (the API shows the team only); others see their own. */
export function OwnerPicker({ value, onChange }: { value: string | undefined; onChange: (v: string) => void }) {
  const t = useT();
  const users = useQuery({
    queryKey: ['users', 'sales'],
    queryFn: () => unwrap(api.GET('/users', { params: { query: { role: 'sales', active: 'true' } } })),
  });
  return (
    <Select
      aria-label={t('業務員', 'Salesperson')}
      style={{ minWidth: 220 }}
      value={value}
      onChange={onChange}
      data-testid="owner-picker"
      options={(users.data?.items ?? []).map((u) => ({ value: u.id, label: u.displayName }))}
    />
  );
}
