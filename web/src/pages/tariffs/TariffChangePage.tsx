/** A tariff change proposal: the diff against its base side by side, its approvals (buttons from `actions`), history. */
import { useQuery } from '@tanstack/react-query';
import { Descriptions, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageLoading } from '../../components/ReadState';
import { ActionButtons } from '../../components/ActionButtons';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { useT } from '../../i18n';
import { SERVICE_TYPE_LABELS, trimAmount, type ChangeDetail } from './types';
import { actorText } from '../../format/actor';
import { FIELD_LABELS } from '../../api/errors';
import { unitLabel } from '../quotes/lines';
import { Timeline } from '../../components/Timeline';
import { useMay } from '../../layout/useMe';

type Line = ChangeDetail['lines'][number];
const describe = (l: Line) => `${l.routeFrom} → ${l.routeTo} · ${unitLabel(l.unit)} · ${l.currency}`;
const FIELDS = [
  'serviceType',
  'industry',
  'commodity',
  'routeFrom',
  'routeTo',
  'unit',
  'currency',
  'price',
  'budgetCost',
  'validFrom',
  'validTo',
] as const;

export default function TariffChangePage() {
  const changeId = Number(useParams().changeId);
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const { may } = useMay();
  const change = useQuery({
    queryKey: ['tariff-change', changeId],
    queryFn: () => unwrap(api.GET('/tariff-changes/{changeId}', { params: { path: { changeId } } })),
  });
  if (change.isError) return <ErrorState error={change.error} onRetry={() => void change.refetch()} />;
  const c = change.data;
  if (!c) return <PageLoading title={['原始報價修改', 'Tariff change']} />;
  // The budgeted cost only for its readers (api/quotes/budget-access.ts; null for the others): no empty row.
  const fields = FIELDS.filter((f) => f !== 'budgetCost' || may('readCostBudgets'));
  const side = (l: Line | null, changed: readonly string[]) =>
    l ? (
      <div>
        {fields.map((f) => (
          <div key={f} style={changed.includes(f) ? { background: '#fff1b8', fontWeight: 600 } : undefined}>
            {/* Each field by its label and each value as the tariff page prints it — never a key (try-out s13). */}
            <span style={{ color: '#595959' }}>{t.label(FIELD_LABELS[f]!)}:</span>{' '}
            {f === 'serviceType'
              ? t(...SERVICE_TYPE_LABELS[l.serviceType])
              : f === 'unit'
                ? unitLabel(l.unit)
                : f === 'price' || f === 'budgetCost'
                  ? trimAmount(l[f] ?? '', l.unit === 'percent_of_value' ? 0 : (currencyDigits[l.currency] ?? 2))
                  : String(l[f] ?? '—')}
          </div>
        ))}
      </div>
    ) : (
      '—'
    );
  const rows = [
    ...c.diff.changed.map((d, i) => ({
      key: `c${i}`,
      kind: ['修改', 'Changed', '#874d00'],
      before: d.before,
      after: d.after,
      fields: d.fields,
    })),
    ...c.diff.added.map((l, i) => ({
      key: `a${i}`,
      kind: ['新增', 'Added', '#237804'],
      before: null,
      after: l,
      fields: [...FIELDS] as string[],
    })),
    ...c.diff.removed.map((l, i) => ({
      key: `r${i}`,
      kind: ['刪除', 'Removed', '#a8071a'],
      before: l,
      after: null,
      fields: [...FIELDS] as string[],
    })),
  ];
  return (
    <section aria-labelledby="change-title">
      <Typography.Title level={2} id="change-title" style={{ fontSize: 22 }}>
        {t('原始報價修改', 'Tariff change')} #{c.changeId}{' '}
        <Tag data-testid="change-status">{t(c.statusLabel.zh, c.statusLabel.en)}</Tag>
      </Typography.Title>
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('基準版本', 'Base version')}>
            <Link to={`/desk/tariffs/${c.baseVersionNo}`}>V{c.baseVersionNo}</Link>
          </Descriptions.Item>
          <Descriptions.Item label={t('生效日', 'Effective from')}>{c.effectiveFrom}</Descriptions.Item>
          <Descriptions.Item label={t('待辦角色', 'Waiting for')}>
            {c.pendingRole ? t.label(labelOf(ROLE_LABELS, c.pendingRole)) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('提議人', 'Proposed by')}>{c.proposedByName ?? c.proposedBy}</Descriptions.Item>
          <Descriptions.Item label={t('原因', 'Reason')} span={2}>
            {c.reason}
          </Descriptions.Item>
          {c.resultVersionNo && (
            <Descriptions.Item label={t('新版本', 'New version')}>
              <Link to={`/desk/tariffs/${c.resultVersionNo}`}>V{c.resultVersionNo}</Link>
            </Descriptions.Item>
          )}
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <ActionButtons actions={c.actions} />
        </div>
      </Card>
      <Card
        title={`${t('差異', 'Differences')} (${t('未變', 'unchanged')}: ${c.diff.unchanged})`}
        style={{ marginBottom: 16 }}
      >
        <DataTable
          data-testid="change-diff"
          rowKey="key"
          size="small"
          pagination={false}
          dataSource={rows}
          columns={[
            {
              title: t('類別', 'Kind'),
              key: 'kind',
              width: 110,
              render: (_, r) => <Tag color={r.kind[2]}>{t(r.kind[0]!, r.kind[1]!)}</Tag>,
            },
            { title: t('原版本', 'Before'), key: 'before', render: (_, r) => side(r.before, r.fields) },
            { title: t('修改後', 'After'), key: 'after', render: (_, r) => side(r.after, r.fields) },
            { title: t('線路', 'Line'), key: 'line', render: (_, r) => describe((r.after ?? r.before)!) },
          ]}
        />
      </Card>
      <Card title={t('歷程', 'History')}>
        <Timeline
          items={c.history.map((h) => ({
            children: (
              <span>
                {formatDateTime(h.at, businessTimeZone)} ·{' '}
                {actorText(t, h.actorName ?? h.actorId, h.onBehalfOf && (h.onBehalfOfName ?? h.onBehalfOf))} (
                {t.label(labelOf(ROLE_LABELS, h.actorRole))}) · {t(h.actionLabel.zh, h.actionLabel.en)}
                {h.comment ? ` · 「${h.comment}」` : ''}
              </span>
            ),
          }))}
        />
      </Card>
    </section>
  );
}
