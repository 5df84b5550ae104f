/**
 * Dispute cases 爭議 (§3.4.2): each disputed statement line with its customer, amount, the customer's
 * reason, owner, notes and outcome — an adjustment or a credit note (a ledger entry: finance, settlement)
 * or the customer pays (the amount goes back to collection). Filter by status (open first) and owner;
 * the steps (add a note, resolve) come from each case's `actions`, and the resolve form offers only the
 * outcomes its `resolve` action lists (a salesperson: the customer pays; finance, settlement: all).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Form, Input, Select, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import type { StepForm } from '../../actions/ActionBar';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { FilterBar, StatusFilter } from '../../components/FilterBar';
import { moneyColumn } from '../../components/columns';
import { ListTable } from '../../components/ListTable';
import { useConfig } from '../../config';
import { amountRule, normalizeDecimalField } from '../../format/number';
import { useT } from '../../i18n';
import { DISPUTE_OUTCOME_LABELS } from './shared';
import { actionBarColumn, customerColumn, notesColumn } from './columns';

type Dispute = paths['/disputes']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = Dispute['status'];

const DISPUTE_STATUS: Record<Status, [string, string]> = {
  open: ['處理中', 'Open'],
  resolved: ['已結案', 'Resolved'],
};

/**
 * The resolve form: the outcome (only those the case's `resolve` action offers the caller), its amount and
 * direction where it has them, and the resolution.
 */
function ResolveFields({ dispute }: { dispute: Dispute }) {
  const t = useT();
  const form = Form.useFormInstance();
  const { currencyDigits } = useConfig();
  const outcome = Form.useWatch('outcome', form) as Dispute['outcome'];
  const offered = dispute.actions.find((a) => a.step === 'resolve')?.outcomes ?? [];
  return (
    <>
      <Form.Item
        name="outcome"
        label={t('結果', 'Outcome')}
        rules={[{ required: true, message: t('必填', 'Required') }]}
      >
        <Select
          data-testid="resolve-outcome"
          options={offered.map((value) => ({
            value,
            label: t.label(DISPUTE_OUTCOME_LABELS[value] ?? [value, value]),
          }))}
        />
      </Form.Item>
      {outcome === 'adjustment' && (
        <Form.Item
          name="direction"
          label={t('方向', 'Direction')}
          rules={[{ required: true, message: t('必填', 'Required') }]}
        >
          <Select
            options={[
              { value: 'decrease', label: t('減少應收', 'Lower what is owed') },
              { value: 'increase', label: t('增加應收', 'Raise what is owed') },
            ]}
          />
        </Form.Item>
      )}
      {outcome && outcome !== 'customer_pays' && (
        <Form.Item
          name="amount"
          label={t(
            `金額（${dispute.currency}，預設爭議金額）`,
            `Amount (${dispute.currency}, default the disputed amount)`,
          )}
          normalize={normalizeDecimalField}
          rules={[amountRule(currencyDigits[dispute.currency] ?? 2, t)]}
        >
          <Input inputMode="decimal" placeholder={dispute.amount} />
        </Form.Item>
      )}
      <Form.Item
        name="resolution"
        label={t('處理說明', 'Resolution')}
        rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
      >
        <Input.TextArea rows={3} maxLength={2000} data-testid="resolve-resolution" />
      </Form.Item>
    </>
  );
}

function stepForms(t: ReturnType<typeof useT>, d: Dispute): Record<string, StepForm> {
  const offered = d.actions.find((a) => a.step === 'resolve')?.outcomes ?? [];
  return {
    notes: {
      title: t(`爭議 #${d.id} 加註`, `Note on dispute #${d.id}`),
      fields: (
        <Form.Item
          name="note"
          label={t('備註', 'Note')}
          rules={[{ required: true, whitespace: true, message: t('必填', 'Required') }]}
        >
          <Input.TextArea rows={3} maxLength={2000} data-testid="dispute-note" />
        </Form.Item>
      ),
      toBody: (v) => ({ note: String(v.note).trim() }),
    },
    resolve: {
      title: t(`爭議 #${d.id} 結案`, `Resolve dispute #${d.id}`),
      // A single outcome on offer (a salesperson: the customer pays) is chosen already.
      ...(offered.length === 1 ? { initial: { outcome: offered[0] } } : {}),
      fields: <ResolveFields dispute={d} />,
      toBody: (v) => ({
        outcome: v.outcome,
        resolution: String(v.resolution).trim(),
        ...(v.outcome === 'adjustment' ? { direction: v.direction } : {}),
        ...(v.outcome !== 'customer_pays' && typeof v.amount === 'string' && v.amount.trim()
          ? { amount: v.amount.trim() }
          : {}),
      }),
    },
  };
}

export default function DisputesPage() {
  const t = useT();
  const queryClient = useQueryClient();
  const { businessTimeZone } = useConfig();
  const [params] = useSearchParams();
  const [status, setStatus] = useState<Status | undefined>(
    params.get('status') === 'resolved' ? 'resolved' : params.get('status') === 'all' ? undefined : 'open',
  );
  const list = useQuery({
    queryKey: ['disputes', status],
    queryFn: () => unwrap(api.GET('/disputes', { params: { query: status ? { status } : {} } })),
  });
  return (
    <section aria-labelledby="disputes-title">
      <Typography.Title level={2} id="disputes-title" style={{ fontSize: 22 }}>
        {t('爭議案件', 'Dispute cases')}
      </Typography.Title>
      <FilterBar>
        <Link to="/desk/statements">← {t('對帳單', 'Statements')}</Link>
        <StatusFilter value={status} onChange={setStatus} labels={DISPUTE_STATUS} />
      </FilterBar>
      <ListTable<Dispute>
        list={list}
        label={t('爭議案件', 'Dispute cases')}
        testId="disputes"
        columns={[
          // Narrow cells that belong together, so the table fits a 1366 px window (issue 13).
          {
            title: t('爭議 / 對帳單', 'Dispute / Statement'),
            key: 'statement',
            width: 140,
            render: (_, d) => (
              <>
                <div>#{d.id}</div>
                <Link to={`/desk/statements/${d.statementId}`}>
                  {d.statementNo} {t(`第 ${d.lineNo} 項`, `line ${d.lineNo}`)}
                </Link>
              </>
            ),
          },
          { ...customerColumn<Dispute>(t), width: 160 },
          {
            title: t('項目 / 客戶理由', 'Item / Customer’s reason'),
            key: 'item',
            width: 200,
            render: (_, d) => (
              <>
                <div>
                  {d.jobNo} {d.label}
                </div>
                <Typography.Text type="secondary">{d.reason}</Typography.Text>
              </>
            ),
          },
          { ...moneyColumn<Dispute>(t('爭議金額', 'Disputed')), width: 125 },
          {
            title: t('負責人 / 狀態', 'Owner / Status'),
            key: 'status',
            width: 130,
            render: (_, d) => (
              <>
                <div>{d.ownerName}</div>
                {d.status === 'open' ? (
                  <Tag color="#ad4e00">{t('處理中', 'Open')}</Tag>
                ) : (
                  <Tag color="#237804">
                    {t.label(DISPUTE_OUTCOME_LABELS[d.outcome ?? ''] ?? ['已結案', 'Resolved'])}
                  </Tag>
                )}
              </>
            ),
          },
          notesColumn(t, businessTimeZone, (d) =>
            d.resolution ? (
              <div>
                <strong>{t('處理', 'Resolution')}</strong>：{d.resolution}
              </div>
            ) : null,
          ),
          actionBarColumn(
            t,
            (d) => stepForms(t, d),
            () => void queryClient.invalidateQueries({ queryKey: ['disputes'] }),
          ),
        ]}
      />
    </section>
  );
}
