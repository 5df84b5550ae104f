/**
 * Inbox 待辦: the steps waiting for me (my role, delegated roles; salespeople their own records),
 * overdue first as the API orders them, due time, amount per currency, flags; one click to the record.
 * Refreshed every 3 s, so new work appears without a reload.
 */
import { useQuery } from '@tanstack/react-query';
import { ErrorState } from '../../components/ErrorState';
import { Space, Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { Link } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime, formatDueAt } from '../../format/dates';
import { labelOf, RECORD_TYPE_LABELS, ROLE_LABELS } from '../../format/labels';
import { MoneyList } from '../../format/Money';
import { useT } from '../../i18n';
import './inbox.css';
import { CustomerLink } from '../../components/CustomerLink';
import { onBehalfText } from '../../format/actor';

type InboxItem = paths['/inbox']['get']['responses']['200']['content']['application/json']['items'][number];

/**
 * Where a record of the inbox opens in the desk: every record type an inbox item is opened for (moveWorkItem in
 * api/, activities/) — the record itself, or the list it belongs to when the item stands for no record yet.
 */
export const recordPath = (item: Pick<InboxItem, 'recordType' | 'recordId' | 'visitId'>): string =>
  ({
    quote: `/desk/quotes/${item.recordId}`,
    tariff: `/desk/tariffs/${item.recordId}`,
    tariff_change: `/desk/tariff-changes/${item.recordId}`,
    customer: `/desk/customers/${item.recordId}`,
    diary_reminder: `/desk/diary`,
    plan: `/desk/plans/${item.recordId}`,
    plan_reminder: `/desk/plans`,
    plan_escalation: `/desk/plans`,
    visit_reminder: `/desk/visits/${item.recordId}`,
    visit_follow_up: item.visitId !== null ? `/desk/visits/${item.visitId}` : `/desk/visits`,
    collection_case: `/desk/collection-cases/${item.recordId}`,
    collection_escalation: `/desk/collection-cases/${item.recordId}`,
    collection_plan: `/desk/collections`,
    dispute: `/desk/disputes`,
    statement: `/desk/statements/${item.recordId}`,
    write_off: `/desk/write-offs?id=${item.recordId}`,
  })[item.recordType] ?? `/desk/inbox`;

export default function InboxPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const inbox = useQuery({
    queryKey: ['inbox', 'list'],
    queryFn: () => unwrap(api.GET('/inbox', { params: { query: { limit: 200 } } })),
    refetchInterval: 3_000,
  });
  return (
    <section aria-labelledby="inbox-title">
      <Typography.Title level={2} id="inbox-title" style={{ fontSize: 22 }}>
        {t('待辦', 'Inbox')} {inbox.data && <Typography.Text type="secondary">({inbox.data.total})</Typography.Text>}
      </Typography.Title>
      {inbox.isError && <ErrorState compact error={inbox.error} onRetry={() => void inbox.refetch()} />}
      {/* A plain table, not antd's Table: the inbox is the first screen, and antd's Table with its
          pagination, select and virtual list weighs more than 100 KB gzip (npm run web:size). */}
      <div style={{ overflowX: 'auto' }}>
        <table data-testid="inbox-table" className="inbox-table" aria-busy={inbox.isLoading}>
          <thead>
            <tr>
              {[
                t('記錄', 'Record'),
                t('待辦步驟', 'Step'),
                t('角色', 'Role'),
                t('客戶', 'Customer'),
                t('業務員', 'Salesperson'),
                t('金額', 'Amount'),
                t('提示', 'Flags'),
                t('到達時間', 'Since'),
                t('到期時間', 'Due'),
              ].map((h) => (
                <th key={h} scope="col">
                  {h}
                </th>
              ))}
            </tr>
          </thead>
          <tbody data-testid="inbox-rows">
            {(inbox.data?.items ?? []).map((r) => (
              <tr key={`${r.recordType}:${r.recordId}:${r.step}`} className={r.overdue ? 'inbox-overdue' : ''}>
                <td>
                  <Link to={recordPath(r)} data-testid={`inbox-open-${r.recordId}`}>
                    {/* A plan or a visit follow-up by the name people know it by (the API's recordName), else kind and id. */}
                    {r.recordName ?? `${t.label(labelOf(RECORD_TYPE_LABELS, r.recordType))} ${r.recordId}`}
                  </Link>
                </td>
                <td>{r.stepLabel ?? r.step}</td>
                <td>
                  <Space direction="vertical" size={0}>
                    <span>{t.label(labelOf(ROLE_LABELS, r.role))}</span>
                    {/* A role delegated to me: whose behalf I act on (the API's onBehalfOf, the delegator). */}
                    {r.onBehalfOf && (
                      <Tag color="#531dab" data-testid="on-behalf">
                        {onBehalfText(t, r.onBehalfOfName ?? r.onBehalfOf)}
                      </Tag>
                    )}
                  </Space>
                </td>
                <td>{r.customerNo ? <CustomerLink customerNo={r.customerNo} customerName={r.customerName} /> : ''}</td>
                <td>{r.ownerName ?? r.ownerId ?? ''}</td>
                <td style={{ textAlign: 'right' }}>
                  <MoneyList amounts={r.amount} />
                </td>
                <td>
                  <Space wrap>
                    {r.overdue && <Tag color="#a8071a">{t('逾期', 'Overdue')}</Tag>}
                    {r.belowCost && (
                      <Tag color="#ad2102" data-testid="flag-below-cost">
                        {t('低於成本', 'Below cost')}
                      </Tag>
                    )}
                    {r.beyondAuthority && (
                      <Tag color="#ad4e00" data-testid="flag-beyond-authority">
                        {t('超出價格權限', 'Beyond price authority')}
                      </Tag>
                    )}
                    {r.overCreditLimit && (
                      <Tag color="#820014" data-testid="flag-over-credit-limit">
                        {t('超出信用額度', 'Over credit limit')} {r.overLimitCurrencies.join(' ')}
                      </Tag>
                    )}
                  </Space>
                </td>
                <td>{formatDateTime(r.since, businessTimeZone)}</td>
                <td style={r.overdue ? { color: '#a8071a', fontWeight: 600 } : undefined}>
                  {formatDueAt(r.dueAt, businessTimeZone)}
                </td>
              </tr>
            ))}
            {inbox.data && inbox.data.items.length === 0 && (
              <tr>
                <td colSpan={9} style={{ textAlign: 'center', padding: 24, color: 'rgba(0, 0, 0, 0.65)' }}>
                  {t('沒有待辦', 'Nothing waiting for you')}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      {inbox.data && inbox.data.total > inbox.data.items.length && (
        <Typography.Paragraph type="secondary" data-testid="inbox-more">
          {t('僅顯示最早的', 'Showing the first')} {inbox.data.items.length} / {inbox.data.total}
        </Typography.Paragraph>
      )}
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('時間以業務時區顯示', 'Times in the business time zone')}: {businessTimeZone}
      </Typography.Paragraph>
    </section>
  );
}
