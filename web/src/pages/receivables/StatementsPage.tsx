/**
 * Statements 對帳單 (§3.4.1): the statements of the customers in sight (filter by customer and status),
 * newest first, each linked to its page; finance and settlement draw a new one for a customer and period
 * (`POST /statements`) when the list's `actions` offer it — then the desk opens the drawn statement.
 */
import { useQuery } from '@tanstack/react-query';
import { Button, Form, Input, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { DateInput } from '../../components/DateInput';
import { CustomerNoFilter, FilterBar, StatusFilter } from '../../components/FilterBar';
import { ListTable } from '../../components/ListTable';
import { useConfig } from '../../config';
import { businessToday } from '../../format/dates';
import { useT } from '../../i18n';
import { FIELD_LABELS } from '../../api/errors';
import { customerColumn } from './columns';
import { STATEMENT_STATUS } from './statementStatus';

type List = paths['/statements']['get']['responses']['200']['content']['application/json'];
type Statement = List['items'][number];
type Status = Statement['status'];

/** The form that draws a statement; on success the desk opens it. */
function DrawForm({ customerNo }: { customerNo: string }) {
  const t = useT();
  const navigate = useNavigate();
  const { businessTimeZone } = useConfig();
  const today = businessToday(businessTimeZone);
  const write = useWrite<{ id: number }>([['statements']]);
  const [form] = Form.useForm<{ customerNo: string; periodFrom: string; periodTo: string }>();
  const submit = async () => {
    const v = await form.validateFields().catch(() => null);
    if (!v) return;
    await write
      .mutateAsync({ method: 'POST', path: '/statements', body: { ...v, customerNo: v.customerNo.trim() } })
      .then(
        (s) => navigate(`/desk/statements/${s.id}`),
        () => undefined,
      );
  };
  const required = { required: true, whitespace: true, message: t('必填', 'Required') };
  return (
    <Card size="small" title={t('建立對帳單', 'Draw a statement')} style={{ marginBottom: 16 }} data-testid="draw-form">
      <WriteError error={write.error} />
      <Form
        form={form}
        layout="inline"
        initialValues={{ customerNo, periodFrom: `${today.slice(0, 8)}01`, periodTo: today }}
      >
        <Form.Item name="customerNo" label={t('客戶編號', 'Customer no.')} rules={[required]}>
          <Input style={{ width: 180 }} data-testid="draw-customer" />
        </Form.Item>
        <Form.Item name="periodFrom" label={t.label(FIELD_LABELS.periodFrom!)} rules={[required]}>
          <DateInput allowClear={false} data-testid="draw-from" />
        </Form.Item>
        {/* Checked here as the API checks it (api/receivables/statements.ts): not before 期間自, not after today. */}
        <Form.Item
          name="periodTo"
          label={t.label(FIELD_LABELS.periodTo!)}
          dependencies={['periodFrom']}
          rules={[
            required,
            ({ getFieldValue }) => ({
              validator: (_, to?: string) => {
                const from = getFieldValue('periodFrom') as string | undefined;
                if (from && to && to < from)
                  return Promise.reject(new Error(t('不可早於期間自', 'must not be before Period from')));
                if (to && to > today) return Promise.reject(new Error(t('不可晚於今天', 'must not be after today')));
                return Promise.resolve();
              },
            }),
          ]}
        >
          <DateInput allowClear={false} data-testid="draw-to" />
        </Form.Item>
        <Button type="primary" loading={write.isPending} data-testid="draw-submit" onClick={() => void submit()}>
          {t('建立', 'Draw')}
        </Button>
      </Form>
    </Card>
  );
}

export default function StatementsPage() {
  const t = useT();
  const [params, setParams] = useSearchParams();
  const customerNo = params.get('customerNo') ?? '';
  const [status, setStatus] = useState<Status | undefined>(undefined);
  const list = useQuery({
    queryKey: ['statements', customerNo, status],
    queryFn: () =>
      unwrap(
        api.GET('/statements', {
          params: { query: { ...(customerNo ? { customerNo } : {}), ...(status ? { status } : {}) } },
        }),
      ),
  });
  const mayDraw = !!list.data?.actions.some((a) => a.step === 'statements' && a.allowed);
  return (
    <section aria-labelledby="statements-title">
      <Typography.Title level={2} id="statements-title" style={{ fontSize: 22 }}>
        {t('對帳單', 'Statements')}
      </Typography.Title>
      <FilterBar>
        <Link to="/desk/disputes">{t('爭議案件', 'Dispute cases')} →</Link>
        <CustomerNoFilter value={customerNo} onSearch={(v) => setParams(v ? { customerNo: v } : {})} />
        <StatusFilter value={status} onChange={setStatus} labels={STATEMENT_STATUS} />
      </FilterBar>
      {mayDraw && <DrawForm key={customerNo} customerNo={customerNo} />}
      <ListTable<Statement>
        list={list}
        label={t('對帳單', 'Statements')}
        testId="statements"
        columns={[
          {
            title: t('對帳單號', 'Statement no.'),
            key: 'no',
            render: (_, s) => <Link to={`/desk/statements/${s.id}`}>{s.statementNo}</Link>,
          },
          customerColumn(t),
          { title: t('期間', 'Period'), key: 'period', render: (_, s) => `${s.periodFrom} – ${s.periodTo}` },
          { title: t('業務員', 'Salesperson'), dataIndex: 'ownerName', key: 'owner' },
          {
            title: t('狀態', 'Status'),
            key: 'status',
            render: (_, s) => (
              <Tag color={STATEMENT_STATUS[s.status][2]}>
                {t(STATEMENT_STATUS[s.status][0], STATEMENT_STATUS[s.status][1])}
              </Tag>
            ),
          },
          { title: t('寄出日', 'Sent on'), key: 'sent', render: (_, s) => s.sentOn ?? '—' },
          { title: t('回覆日', 'Answered on'), key: 'answered', render: (_, s) => s.answeredOn ?? '—' },
          { title: t('未結爭議', 'Open disputes'), dataIndex: 'openDisputes', key: 'disputes', align: 'right' },
        ]}
      />
    </section>
  );
}
