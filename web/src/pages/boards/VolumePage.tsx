/**
 * Container volume 柜量: per business day and salesperson — orders, containers ordered, released,
 * delivered, urgent orders — over a date range (default this month), with totals.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Space } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { DateInput } from '../../components/DateInput';
import { useT } from '../../i18n';

type Board = paths['/boards/container-volume']['get']['responses']['200']['content']['application/json'];
type Row = Board['rows'][number];

export function useVolumeColumns() {
  const t = useT();
  return [
    { title: t('接單', 'Orders'), dataIndex: 'ordersReceived', key: 'orders', align: 'right' as const },
    { title: t('接柜', 'Containers ordered'), dataIndex: 'containersOrdered', key: 'ordered', align: 'right' as const },
    { title: t('放行', 'Released'), dataIndex: 'containersReleased', key: 'released', align: 'right' as const },
    { title: t('送達', 'Delivered'), dataIndex: 'containersDelivered', key: 'delivered', align: 'right' as const },
    { title: t('急單', 'Urgent'), dataIndex: 'urgentOrders', key: 'urgent', align: 'right' as const },
  ];
}

export default function VolumePage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const [from, setFrom] = useState(`${today.slice(0, 8)}01`);
  const [to, setTo] = useState(today);
  const columns = useVolumeColumns();
  const board = useQuery({
    queryKey: ['boards', 'container-volume', from, to],
    queryFn: () => unwrap(api.GET('/boards/container-volume', { params: { query: { from, to } } })),
    refetchInterval: 5_000,
  });
  const total = board.data?.total;
  return (
    <section aria-labelledby="volume-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }}>
        <Typography.Title level={2} id="volume-title" style={{ fontSize: 22 }}>
          {t('柜量', 'Container volume')}
        </Typography.Title>
        <Link to="/desk/volume/monthly">{t('月柜量進度表', 'Monthly sheet')}</Link>
      </Space>
      <Space style={{ marginBottom: 12 }}>
        <label htmlFor="volume-from">{t('由', 'From')}</label>
        <DateInput id="volume-from" value={from} onChange={(v) => v && setFrom(v)} allowClear={false} />
        <label htmlFor="volume-to">{t('至', 'To')}</label>
        <DateInput id="volume-to" value={to} onChange={(v) => v && setTo(v)} allowClear={false} />
      </Space>
      {board.isError && <ErrorState compact error={board.error} onRetry={() => void board.refetch()} />}
      <DataTable<Row>
        data-testid="volume-table"
        rowKey={(r) => `${r.businessDate}:${r.ownerId}`}
        size="small"
        loading={board.isLoading}
        dataSource={board.data?.rows ?? []}
        pagination={{ pageSize: 100, hideOnSinglePage: true }}
        columns={[
          { title: t('日期', 'Date'), dataIndex: 'businessDate', key: 'date' },
          { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
          ...columns,
        ]}
        summary={() =>
          total && (
            <tr data-testid="volume-total">
              <td colSpan={2}>
                <strong>{t('合計', 'Total')}</strong>
              </td>
              <td style={{ textAlign: 'right' }}>{total.ordersReceived}</td>
              <td style={{ textAlign: 'right' }}>{total.containersOrdered}</td>
              <td style={{ textAlign: 'right' }}>{total.containersReleased}</td>
              <td style={{ textAlign: 'right' }}>
                <span data-testid="volume-total-delivered">{total.containersDelivered}</span>
              </td>
              <td style={{ textAlign: 'right' }}>{total.urgentOrders}</td>
            </tr>
          )
        }
      />
    </section>
  );
}
