/**
 * One upload of finance's balances 餘額核對: per customer and currency (never summed across currencies)
 * finance's balance, the ledger's net balance as of the upload's date and the difference (finance −
 * ledger); agreed rows, open differences and worked ones. A difference is worked, never overwritten —
 * notes, then a resolution by an explanation or a ledger correction (an adjustment or credit note on a
 * receivable of that customer and currency) — from each difference's `actions`.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { Descriptions, Form, Input, Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useParams } from 'react-router';
import type { StepForm } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { TableScroll } from '../../components/TableScroll';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { formatDateTime } from '../../format/dates';
import { Money } from '../../format/Money';
import { formatMoney } from '../../format/money';
import { useT } from '../../i18n';
import { actionBarColumn, customerColumn, notesColumn } from './columns';
import { customerText } from '../../format/labels';
import { fieldLabel } from '../../api/errors';
import { Picker } from '../../components/Picker';

type Detail = paths['/finance-balances/{uploadId}']['get']['responses']['200']['content']['application/json'];
type Difference = Detail['differences'][number];

const STATUS: Record<Difference['status'], [string, string, string]> = {
  agreed: ['相符', 'Agreed', '#237804'],
  open: ['差異待處理', 'Open difference', '#ad4e00'],
  resolved: ['已處理', 'Worked', '#1f5fa8'],
};

/** The resolve form: explanation or correction; a correction names the receivable, kind, direction and amount. */
function ResolveFields({ d }: { d: Difference }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const form = Form.useFormInstance();
  const resolution = Form.useWatch('resolution', form) as string | undefined;
  const ledger = useQuery({
    queryKey: ['ledger', d.customerNo, 'balance-difference'],
    queryFn: () => unwrap(api.GET('/ledgers/{customerNo}', { params: { path: { customerNo: d.customerNo } } })),
    enabled: resolution === 'correction',
  });
  const required = { required: true, message: t('必填', 'Required') };
  return (
    <>
      <Form.Item name="resolution" label={t('處理方式', 'Resolution')} rules={[required]}>
        <Picker
          data-testid="difference-resolution"
          options={[
            { value: 'explanation', label: t('說明差異（不入賬）', 'Explanation (no entry)') },
            {
              value: 'correction',
              label: t('更正臺帳（調整或貸項）', 'Ledger correction (adjustment or credit note)'),
            },
          ]}
        />
      </Form.Item>
      {resolution === 'correction' && (
        <>
          <QueryError query={ledger} title={['無法讀取欠款臺帳', 'Could not read the customer ledger']} />
          <Form.Item name="receivableId" label={t('應收款', 'Receivable')} rules={[required]}>
            <Picker
              loading={ledger.isLoading}
              options={(ledger.data?.receivables ?? [])
                .filter((r) => r.currency === d.currency)
                .map((r) => ({
                  value: r.id,
                  label: `${r.jobNo} ${r.label} — ${t('未收', 'outstanding')} ${formatMoney(r.outstanding, r.currency, currencyDigits)}`,
                }))}
            />
          </Form.Item>
          <Space wrap align="start">
            <Form.Item name="kind" label={t('類別', 'Kind')} rules={[required]}>
              <Picker
                style={{ width: 160 }}
                options={[
                  { value: 'adjustment', label: t('調整', 'Adjustment') },
                  { value: 'credit_note', label: t('貸項通知', 'Credit note') },
                ]}
              />
            </Form.Item>
            <Form.Item name="direction" label={t('方向', 'Direction')} rules={[required]}>
              <Picker
                style={{ width: 180 }}
                options={[
                  { value: 'increase', label: t('增加應收', 'Raise what is owed') },
                  { value: 'decrease', label: t('減少應收', 'Lower what is owed') },
                ]}
              />
            </Form.Item>
            <Form.Item
              name="amount"
              label={t(`金額（${d.currency}）`, `Amount (${d.currency})`)}
              normalize={normalizeDecimalField}
              rules={[
                { required: true, whitespace: true, message: t('必填', 'Required') },
                amountRule(currencyDigits[d.currency] ?? 2, t),
              ]}
            >
              <Input inputMode="decimal" style={{ width: 160 }} />
            </Form.Item>
          </Space>
        </>
      )}
      <Form.Item
        name="note"
        label={fieldLabel('note', t)}
        rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="difference-note" />
      </Form.Item>
    </>
  );
}

function stepForms(t: ReturnType<typeof useT>, d: Difference): Record<string, StepForm> {
  const finance = d.difference.startsWith('-') ? 'decrease' : 'increase';
  const who = `${customerText(d.customerNo, d.customerName)} ${d.currency}`;
  return {
    notes: {
      title: t(`差異加註：${who}`, `Note: ${who}`),
      fields: (
        <Form.Item
          name="note"
          label={fieldLabel('note', t)}
          rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="difference-note" />
        </Form.Item>
      ),
      toBody: (v) => ({ note: String(v.note).trim() }),
    },
    resolve: {
      title: t(`處理差異：${who}`, `Resolve: ${who}`),
      width: 640,
      // Finance above the ledger: the ledger is raised; below: lowered — by the difference, unless changed.
      initial: {
        resolution: 'explanation',
        kind: 'adjustment',
        direction: finance,
        amount: d.difference.replace(/^-/, ''),
      },
      fields: <ResolveFields d={d} />,
      toBody: (v) => ({
        resolution: v.resolution,
        note: String(v.note).trim(),
        ...(v.resolution === 'correction'
          ? {
              correction: {
                receivableId: v.receivableId,
                kind: v.kind,
                direction: v.direction,
                amount: String(v.amount).trim(),
              },
            }
          : {}),
      }),
    },
  };
}

export default function BalanceUploadPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const { businessTimeZone } = useConfig();
  const uploadId = Number(useParams().uploadId);
  const q = useQuery({
    queryKey: ['finance-balance', uploadId],
    queryFn: () => unwrap(api.GET('/finance-balances/{uploadId}', { params: { path: { uploadId } } })),
  });
  const u = q.data;
  return (
    <section aria-labelledby="balance-upload-title">
      <Typography.Title level={2} id="balance-upload-title" style={{ fontSize: 22 }}>
        {t('餘額核對', 'Balance check')} {u ? u.asOf : ''}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }}>
        <Link to="/desk/balances">← {t('上傳紀錄', 'Uploads')}</Link>
      </Space>
      {q.isError && <ErrorState compact error={q.error} onRetry={() => void q.refetch()} />}
      {u && (
        <Descriptions size="small" column={4} bordered style={{ marginBottom: 16 }}>
          <Descriptions.Item label={t('餘額日期', 'As of')}>{u.asOf}</Descriptions.Item>
          <Descriptions.Item label={t('上傳人', 'Uploaded by')}>{u.uploadedByName}</Descriptions.Item>
          <Descriptions.Item label={t('上傳時間', 'Uploaded at')}>
            {formatDateTime(u.createdAt, businessTimeZone)}
          </Descriptions.Item>
          <Descriptions.Item label={t('未處理差異', 'Open differences')}>
            <span data-testid="open-differences">{u.open}</span>
          </Descriptions.Item>
        </Descriptions>
      )}
      <TableScroll label={t('差異', 'Differences')}>
        <DataTable<Difference>
          data-testid="balance-differences"
          rowKey="id"
          size="small"
          pagination={false}
          loading={q.isLoading}
          dataSource={u?.differences ?? []}
          columns={[
            {
              title: t('列號', 'Row'),
              key: 'row',
              render: (_, d) => (d.rowNo === 0 ? t('檔案未列', 'Not in the file') : d.rowNo),
            },
            customerColumn(t),
            { title: t('幣別', 'Currency'), dataIndex: 'currency', key: 'currency' },
            ...(['financeBalance', 'ledgerBalance', 'difference'] as const).map((k) => ({
              title: {
                financeBalance: t('財務餘額', 'Finance'),
                ledgerBalance: t('臺帳淨額', 'Ledger net'),
                difference: t('差異', 'Difference'),
              }[k],
              key: k,
              align: 'right' as const,
              render: (_: unknown, d: Difference) => <Money amount={d[k]} currency={d.currency} />,
            })),
            {
              title: t('狀態', 'Status'),
              key: 'status',
              render: (_, d) => <Tag color={STATUS[d.status][2]}>{t(STATUS[d.status][0], STATUS[d.status][1])}</Tag>,
            },
            notesColumn(t, businessTimeZone, (d) =>
              d.resolutionNote ? (
                <div>
                  <strong>{d.resolution === 'correction' ? t('更正臺帳', 'Corrected') : t('說明', 'Explained')}</strong>
                  {d.resolvedByName ? ` (${d.resolvedByName})` : ''}：{d.resolutionNote}
                </div>
              ) : null,
            ),
            actionBarColumn(
              t,
              (d) => stepForms(t, d),
              () => void queryClient.invalidateQueries({ queryKey: ['finance-balance', uploadId] }),
            ),
          ]}
        />
      </TableScroll>
    </section>
  );
}
