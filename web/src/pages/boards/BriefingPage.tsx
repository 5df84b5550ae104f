/**
 * Morning briefing 晨會報告 (§2.4.2): yesterday's orders, today's deliveries, open customs / transport
 * exceptions and receivable anomalies, unconfirmed extra charges. Prints on A4 (print CSS: navigation,
 * header and controls hidden, tables unbroken across rows).
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Button, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { JOB_STAGE_LABELS, labelOf, customerText } from '../../format/labels';
import { DateInput } from '../../components/DateInput';
import { Money } from '../../format/Money';
import { useT } from '../../i18n';
import { DeliveryDayTable } from './DeliveriesPage';
import { ExceptionTable } from './ExceptionsPage';

type Briefing = paths['/briefing']['get']['responses']['200']['content']['application/json'];

const PRINT_CSS = `
@page { size: A4 portrait; margin: 12mm; }
@media print {
  .ant-layout-sider, .ant-layout-header, .no-print { display: none !important; }
  .ant-layout, .ant-layout-content, main { padding: 0 !important; margin: 0 !important; background: #fff !important; }
  .briefing { font-size: 10pt; }
  .briefing h2 { font-size: 15pt !important; margin: 0 0 4mm !important; }
  .briefing h3 { font-size: 12pt !important; margin: 5mm 0 2mm !important; break-after: avoid; }
  .briefing .desk-table { font-size: 9pt; }
  .briefing .desk-table th, .briefing .desk-table td { padding: 2px 4px !important; }
  .briefing tr { break-inside: avoid; }
}
`;

export default function BriefingPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [date, setDate] = useState(() => businessToday(businessTimeZone));
  const q = useQuery({
    queryKey: ['briefing', date],
    queryFn: () => unwrap(api.GET('/briefing', { params: { query: { date } } })),
  });
  const b: Briefing | undefined = q.data;
  return (
    <section aria-labelledby="briefing-title" className="briefing">
      <style>{PRINT_CSS}</style>
      <Typography.Title level={2} id="briefing-title" style={{ fontSize: 22 }}>
        {t('晨會報告', 'Morning briefing')} {b?.date ?? date}
      </Typography.Title>
      <Space className="no-print" style={{ marginBottom: 12 }}>
        <label htmlFor="briefing-date">{t('日期', 'Date')}</label>
        <DateInput id="briefing-date" value={date} onChange={(v) => v && setDate(v)} allowClear={false} />
        <Button onClick={() => window.print()}>{t('列印', 'Print')}</Button>
      </Space>
      <ReadState read={q} compact />
      {b && (
        <>
          <Typography.Title level={3} style={{ fontSize: 17 }}>
            {t('昨日接單', "Yesterday's orders")} ({b.yesterday}) — {b.yesterdaysOrders.length}
          </Typography.Title>
          <DataTable
            data-testid="briefing-orders"
            rowKey="jobNo"
            size="small"
            pagination={false}
            dataSource={b.yesterdaysOrders}
            columns={[
              {
                title: t('作業', 'Job'),
                key: 'job',
                render: (_, r) => (
                  <span>
                    {r.jobNo} {r.urgent && <Tag color="red">{t('急', 'Urgent')}</Tag>}
                  </span>
                ),
              },
              {
                title: t('客戶', 'Customer'),
                key: 'customer',
                render: (_, r) => customerText(r.customerNo, r.customerName),
              },
              { title: t('業務員', 'Owner'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
              { title: t('貨物', 'Cargo'), dataIndex: 'cargo', key: 'cargo' },
              { title: t('柜', 'Containers'), key: 'c', render: (_, r) => `${r.containerCount} × ${r.containerType}` },
              {
                title: t('環節', 'Stage'),
                key: 'stage',
                render: (_, r) => (r.stage ? t.label(labelOf(JOB_STAGE_LABELS, r.stage)) : r.status),
              },
              { title: 'ETA', dataIndex: 'eta', key: 'eta' },
            ]}
          />
          <Typography.Title level={3} style={{ fontSize: 17 }}>
            {t('今日送貨', "Today's deliveries")} — {b.todaysDeliveries.containers}
          </Typography.Title>
          <DeliveryDayTable day={b.todaysDeliveries} compact />
          <Typography.Title level={3} style={{ fontSize: 17 }}>
            {t('報關、運輸異常及應收異常', 'Customs, transport and receivable anomalies')} — {b.anomalies.length}
          </Typography.Title>
          <ExceptionTable items={b.anomalies} links={false} />
          <Typography.Title level={3} style={{ fontSize: 17 }}>
            {t('未確認額外費用', 'Unconfirmed extra charges')} — {b.unconfirmedExtraCharges.length}
          </Typography.Title>
          <ExceptionTable items={b.unconfirmedExtraCharges} links={false} />
          {b.receivables && (
            <>
              <Typography.Title level={3} style={{ fontSize: 17 }}>
                {t('應收帳款', 'Receivables')}
              </Typography.Title>
              <DataTable
                size="small"
                pagination={false}
                rowKey="currency"
                data-testid="briefing-receivables"
                dataSource={b.receivables}
                locale={{ emptyText: t('無未收款', 'Nothing outstanding') }}
                columns={[
                  { title: t('幣別', 'Currency'), dataIndex: 'currency' },
                  {
                    title: t('未收', 'Outstanding'),
                    align: 'right',
                    render: (_, r) => <Money amount={r.outstanding} currency={r.currency} />,
                  },
                  {
                    title: t('逾期', 'Overdue'),
                    align: 'right',
                    render: (_, r) => <Money amount={r.overdue} currency={r.currency} />,
                  },
                  { title: t('逾期客戶數', 'Customers overdue'), dataIndex: 'overdueCustomers', align: 'right' },
                  {
                    title: t('昨日收款', 'Collected yesterday'),
                    align: 'right',
                    render: (_, r) => <Money amount={r.collectedYesterday} currency={r.currency} />,
                  },
                ]}
              />
            </>
          )}
        </>
      )}
    </section>
  );
}
