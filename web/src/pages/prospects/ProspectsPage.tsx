/**
 * The prospects pipeline 潛在客戶 (`/desk/prospects`, §3.2.1–§3.2.4): the prospects in sight (GET /prospects:
 * a salesperson their own, a sales manager the team's, the marketing manager, the GM and auditors all) by
 * stage lead → contacted → appointment → negotiating → signed / lost, with the count of each stage, a search
 * by customer, the risk level in force and a lost prospect's reason. A sales manager (and whoever sees all)
 * narrows the pipeline to one salesperson — the API's `salespeople`, only those in the caller's sight; a
 * salesperson gets no filter — and the stage counts follow. Stage, salesperson, search and page are kept in
 * the URL (`?stage=&ownerId=&q=&page=`), so a filtered pipeline can be linked and reloaded. The form that takes one of the
 * salesperson's prospective customers (預備) in as a lead shows only when the list's `actions` offer `create`
 * (POST /prospects), and opens the new prospect.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState, QueryError } from '../../components/ErrorState';
import { Button, Form, Input, Segmented, Space } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useNavigate } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { RecordAction } from '../../api/actions';
import { useWrite } from '../../api/useWrite';
import { WriteError } from '../../api/WriteError';
import { TableScroll } from '../../components/TableScroll';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { useT } from '../../i18n';
import { RiskTag, STAGES, StageTag, type Prospect, type ProspectRow, type ProspectStage } from './shared';
import { customerText } from '../../format/labels';
import { Picker } from '../../components/Picker';

const PAGE = 50;

interface CreateValues {
  customerNo: string;
  source?: string;
  note?: string;
}

/** Takes a prospective customer of the salesperson's, not yet in the pipeline, in as a lead. */
function CreateProspect({ action }: { action: RecordAction }) {
  const t = useT();
  const navigate = useNavigate();
  const [form] = Form.useForm<CreateValues>();
  const write = useWrite<Prospect>([['prospects']]);
  const customers = useQuery({
    queryKey: ['customers', 'prospective'],
    queryFn: () => unwrap(api.GET('/customers', { params: { query: { status: 'prospective', limit: 200 } } })),
  });
  const taken = useQuery({
    queryKey: ['prospects', 'taken'],
    queryFn: () => unwrap(api.GET('/prospects', { params: { query: { limit: 200 } } })),
  });
  const inPipeline = new Set((taken.data?.items ?? []).map((p) => p.customerNo));
  const options = (customers.data?.items ?? [])
    .filter((c) => !inPipeline.has(c.customerNo))
    .map((c) => ({ value: c.customerNo, label: customerText(c.customerNo, c.fullName) }));
  const submit = async () => {
    let v: CreateValues;
    try {
      v = await form.validateFields();
    } catch {
      return;
    }
    const source = v.source?.trim();
    const note = v.note?.trim();
    try {
      const p = await write.mutateAsync({
        method: action.method,
        path: action.path,
        body: { customerNo: v.customerNo, ...(source ? { source } : {}), ...(note ? { note } : {}) },
      });
      form.resetFields();
      void navigate(`/desk/prospects/${p.id}`);
    } catch {
      // shown by WriteError
    }
  };
  return (
    <Card size="small" title={t(action.labelZh, action.labelEn)} style={{ marginBottom: 16 }}>
      <WriteError error={write.error} />
      <Form form={form} layout="vertical" data-testid="prospect-form">
        <QueryError query={customers} title={['無法讀取客戶', 'Could not read the customers']} />
        <QueryError query={taken} title={['無法讀取客戶開發', 'Could not read the prospects']} />
        <Space wrap align="start">
          <Form.Item
            name="customerNo"
            label={t('預備客戶', 'Prospective customer')}
            rules={[{ required: true }]}
            extra={t('只列出尚未在開發中的本人預備客戶', 'Your prospective customers not yet in the pipeline')}
          >
            <Picker
              style={{ minWidth: 440 }}
              loading={customers.isLoading || taken.isLoading}
              data-testid="prospect-customer"
              search={t('搜尋預備客戶', 'Search prospective customers')}
              options={options}
              notFoundContent={t('沒有可加入的預備客戶', 'No prospective customer to add')}
            />
          </Form.Item>
          <Form.Item name="source" label={t('來源', 'Source')}>
            <Input
              maxLength={200}
              style={{ minWidth: 260 }}
              placeholder={t('轉介、展會、電話開發…', 'Referral, trade fair, cold call …')}
              data-testid="prospect-source"
            />
          </Form.Item>
        </Space>
        <Form.Item name="note" label={t('備註', 'Note')}>
          <Input.TextArea rows={2} maxLength={2000} style={{ maxWidth: 640 }} data-testid="prospect-note" />
        </Form.Item>
        <Button type="primary" loading={write.isPending} onClick={() => void submit()} data-testid="prospect-create">
          {t(action.labelZh, action.labelEn)}
        </Button>
      </Form>
    </Card>
  );
}

export default function ProspectsPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const { params, page, set } = useUrlFilters();
  const stageParam = params.get('stage');
  const stage: ProspectStage | 'all' = STAGES.includes(stageParam as ProspectStage)
    ? (stageParam as ProspectStage)
    : 'all';
  const ownerId = params.get('ownerId') ?? '';
  const q = params.get('q') ?? '';
  const list = useQuery({
    queryKey: ['prospects', 'list', stage, ownerId, q, page],
    queryFn: () =>
      unwrap(
        api.GET('/prospects', {
          params: {
            query: {
              ...(stage === 'all' ? {} : { stage }),
              ...(ownerId ? { ownerId } : {}),
              ...(q ? { q } : {}),
              limit: PAGE,
              offset: (page - 1) * PAGE,
            },
          },
        }),
      ),
  });
  const create = list.data?.actions.find((a) => a.step === 'create' && a.allowed);
  const byStage = list.data?.byStage ?? [];
  const all = byStage.reduce((n, b) => n + b.count, 0);
  const salespeople = list.data?.salespeople ?? [];
  return (
    <section aria-labelledby="prospects-title">
      <Typography.Title level={2} id="prospects-title" style={{ fontSize: 22 }}>
        {t('潛在客戶', 'Prospects')}
      </Typography.Title>
      {create && <CreateProspect action={create} />}
      <Card size="small" title={t('開發進度', 'Pipeline')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Segmented
            aria-label={t('階段', 'Stage')}
            data-testid="prospect-stages"
            value={stage}
            onChange={(v) => set({ stage: v === 'all' ? null : String(v) })}
            options={[
              { value: 'all', label: `${t('全部', 'All')} (${all})` },
              ...byStage.map((b) => ({
                value: b.stage,
                label: (
                  <span data-testid={`stage-${b.stage}`}>{`${t(b.stageLabel.zh, b.stageLabel.en)} (${b.count})`}</span>
                ),
              })),
            ]}
          />
          {salespeople.length > 0 && (
            <Picker
              aria-label={t('業務員', 'Salesperson')}
              placeholder={t('全部業務員', 'All salespeople')}
              allowClear
              style={{ minWidth: 220 }}
              value={ownerId || undefined}
              onChange={(v: string | undefined) => set({ ownerId: v ?? null })}
              data-testid="prospects-owner"
              options={salespeople.map((p) => ({ value: p.id, label: p.name }))}
            />
          )}
          <Input.Search
            key={q}
            defaultValue={q}
            aria-label={t('搜尋客戶', 'Search customers')}
            placeholder={t('客戶編號或名稱', 'Customer number or name')}
            allowClear
            style={{ width: 280 }}
            onSearch={(v) => set({ q: v.trim() })}
            data-testid="prospects-search"
          />
        </Space>
        {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
        <TableScroll label={t('潛在客戶', 'Prospects')}>
          <DataTable<ProspectRow>
            rowKey="id"
            size="small"
            loading={list.isLoading}
            dataSource={list.data?.items ?? []}
            data-testid="prospects-table"
            pagination={{
              current: page,
              pageSize: PAGE,
              total: list.data?.total ?? 0,
              hideOnSinglePage: true,
              onChange: (p) => set({ page: String(p) }),
            }}
            columns={[
              {
                title: t('客戶', 'Customer'),
                key: 'customer',
                render: (_, r) => (
                  <Link to={`/desk/prospects/${r.id}`} data-testid={`prospect-link-${r.id}`}>
                    {customerText(r.customerNo, r.customerName)}
                  </Link>
                ),
              },
              { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, r) => r.ownerName ?? r.ownerId },
              {
                title: t('階段', 'Stage'),
                key: 'stage',
                render: (_, r) => <StageTag stage={r.stage} label={r.stageLabel} />,
              },
              {
                title: t('階段起始', 'In stage since'),
                key: 'since',
                render: (_, r) => formatDateTime(r.stageSince, businessTimeZone),
              },
              {
                title: t('風險評估', 'Risk assessment'),
                key: 'risk',
                render: (_, r) => <RiskTag level={r.riskLevel} />,
              },
              { title: t('來源', 'Source'), key: 'source', render: (_, r) => r.source ?? '—' },
              {
                title: t('流失原因', 'Lost reason'),
                key: 'lost',
                render: (_, r) =>
                  r.stage === 'lost' ? <span data-testid={`lost-reason-${r.id}`}>{r.lostReason ?? '—'}</span> : '—',
              },
            ]}
          />
        </TableScroll>
      </Card>
    </section>
  );
}
