/**
 * Dispute cases 爭議 (§3.4.2): each disputed statement line with its customer, amount, the customer's
 * reason, owner, notes and outcome — an adjustment or a credit note (a ledger entry: finance, settlement)
 * or the customer pays (the amount goes back to collection). Filter by status (open first) and owner;
 * the steps (add a note, resolve) come from each case's `actions`, and the resolve form offers only the
 * outcomes its `resolve` action lists (a salesperson: the customer pays; finance, settlement: all).
 */
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { lazy, useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { FilterBar, StatusFilter } from '../../components/FilterBar';
import { moneyColumn } from '../../components/columns';
import { ListTable } from '../../components/ListTable';
import { useConfig } from '../../config';
import { useT } from '../../i18n';
import { DISPUTE_OUTCOME_LABELS } from './shared';
import { actionBarColumn, customerColumn, notesColumn } from './columns';

type Dispute = paths['/disputes']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = Dispute['status'];

const DISPUTE_STATUS: Record<Status, [string, string]> = {
  open: ['處理中', 'Open'],
  resolved: ['已結案', 'Resolved'],
};

// The steps' forms (a note, resolve: antd Form, Select, Input): a module of its own, fetched once a row's step
// buttons are drawn (issue 11).
const loadStepForms = () => import('./DisputeStepForms');
const DisputeStepForms = lazy(loadStepForms);

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
            (d) => ({
              steps: ['notes', 'resolve'],
              load: loadStepForms,
              host: (render) => <DisputeStepForms dispute={d} render={render} />,
            }),
            () => void queryClient.invalidateQueries({ queryKey: ['disputes'] }),
          ),
        ]}
      />
    </section>
  );
}
