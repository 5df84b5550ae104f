/**
 * The billing dialog's preview: what billing will raise with the charges entered so far — each
 * receivable line (item, source, currency, amount, invoice and due date), the totals per currency and
 * the payment terms — and what the job has already billed. Every number is the API's
 * (`POST /jobs/{jobNo}/billing-preview`, the billing activity's own function); the desk adds nothing up.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Descriptions } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { moneyColumn } from '../../components/columns';
import { TableScroll } from '../../components/TableScroll';
import { useDebounced } from '../../hooks/useDebounced';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import { QueryError } from '../../components/ErrorState';
import { countText, DAYS } from '../../../../domain/words';

type Preview = paths['/jobs/{jobNo}/billing-preview']['post']['responses']['200']['content']['application/json'];
type Line = Preview['lines'][number];
export type Charge = { label: string; currency: string; amount: string };

/** A table of receivable lines (to be raised or billed already): item, source, currency, amount, invoice and due date. */
function LinesTable({ testId, label, lines }: { testId: string; label: string; lines: readonly Line[] }) {
  const t = useT();
  const sourceLabel = (s: Line['source']) =>
    ({
      service: t('合同服務', 'Contract service'),
      fee_item: t('客戶付費項目', 'Customer-paid fee'),
      actual_charge: t('實際費用', 'Actual charge'),
    })[s];
  return (
    <TableScroll label={label}>
      <DataTable<Line>
        data-testid={testId}
        rowKey={(r) => `${r.source}:${r.label}:${r.currency}:${r.amount}`}
        size="small"
        pagination={false}
        dataSource={lines}
        columns={[
          { title: t('項目', 'Item'), dataIndex: 'label', key: 'label' },
          { title: t('來源', 'Source'), key: 'source', render: (_, r) => sourceLabel(r.source) },
          { title: t('幣別', 'Currency'), dataIndex: 'currency', key: 'currency' },
          moneyColumn(t('金額', 'Amount')),
          { title: t('發票日', 'Invoice date'), dataIndex: 'invoiceDate', key: 'invoiceDate' },
          { title: t('到期日', 'Due date'), dataIndex: 'dueDate', key: 'dueDate' },
        ]}
      />
    </TableScroll>
  );
}

export function BillingPreview({ jobNo, charges }: { jobNo: string; charges: readonly Charge[] }) {
  const t = useT();
  const debounced = useDebounced(charges, 300);
  const preview = useQuery({
    queryKey: ['billing-preview', jobNo, debounced],
    queryFn: () =>
      unwrap(
        api.POST('/jobs/{jobNo}/billing-preview', {
          params: { path: { jobNo } },
          body: { charges: [...debounced] as never },
        }),
      ),
    placeholderData: keepPreviousData,
    retry: false,
  });
  if (preview.isError)
    return (
      <div data-testid="billing-preview-error">
        <QueryError query={preview} title={['無法計算將產生的應收款', 'Could not work out the receivables']} />
      </div>
    );
  const p = preview.data;
  if (!p) return <Typography.Text type="secondary">{t('計算應收款…', 'Working out the receivables…')}</Typography.Text>;
  return (
    <div data-testid="billing-preview" style={{ marginBottom: 12 }}>
      <Typography.Title level={5}>{t('將產生的應收款', 'Receivables billing will raise')}</Typography.Title>
      {p.billable ? (
        <>
          <LinesTable
            testId="billing-preview-lines"
            label={t('將產生的應收款', 'Receivables billing will raise')}
            lines={p.lines}
          />
          <Descriptions size="small" column={1} style={{ marginTop: 8 }}>
            <Descriptions.Item label={t('合計（按幣別）', 'Totals (per currency)')}>
              <span data-testid="billing-preview-totals">
                <MoneyList amounts={p.totals} />
              </span>
            </Descriptions.Item>
            <Descriptions.Item label={t('付款條件', 'Payment terms')}>
              {p.paymentTerms.label} +{t(...countText(p.paymentTerms.days, DAYS))}
              {p.paymentTerms.source === 'standard' ? ` (${t('標準條款', 'standard terms')})` : ''}
            </Descriptions.Item>
          </Descriptions>
        </>
      ) : (
        <Typography.Paragraph>{t('此作業已開票。', 'This job is already billed.')}</Typography.Paragraph>
      )}
      {p.billed.length > 0 && (
        <>
          <Typography.Title level={5}>{t('已開票', 'Already billed')}</Typography.Title>
          <LinesTable testId="billing-preview-billed" label={t('已開票', 'Already billed')} lines={p.billed} />
          <Typography.Paragraph>
            {t('已開票合計', 'Billed totals')}: <MoneyList amounts={p.billedTotals} />
          </Typography.Paragraph>
        </>
      )}
    </div>
  );
}
