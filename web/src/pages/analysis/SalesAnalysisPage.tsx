/**
 * Monthly sales analysis 銷售分析報告 (§2.2.3; GET /sales-analysis): per salesperson and customer — containers
 * delivered, revenue and margin per currency, new customers, collection rate, quotes won and lost — against
 * the previous month and the month's targets; charts (recharts, a chunk of its own loaded when drawn — SalesAnalysisChart.tsx) of containers and
 * of quotes won / lost per salesperson; the Excel and PDF of the same month for download.
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Space, Statistic } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable, type TableColumnsType } from '../../components/DataTable';
import dayjs from 'dayjs';
import { lazy, Suspense, useState, type ReactNode } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { DownloadButton } from '../../components/SheetTransfer';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import { customerText } from '../../format/labels';
import { Picker } from '../../components/Picker';

type Analysis = paths['/sales-analysis']['get']['responses']['200']['content']['application/json'];
type Person = Analysis['salespeople'][number];
type CustomerRow = Analysis['customers'][number];
type Quotes = Person['quotes'];

// recharts is a chunk of its own, loaded when the charts are drawn: tables and figures come first (issue 11).
const SalesAnalysisChart = lazy(() => import('./SalesAnalysisChart'));

const money = (a: Person['actuals'], field: 'revenue' | 'margin') =>
  a.money.map((m) => ({ currency: m.currency, amount: m[field] }));

/** What a salesperson's row and a customer's row both carry. */
interface Figures {
  actuals: Person['actuals'];
  previous: { containers: number };
  quotes: Quotes;
}
type T = ReturnType<typeof useT>;

const quoteCells = (q: Quotes) => `${q.won} / ${q.lost}`;
const rate = (q: Quotes) => (q.winRatePct === null ? '—' : `${q.winRatePct} %`);

/** Containers delivered (the previous month's in brackets), revenue and margin per currency. */
function figureColumns<R extends Figures>(t: T): TableColumnsType<R> {
  return [
    {
      title: t('柜量（上月）', 'Containers (previous)'),
      key: 'containers',
      align: 'right',
      render: (_, r) => `${r.actuals.containers} (${r.previous.containers})`,
    },
    {
      title: t('營業額', 'Revenue'),
      key: 'revenue',
      align: 'right',
      render: (_, r) => <MoneyList amounts={money(r.actuals, 'revenue')} />,
    },
    {
      title: t('毛利', 'Margin'),
      key: 'margin',
      align: 'right',
      render: (_, r) => <MoneyList amounts={money(r.actuals, 'margin')} />,
    },
  ];
}

/** Quotes won / lost (`cell` wraps the text, e.g. with a test id) and the win rate. */
function quoteColumns<R extends Figures>(
  t: T,
  cell: (r: R, text: string) => ReactNode = (_, text) => text,
): TableColumnsType<R> {
  return [
    {
      title: t('報價 贏得／失去', 'Quotes won / lost'),
      key: 'quotes',
      align: 'right',
      render: (_, r) => cell(r, quoteCells(r.quotes)),
    },
    { title: t('贏率', 'Win rate'), key: 'rate', align: 'right', render: (_, r) => rate(r.quotes) },
  ];
}

export default function SalesAnalysisPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const thisMonth = businessToday(businessTimeZone).slice(0, 7);
  const [month, setMonth] = useState(thisMonth);
  const analysis = useQuery({
    queryKey: ['sales-analysis', month],
    queryFn: () => unwrap(api.GET('/sales-analysis', { params: { query: { month } } })),
  });
  const a = analysis.data;
  const months = Array.from({ length: 12 }, (_, i) => dayjs(`${thisMonth}-01`).subtract(i, 'month').format('YYYY-MM'));
  const lostTitle = (a?.lostStatusLabels ?? []).map((l) => t(l.label.zh, l.label.en)).join('、');
  const containersLabel = t('本月柜量', 'Containers this month');
  const previousLabel = t('上月柜量', 'Containers previous month');
  const wonLabel = t('贏得', 'Won');
  const lostLabel = t('失去', 'Lost');
  const chartData = (a?.salespeople ?? []).map((p) => ({
    name: p.ownerName,
    containers: p.actuals.containers,
    previous: p.previous.containers,
    won: p.quotes.won,
    lost: p.quotes.lost,
  }));
  return (
    <section aria-labelledby="analysis-title">
      <Typography.Title level={2} id="analysis-title" style={{ fontSize: 22 }}>
        {t('銷售分析報告', 'Sales analysis')}
      </Typography.Title>
      <Space wrap style={{ marginBottom: 16 }}>
        <Picker
          aria-label={t('月份', 'Month')}
          style={{ width: 140 }}
          value={month}
          onChange={(m) => m && setMonth(m)}
          data-testid="analysis-month"
          options={months.map((m) => ({ value: m, label: m }))}
        />
        <DownloadButton
          path={`/sales-analysis/export.xlsx?month=${month}`}
          filename={`sales-analysis-${month}.xlsx`}
          label={t('下載 Excel', 'Download Excel')}
          testId="analysis-xlsx"
        />
        <DownloadButton
          path={`/sales-analysis/export.pdf?month=${month}`}
          filename={`sales-analysis-${month}.pdf`}
          label={t('下載 PDF', 'Download PDF')}
          testId="analysis-pdf"
        />
      </Space>
      <ReadState read={analysis} compact />
      {a && (
        <>
          <Typography.Paragraph>
            {t(`統計至 ${a.asOf}，對比上月 ${a.previousMonth}`, `Counted to ${a.asOf}, against ${a.previousMonth}`)}
          </Typography.Paragraph>
          <Space size="large" wrap style={{ marginBottom: 16 }} data-testid="analysis-totals">
            <Statistic title={t('送達柜量', 'Containers delivered')} value={a.totals.actuals.containers} />
            <Statistic title={t('新客戶', 'New customers')} value={a.totals.actuals.newCustomers} />
            <Statistic title={t('報價贏得', 'Quotes won')} value={a.totals.quotes.won} />
            <Statistic title={t('報價失去', 'Quotes lost')} value={a.totals.quotes.lost} />
            <Statistic title={t('贏率', 'Win rate')} value={rate(a.totals.quotes)} />
          </Space>
          <Typography.Paragraph type="secondary">
            {t(
              `贏得：本月簽約；失去：本月${lostTitle}`,
              `Won: contract signed in the month; lost: ended in the month as ${lostTitle}`,
            )}
          </Typography.Paragraph>
          <Space wrap align="start" style={{ width: '100%', marginBottom: 16 }}>
            <Card size="small" title={t('柜量：本月與上月', 'Containers: this and previous month')}>
              <div
                role="img"
                aria-label={`${t('各業務員柜量', 'Containers per salesperson')}: ${chartData
                  .map((d) => `${d.name} ${d.containers} (${d.previous})`)
                  .join('; ')}`}
                style={{ width: 480, height: 260 }}
                data-testid="chart-containers"
              >
                <Suspense fallback={null}>
                  <SalesAnalysisChart
                    data={chartData}
                    bars={[
                      { dataKey: 'containers', name: containersLabel, fill: '#1f5fa8' },
                      { dataKey: 'previous', name: previousLabel, fill: '#9bb8d9' },
                    ]}
                  />
                </Suspense>
              </div>
            </Card>
            <Card size="small" title={t('報價贏得／失去', 'Quotes won and lost')}>
              <div
                role="img"
                aria-label={`${t('各業務員報價贏得／失去', 'Quotes won and lost per salesperson')}: ${chartData
                  .map((d) => `${d.name} ${d.won} / ${d.lost}`)
                  .join('; ')}`}
                style={{ width: 480, height: 260 }}
                data-testid="chart-quotes"
              >
                <Suspense fallback={null}>
                  <SalesAnalysisChart
                    data={chartData}
                    bars={[
                      { dataKey: 'won', stackId: 'q', name: wonLabel, fill: '#237804' },
                      { dataKey: 'lost', stackId: 'q', name: lostLabel, fill: '#ad2102' },
                    ]}
                  />
                </Suspense>
              </div>
            </Card>
          </Space>
          <Card size="small" title={t('業務員', 'Salespeople')} style={{ marginBottom: 16 }}>
            <TableScroll label={t('業務員', 'Salespeople')}>
              <DataTable<Person>
                rowKey="ownerId"
                size="small"
                pagination={false}
                dataSource={a.salespeople}
                data-testid="analysis-salespeople"
                columns={[
                  { title: t('業務員', 'Salesperson'), dataIndex: 'ownerName' },
                  ...figureColumns<Person>(t),
                  { title: t('新客戶', 'New customers'), key: 'new', render: (_, p) => p.actuals.newCustomers },
                  {
                    title: t('回款率', 'Collection rate'),
                    key: 'collection',
                    render: (_, p) =>
                      p.actuals.collection.map((c) => `${c.currency} ${c.ratePct ?? '—'} %`).join('；') || '—',
                  },
                  ...quoteColumns<Person>(t, (p, text) => <span data-testid={`quotes-${p.ownerId}`}>{text}</span>),
                ]}
              />
            </TableScroll>
          </Card>
          <Card size="small" title={t('客戶', 'Customers')}>
            <TableScroll label={t('客戶', 'Customers')}>
              <DataTable<CustomerRow>
                rowKey={(c) => `${c.ownerId}:${c.customerNo}`}
                size="small"
                pagination={false}
                dataSource={a.customers}
                data-testid="analysis-customers"
                columns={[
                  { title: t('業務員', 'Salesperson'), dataIndex: 'ownerName' },
                  {
                    title: t('客戶', 'Customer'),
                    key: 'customer',
                    render: (_, c) => customerText(c.customerNo, c.customerName),
                  },
                  ...figureColumns<CustomerRow>(t),
                  ...quoteColumns<CustomerRow>(t),
                ]}
              />
            </TableScroll>
          </Card>
        </>
      )}
    </section>
  );
}
