/**
 * The business calendar 工作日曆 (GET /calendar, PUT /calendar/days/{date}): a month's working days,
 * public holidays and make-up working days 調休補班 (mainland China), with the admin's overrides. Every
 * role reads; the admin makes a date a working day or a day off, or removes the override.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Button, Form, Input, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import dayjs from 'dayjs';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { DateInput } from '../../components/DateInput';
import { FilterBar, MonthFilter } from '../../components/FilterBar';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { useT } from '../../i18n';
import { useMay } from '../../layout/useMe';
import { Picker } from '../../components/Picker';

type Day = {
  date: string;
  working: boolean;
  nameZh: string | null;
  nameEn: string | null;
  source: 'override' | 'holiday' | 'make_up' | 'weekend' | 'weekday';
};

const SOURCE: Record<Day['source'], [string, string]> = {
  override: ['管理員設定', 'set by the admin'],
  holiday: ['法定假日', 'public holiday'],
  make_up: ['調休補班', 'make-up working day'],
  weekend: ['週末', 'weekend'],
  weekday: ['平日', 'weekday'],
};
const WEEKDAY: [string, string][] = [
  ['日', 'Sun'],
  ['一', 'Mon'],
  ['二', 'Tue'],
  ['三', 'Wed'],
  ['四', 'Thu'],
  ['五', 'Fri'],
  ['六', 'Sat'],
];

function monthRange(month: string): { from: string; to: string } {
  const start = dayjs(`${month}-01`);
  return { from: start.format('YYYY-MM-DD'), to: start.endOf('month').format('YYYY-MM-DD') };
}

function OverrideForm({ month }: { month: string }) {
  const t = useT();
  const [form] = Form.useForm<{ date: string; working: 'true' | 'false' | 'reset'; name?: string }>();
  const write = useWrite([['calendar', month]]);
  const working = Form.useWatch('working', form);
  const submit = async () => {
    // An invalid form shows its messages on the fields; nothing is sent (and nothing thrown at the page).
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    const body =
      v.working === 'reset' ? { working: null } : { working: v.working === 'true', name: (v.name ?? '').trim() };
    await write
      .mutateAsync({ method: 'PUT', path: `/calendar/days/${v.date}`, body })
      .then(() => form.resetFields(['name']))
      .catch(() => undefined);
  };
  return (
    <section aria-labelledby="override-title" style={{ marginBottom: 16 }}>
      <Typography.Title level={3} id="override-title" style={{ fontSize: 16 }}>
        {t('調整日曆', 'Override a date')}
      </Typography.Title>
      <WriteError error={write.error} />
      <Form form={form} layout="inline" initialValues={{ working: 'false' }}>
        <Form.Item name="date" label={t('日期', 'Date')} rules={[{ required: true }]}>
          <DateInput aria-label={t('日期', 'Date')} data-testid="calendar-date" />
        </Form.Item>
        <Form.Item name="working" label={t('設為', 'Make it')}>
          <Picker
            aria-label={t('設為', 'Make it')}
            style={{ width: 200 }}
            options={[
              { value: 'false', label: t('休息日', 'a day off') },
              { value: 'true', label: t('工作日', 'a working day') },
              { value: 'reset', label: t('還原', 'as announced') },
            ]}
          />
        </Form.Item>
        {working !== 'reset' && (
          <Form.Item name="name" label={t('名稱', 'Name')} rules={[{ required: true, whitespace: true }]}>
            <Input maxLength={100} aria-label={t('名稱', 'Name')} data-testid="calendar-name" />
          </Form.Item>
        )}
        <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="calendar-save">
          {t('儲存', 'Save')}
        </Button>
      </Form>
    </section>
  );
}

export default function CalendarPage() {
  const t = useT();
  const { may } = useMay();
  const { businessTimeZone } = useConfig();
  const [month, setMonth] = useState(businessToday(businessTimeZone).slice(0, 7));
  const range = monthRange(month);
  const calendar = useQuery({
    queryKey: ['calendar', month],
    queryFn: () => unwrap(api.GET('/calendar', { params: { query: range } })),
  });
  const days = (calendar.data?.days ?? []) as Day[];
  return (
    <section aria-labelledby="calendar-title">
      <Typography.Title level={2} id="calendar-title" style={{ fontSize: 22 }}>
        {t('工作日曆', 'Business calendar')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          `中國大陸法定假日與調休補班（套件資料至 ${calendar.data?.lastAnnouncedYear ?? '…'} 年；之後的年份請管理員補登）。以工作日計的時限（如 1wd）依此日曆。`,
          `Mainland China public holidays and make-up working days (package data up to ${calendar.data?.lastAnnouncedYear ?? '…'}; the admin adds later years). Due times in working days (e.g. 1wd) follow this calendar.`,
        )}
      </Typography.Paragraph>
      {may('overrideCalendar') && <OverrideForm month={month} />}
      <FilterBar>
        <MonthFilter id="calendar-month-label" value={month} onChange={setMonth} testId="calendar-month" />
      </FilterBar>
      {calendar.isError && <ErrorState compact error={calendar.error} onRetry={() => void calendar.refetch()} />}
      <DataTable<Day>
        rowKey="date"
        size="small"
        pagination={false}
        loading={calendar.isLoading}
        dataSource={days}
        columns={[
          { title: t('日期', 'Date'), dataIndex: 'date' },
          {
            title: t('星期', 'Day'),
            key: 'weekday',
            render: (_, d) => t(...WEEKDAY[dayjs(d.date).day()]!),
          },
          {
            title: t('工作日', 'Working'),
            key: 'working',
            render: (_, d) =>
              d.working ? <Tag color="blue">{t('上班', 'working')}</Tag> : <Tag>{t('休息', 'off')}</Tag>,
          },
          {
            title: t('名稱', 'Name'),
            key: 'name',
            render: (_, d) => (d.nameZh ? (d.nameZh === d.nameEn ? d.nameZh : `${d.nameZh} ${d.nameEn}`) : ''),
          },
          { title: t('依據', 'Source'), key: 'source', render: (_, d) => t(...SOURCE[d.source]) },
        ]}
      />
    </section>
  );
}
