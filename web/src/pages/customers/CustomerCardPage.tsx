/**
 * The customer card 客戶資料卡: details and contacts, status and credit standing, its prospect 客戶開發 (stage,
 * lost reason, risk assessment in short, history and a link — when the API gives it, i.e. to those who may
 * read the prospect), status changes (those the card's `actions` offer — the API's own rule; a role that
 * may change no status gets no control), and the customer's quotes, contracts and jobs.
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { PageLoading } from '../../components/ReadState';
import { Alert, Button, Descriptions, Input, Popconfirm, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { IRREVERSIBLE, REASON_LABELS } from '../../actions/ActionBar';
import { describeError, fieldLabel } from '../../api/errors';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, newIdempotencyKey, sendWrite, unwrap } from '../../api/client';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { CUSTOMER_STATUS_LABELS, jobStateLabel, labelOf, QUOTE_STATUS_LABELS, customerText } from '../../format/labels';
import { DEFAULT_PAYMENT_TERMS, termsWords } from '../../../../domain/payment-terms';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import { CustomerProspectCard } from '../prospects/shared';
import { STATUS_COLORS } from './customerStatus';
import { Picker } from '../../components/Picker';

export default function CustomerCardPage() {
  const { customerNo = '' } = useParams();
  const t = useT();
  const { businessTimeZone } = useConfig();
  const queryClient = useQueryClient();
  const customer = useQuery({
    queryKey: ['customer', customerNo],
    queryFn: () => unwrap(api.GET('/customers/{customerNo}', { params: { path: { customerNo } } })),
  });
  const quotes = useQuery({
    queryKey: ['quotes', { customerNo }],
    queryFn: () => unwrap(api.GET('/quotes', { params: { query: { customerNo, limit: 200 } } })),
  });
  const jobs = useQuery({
    queryKey: ['jobs', { customerNo }],
    queryFn: () => unwrap(api.GET('/jobs', { params: { query: { customerNo, limit: 200 } } })),
  });
  const [event, setEvent] = useState<string | undefined>();
  const [comment, setComment] = useState('');
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);

  if (customer.isError) return <ErrorState error={customer.error} onRetry={() => void customer.refetch()} />;
  const c = customer.data;
  if (!c) return <PageLoading title={['客戶資料卡', 'Customer card']} />;
  const contracts = (quotes.data?.items ?? []).filter((q) => q.contractNo);
  // The status changes the API's rule offers this user now (the card's `actions`): none → no card.
  const statusActions = c.actions;
  const chosen = statusActions.find((a) => a.step === event);

  const changeStatus = async () => {
    if (!event) return;
    if (chosen?.commentRequired && !comment.trim()) {
      setError(t('此變更須填寫說明', 'This change needs a comment'));
      return;
    }
    setBusy(true);
    setError(null);
    try {
      await sendWrite(
        'POST',
        `/customers/${encodeURIComponent(customerNo)}/status`,
        { event, ...(comment.trim() ? { comment: comment.trim() } : {}) },
        newIdempotencyKey(),
      );
      setEvent(undefined);
      setComment('');
      await queryClient.invalidateQueries({ queryKey: ['customer', customerNo] });
    } catch (e) {
      setError(describeError(e, t));
    } finally {
      setBusy(false);
    }
  };

  return (
    <section aria-labelledby="customer-title">
      <Typography.Title level={2} id="customer-title" style={{ fontSize: 22 }}>
        {t('客戶資料卡', 'Customer card')} · {customerText(c.customerNo, c.fullName)}{' '}
        <Tag color={STATUS_COLORS[c.status]} data-testid="customer-status">
          {t.label(labelOf(CUSTOMER_STATUS_LABELS, c.status))}
        </Tag>
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions column={2} size="small" bordered>
          <Descriptions.Item label={t('客戶全稱', 'Full name')} span={2}>
            {c.fullName}
          </Descriptions.Item>
          <Descriptions.Item label={t('地址', 'Address')} span={2}>
            {c.address}
          </Descriptions.Item>
          <Descriptions.Item label={fieldLabel('contactPerson', t)}>{c.contactPerson}</Descriptions.Item>
          <Descriptions.Item label={t('電話', 'Phone')}>{c.phone}</Descriptions.Item>
          <Descriptions.Item label={t('傳真', 'Fax')}>{c.fax ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('行業', 'Industry')}>{c.industry ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('信用狀況', 'Credit standing')}>{c.creditStanding ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('付款條件', 'Payment terms')}>
            <span data-testid="customer-payment-terms">
              {/* The terms in force: the customer's own, else the standard terms billing applies (clause 4). */}
              {c.paymentTerms ?? `${t('標準條款', 'Standard terms')}：${t(...termsWords(DEFAULT_PAYMENT_TERMS))}`}
            </span>
          </Descriptions.Item>
          <Descriptions.Item label={t('業務員', 'Owner')}>{c.ownerName ?? c.ownerId}</Descriptions.Item>
          <Descriptions.Item label={t('更新時間', 'Updated')}>
            {formatDateTime(c.updatedAt, businessTimeZone)}
          </Descriptions.Item>
        </Descriptions>
      </Card>
      {c.prospect && <CustomerProspectCard prospect={c.prospect} />}
      {statusActions.length > 0 && (
        <Card title={t('變更狀態', 'Change status')} style={{ marginBottom: 16 }}>
          <Space wrap>
            <Picker<string>
              aria-label={t('狀態變更', 'Status change')}
              style={{ width: 220 }}
              placeholder={t('選擇變更', 'Choose a change')}
              value={event}
              onChange={setEvent}
              data-testid="status-event"
              options={statusActions.map((a) => ({
                value: a.step,
                disabled: !a.allowed,
                label: t(a.labelZh, a.labelEn) + (a.reason ? ` — ${t.label(REASON_LABELS[a.reason])}` : ''),
              }))}
            />
            <Input
              aria-label={fieldLabel('comment', t)}
              placeholder={
                chosen?.commentRequired
                  ? fieldLabel('comment', t, ['必填', 'required'])
                  : fieldLabel('comment', t, ['選填', 'optional'])
              }
              value={comment}
              onChange={(e) => setComment(e.target.value)}
              style={{ width: 320 }}
            />
            {chosen?.confirm ? (
              // Terminating ends the customer for good: asked first, and drawn as a danger button.
              <Popconfirm
                title={t.label(IRREVERSIBLE)}
                okText={t(chosen.labelZh, chosen.labelEn)}
                okButtonProps={{ danger: true }}
                cancelText={t('取消', 'Cancel')}
                onConfirm={() => void changeStatus()}
              >
                <Button danger loading={busy} data-testid="status-send">
                  {t('送出', 'Send')}
                </Button>
              </Popconfirm>
            ) : (
              <Button
                type="primary"
                disabled={!event}
                loading={busy}
                onClick={() => void changeStatus()}
                data-testid="status-send"
              >
                {t('送出', 'Send')}
              </Button>
            )}
          </Space>
          {error && <Alert style={{ marginTop: 12 }} type="error" showIcon title={error} data-testid="status-error" />}
        </Card>
      )}
      <Card title={t('報價', 'Quotes')} style={{ marginBottom: 16 }}>
        <QueryError query={quotes} />
        <DataTable
          rowKey="quoteNo"
          size="small"
          loading={quotes.isLoading}
          dataSource={quotes.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('報價編號', 'Quote'),
              dataIndex: 'quoteNo',
              render: (no: string) => <Link to={`/desk/quotes/${no}`}>{no}</Link>,
            },
            {
              title: t('狀態', 'Status'),
              dataIndex: 'status',
              render: (s: string) => t.label(labelOf(QUOTE_STATUS_LABELS, s)),
            },
            {
              title: t('金額', 'Amount'),
              dataIndex: 'totals',
              align: 'right',
              render: (m: { currency: string; amount: string }[]) => <MoneyList amounts={m} />,
            },
            { title: t('有效期至', 'Valid until'), dataIndex: 'validUntil' },
          ]}
        />
      </Card>
      <Card title={t('合同', 'Contracts')} style={{ marginBottom: 16 }}>
        <DataTable
          rowKey="quoteNo"
          size="small"
          dataSource={contracts}
          pagination={false}
          columns={[
            { title: t('合同編號', 'Contract'), dataIndex: 'contractNo' },
            {
              title: t('報價編號', 'Quote'),
              dataIndex: 'quoteNo',
              render: (no: string) => <Link to={`/desk/quotes/${no}`}>{no}</Link>,
            },
            {
              title: t('狀態', 'Status'),
              dataIndex: 'status',
              render: (s: string) => t.label(labelOf(QUOTE_STATUS_LABELS, s)),
            },
          ]}
        />
      </Card>
      <Card title={t('作業', 'Jobs')} data-testid="customer-jobs">
        <QueryError query={jobs} />
        <DataTable
          rowKey="jobNo"
          size="small"
          loading={jobs.isLoading}
          dataSource={jobs.data?.items ?? []}
          pagination={false}
          columns={[
            {
              title: t('作業編號', 'Job'),
              dataIndex: 'jobNo',
              render: (no: string) => <Link to={`/desk/jobs/${no}`}>{no}</Link>,
            },
            { title: t('合同編號', 'Contract'), dataIndex: 'contractNo' },
            { title: t('階段', 'Stage'), key: 'stage', render: (_, j) => t.label(jobStateLabel(j)) },
            { title: t('柜', 'Containers'), key: 'c', render: (_, j) => `${j.containerCount} × ${j.containerType}` },
          ]}
        />
      </Card>
    </section>
  );
}
