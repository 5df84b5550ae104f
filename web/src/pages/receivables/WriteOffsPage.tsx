/**
 * Write-offs 壞賬核銷 (§3.4.2): proposals of the salesperson or settlement (made from a customer's
 * ledger), the GM's decision — approve (a `write_off` entry), return with a comment, refuse — as buttons
 * from each record's `actions` (and the proposer's withdrawal while proposed or returned). Segregation of duties: the proposer never decides; the API lists the
 * decision as refused (`segregation_of_duties`) and the button is disabled with that reason.
 * `?id=<writeOffId>` (the inbox's link to a waiting proposal) shows that one write-off only, with a link back to all.
 */
import { useQuery } from '@tanstack/react-query';
import { Tag } from 'antd';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { ActionButtons } from '../../components/ActionButtons';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { FilterBar, StatusFilter } from '../../components/FilterBar';
import { ListTable } from '../../components/ListTable';
import { useT } from '../../i18n';
import { customerColumn } from './columns';
import { moneyColumn } from '../../components/columns';

type WriteOff = paths['/write-offs']['get']['responses']['200']['content']['application/json']['items'][number];
type Status = WriteOff['status'];

const STATUS: Record<Status, [string, string, string]> = {
  proposed: ['待總經理決定', 'Waiting for the GM', '#ad4e00'],
  approved: ['已核准核銷', 'Approved', '#237804'],
  refused: ['已拒絕', 'Refused', 'default'],
  returned: ['已退回', 'Returned', '#1f5fa8'],
  withdrawn: ['已撤回', 'Withdrawn', 'default'],
};

export default function WriteOffsPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [status, setStatus] = useState<Status | undefined>('proposed');
  const idParam = useSearchParams()[0].get('id');
  const one = idParam && /^\d{1,9}$/.test(idParam) ? Number(idParam) : null;
  const list = useQuery({
    queryKey: ['write-offs', one ?? status],
    queryFn: async () =>
      one !== null
        ? { items: [await unwrap(api.GET('/write-offs/{writeOffId}', { params: { path: { writeOffId: one } } }))] }
        : unwrap(api.GET('/write-offs', { params: { query: status ? { status } : {} } })),
  });
  return (
    <section aria-labelledby="write-offs-title">
      <Typography.Title level={2} id="write-offs-title" style={{ fontSize: 22 }}>
        {t('壞賬核銷', 'Write-offs')}
      </Typography.Title>
      {one !== null ? (
        <p>
          <Link to="/desk/write-offs" data-testid="write-offs-all">
            ← {t('全部壞賬核銷', 'All write-offs')}
          </Link>
        </p>
      ) : (
        <FilterBar>
          <StatusFilter value={status} onChange={setStatus} labels={STATUS} width={200} />
        </FilterBar>
      )}
      <ListTable<WriteOff>
        list={list}
        label={t('壞賬核銷', 'Write-offs')}
        testId="write-offs"
        columns={[
          { title: '#', dataIndex: 'id', key: 'id' },
          // Narrow cells that belong together, so the table fits a 1366 px window (issue 13).
          { ...customerColumn<WriteOff>(t), width: 170 },
          {
            title: t('作業 / 項目', 'Job / Item'),
            key: 'job',
            width: 180,
            render: (_, w) => (
              <>
                <div>{w.jobNo}</div>
                {w.label}
              </>
            ),
          },
          { ...moneyColumn<WriteOff>(t('核銷金額', 'Write-off amount')), width: 125 },
          { title: t('原因', 'Reason'), dataIndex: 'reason', key: 'reason' },
          {
            title: t('狀態 / 提出時間', 'Status / Proposed'),
            key: 'status',
            width: 170,
            render: (_, w) => (
              <>
                <Tag color={STATUS[w.status][2]}>{t(STATUS[w.status][0], STATUS[w.status][1])}</Tag>
                <div style={{ whiteSpace: 'nowrap' }}>{formatDateTime(w.createdAt, businessTimeZone)}</div>
              </>
            ),
          },
          { title: t('決定意見', 'Decision comment'), key: 'dc', render: (_, w) => w.decisionComment ?? '—' },
          {
            title: t('操作', 'Actions'),
            key: 'actions',
            render: (_, w) => <ActionButtons actions={w.actions} skip={['resubmit']} />,
          },
        ]}
      />
    </section>
  );
}
