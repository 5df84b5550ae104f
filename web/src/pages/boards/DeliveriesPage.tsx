/**
 * Deliveries 送貨跟進表: the day's (default today) and the next day's containers per customer — truck,
 * driver, phone, arrival (pending / arrived / unloaded) and the customer's confirmation; counts of
 * delivered (arrived or unloaded) and pending per day.
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Empty, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { DateInput } from '../../components/DateInput';
import { useT } from '../../i18n';
import { TAG } from '../../format/colors';
import { customerText } from '../../format/labels';

type Board = paths['/boards/deliveries']['get']['responses']['200']['content']['application/json'];
type Container = Board['days'][number]['customers'][number]['containers'][number];

export function DeliveryDayTable({ day, compact = false }: { day: Board['days'][number]; compact?: boolean }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const rows = day.customers.flatMap((c) =>
    c.containers.map((x) => ({ ...x, customerNo: c.customerNo, customerName: c.customerName })),
  );
  if (!rows.length) return <Empty image={Empty.PRESENTED_IMAGE_SIMPLE} description={t('沒有送貨', 'No deliveries')} />;
  return (
    <DataTable<Container & { customerNo: string; customerName: string | null }>
      rowKey={(r) => `${r.jobNo}:${r.containerKey}`}
      size="small"
      pagination={false}
      dataSource={rows}
      columns={[
        { title: t('客戶', 'Customer'), key: 'customer', render: (_, r) => customerText(r.customerNo, r.customerName) },
        {
          title: t('作業/柜', 'Job / container'),
          key: 'job',
          render: (_, r) => (
            <span>
              {compact ? r.jobNo : <Link to={`/desk/jobs/${r.jobNo}`}>{r.jobNo}</Link>} {r.containerKey}{' '}
              {r.containerNo ?? ''} ({r.containerType}) {r.urgent && <Tag color="red">{t('急', 'Urgent')}</Tag>}
            </span>
          ),
        },
        { title: t('送貨地點', 'Place'), dataIndex: 'deliveryPlace', key: 'place' },
        { title: t('車牌', 'Truck'), dataIndex: 'truck', key: 'truck' },
        {
          title: t('司機/電話', 'Driver / phone'),
          key: 'driver',
          render: (_, r) => [r.driver, r.driverPhone].filter(Boolean).join(' '),
        },
        {
          title: t('到廠', 'Arrival'),
          key: 'arrival',
          render: (_, r) => (
            <span data-testid={`arrival-${r.jobNo}-${r.containerKey}`} data-arrival={r.arrival}>
              <Tag color={r.arrival === 'pending' ? TAG.gold : TAG.green}>
                {
                  { pending: t('待送', 'Pending'), arrived: t('已到廠', 'Arrived'), unloaded: t('已卸貨', 'Unloaded') }[
                    r.arrival
                  ]
                }
              </Tag>
              {formatDateTime(r.arrivedAt, businessTimeZone)}
            </span>
          ),
        },
        {
          title: t('客戶確認', 'Confirmed'),
          key: 'confirmed',
          render: (_, r) => (r.arrival === 'pending' ? '' : r.customerConfirmed ? t('是', 'Yes') : t('否', 'No')),
        },
      ]}
    />
  );
}

/** Delivered (arrived or unloaded) and pending containers of one day. */
export const deliveryCounts = (day: Board['days'][number]) => {
  const all = day.customers.flatMap((c) => c.containers);
  const delivered = all.filter((c) => c.arrival !== 'pending').length;
  return { delivered, pending: all.length - delivered };
};

export default function DeliveriesPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [date, setDate] = useState(() => businessToday(businessTimeZone));
  const board = useQuery({
    queryKey: ['boards', 'deliveries', date],
    queryFn: () => unwrap(api.GET('/boards/deliveries', { params: { query: { date } } })),
    refetchInterval: 5_000,
  });
  return (
    <section aria-labelledby="deliveries-title">
      <Typography.Title level={2} id="deliveries-title" style={{ fontSize: 22 }}>
        {t('送貨跟進表', 'Deliveries')}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <label htmlFor="deliveries-date">{t('日期', 'Date')}</label>
        <DateInput id="deliveries-date" value={date} onChange={(v) => v && setDate(v)} allowClear={false} />
      </Space>
      <ReadState read={board} compact />
      {(board.data?.days ?? []).map((d, i) => {
        const n = deliveryCounts(d);
        return (
          <Card
            key={d.date}
            size="small"
            style={{ marginBottom: 16 }}
            data-testid={`deliveries-day-${i}`}
            title={`${i === 0 ? t('當日', 'Day') : t('次日', 'Next day')} ${d.date}`}
            extra={
              <Space data-testid={`deliveries-counts-${i}`}>
                <Tag color={TAG.green} data-testid={`delivered-${i}`}>
                  {t('已送達', 'Delivered')} {n.delivered}
                </Tag>
                <Tag color={TAG.gold} data-testid={`pending-${i}`}>
                  {t('待送', 'Pending')} {n.pending}
                </Tag>
              </Space>
            }
          >
            <DeliveryDayTable day={d} />
          </Card>
        );
      })}
    </section>
  );
}
