/**
 * Abnormal collection cases 異常收款案件 (§3.4.4): one row per case (a customer and currency with money
 * past due), with what is past due now and how many days, the case's stage, who acts next and by when,
 * and a link to the case. Filters: waiting for me (`mine=true`: a salesperson's own cases, for another
 * role those whose next step is their role's) or all in sight; open or closed; a customer.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Segmented, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { CustomerNoFilter, FilterBar } from '../../components/FilterBar';
import { TableScroll } from '../../components/TableScroll';
import { useUrlFilters } from '../../hooks/useUrlFilters';
import { useConfig } from '../../config';
import { formatDateTime, formatDueAt } from '../../format/dates';
import { Money } from '../../format/Money';
import { useT } from '../../i18n';
import { PROPOSAL_LABELS } from '../../../../domain/collection-proposal';
import { customerColumn } from './columns';
import { CASE_STATUS_COLORS, useNextActor } from './caseStatus';

type List = paths['/collection-cases']['get']['responses']['200']['content']['application/json'];
type Case = List['items'][number];

const PAGE_SIZE = 50;

export default function CollectionCasesPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const nextActor = useNextActor();
  const { params, page, set } = useUrlFilters();
  const mine = params.get('mine') !== 'false';
  const open = params.get('open') ?? 'true';
  const customerNo = params.get('customerNo') ?? '';
  const list = useQuery({
    queryKey: ['collection-cases', mine, open, customerNo, page],
    queryFn: () =>
      unwrap(
        api.GET('/collection-cases', {
          params: {
            query: {
              mine: mine ? 'true' : 'false',
              ...(open === 'all' ? {} : { open: open as 'true' | 'false' }),
              ...(customerNo ? { customerNo } : {}),
              limit: PAGE_SIZE,
              offset: (page - 1) * PAGE_SIZE,
            },
          },
        }),
      ),
  });
  return (
    <section aria-labelledby="collection-cases-title">
      <Typography.Title level={2} id="collection-cases-title" style={{ fontSize: 22 }}>
        {t('異常收款案件', 'Abnormal collection cases')}
      </Typography.Title>
      <Typography.Paragraph type="secondary">
        {t(
          '每一客戶每一幣別有逾期未收款項時開一案：提醒業務員、逾期升級業務經理、業務員提出處理建議、總經理決定；款項收回即自動結案。',
          'A case per customer and currency with money past due: the salesperson is reminded, the case escalates to the sales manager, the salesperson proposes, the GM decides; it closes itself when the money is in.',
        )}
      </Typography.Paragraph>
      <FilterBar>
        <Segmented
          aria-label={t('範圍', 'Scope')}
          data-testid="cases-scope"
          value={mine ? 'mine' : 'all'}
          onChange={(v) => set({ mine: v === 'mine' ? null : 'false' })}
          options={[
            { value: 'mine', label: t('待我處理', 'Waiting for me') },
            { value: 'all', label: t('全部可見', 'All I may see') },
          ]}
        />
        <Segmented
          aria-label={t('狀態', 'Status')}
          data-testid="cases-open"
          value={open}
          onChange={(v) => set({ open: v === 'true' ? null : String(v) })}
          options={[
            { value: 'true', label: t('未結案', 'Open') },
            { value: 'false', label: t('已結案', 'Closed') },
            { value: 'all', label: t('全部', 'All') },
          ]}
        />
        <CustomerNoFilter value={customerNo} onSearch={(v) => set({ customerNo: v || null })} />
      </FilterBar>
      {list.isError && <ErrorState compact error={list.error} onRetry={() => void list.refetch()} />}
      <TableScroll label={t('異常收款案件', 'Abnormal collection cases')}>
        <DataTable<Case>
          data-testid="collection-cases"
          rowKey="caseId"
          size="small"
          loading={list.isLoading}
          dataSource={list.data?.items ?? []}
          pagination={{
            current: page,
            pageSize: PAGE_SIZE,
            total: list.data?.total ?? 0,
            hideOnSinglePage: true,
            onChange: (p) => set({ page: p === 1 ? null : String(p) }),
          }}
          columns={[
            {
              title: t('案件', 'Case'),
              key: 'case',
              render: (_, c) => (
                <Link to={`/desk/collection-cases/${c.caseId}`} data-testid={`case-link-${c.caseId}`}>
                  #{c.caseId}
                </Link>
              ),
            },
            customerColumn(t),
            { title: t('幣別', 'Currency'), dataIndex: 'currency', key: 'currency' },
            {
              title: t('逾期未收', 'Past due now'),
              key: 'overdueNow',
              align: 'right',
              render: (_, c) => <Money amount={c.overdueNow} currency={c.currency} />,
            },
            {
              title: t('逾期天數', 'Days past due'),
              key: 'days',
              align: 'right',
              render: (_, c) => (c.daysPastDue === null ? '—' : c.daysPastDue),
            },
            {
              title: t('階段', 'Stage'),
              key: 'status',
              render: (_, c) => (
                <Tag color={CASE_STATUS_COLORS[c.status]} data-testid={`case-status-${c.caseId}`}>
                  {t(c.statusLabelZh, c.statusLabelEn)}
                </Tag>
              ),
            },
            {
              title: t('處理建議', 'Proposal'),
              key: 'proposal',
              render: (_, c) =>
                c.proposalKind ? (
                  <span>
                    {t(PROPOSAL_LABELS[c.proposalKind].zh, PROPOSAL_LABELS[c.proposalKind].en)}
                    {c.decision === 'approved' && ` · ${t('已核准', 'approved')}`}
                    {c.decision === 'rejected' && ` · ${t('已駁回', 'rejected')}`}
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('下一步辦理人', 'Next to act'), key: 'next', render: (_, c) => nextActor(c) ?? '—' },
            {
              title: t('期限', 'Due'),
              key: 'due',
              render: (_, c) =>
                c.dueAt ? (
                  <span>
                    {formatDueAt(c.dueAt, businessTimeZone)}{' '}
                    {c.overdue && <Tag color="#c0392b">{t('已逾時', 'Late')}</Tag>}
                  </span>
                ) : (
                  '—'
                ),
            },
            { title: t('業務員', 'Salesperson'), key: 'owner', render: (_, c) => c.ownerName ?? c.ownerId },
            {
              title: t('開案時間', 'Opened'),
              key: 'opened',
              render: (_, c) => formatDateTime(c.openedAt, businessTimeZone),
            },
          ]}
        />
      </TableScroll>
    </section>
  );
}
