/**
 * One tariff version: its lines, its step buttons (from `actions`: submit, approve, return, discard),
 * the line editor while it is a draft the caller may edit (the `actions` entry with method PUT), a
 * change proposal from a locked version, and the history.
 */
import { useUnsavedGuard } from '../../components/useUnsavedGuard';
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Descriptions, Input, Space, Spin, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useEffect, useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, ApiError, newIdempotencyKey, sendWrite, unwrap } from '../../api/client';
import { ErrorState } from '../../components/ErrorState';
import { PageLoading } from '../../components/ReadState';
import { describeError } from '../../api/errors';
import { ActionButtons } from '../../components/ActionButtons';
import { DownloadButton, SheetImport } from '../../components/SheetTransfer';
import { useConfig } from '../../config';
import { businessToday, formatDateTime } from '../../format/dates';
import { labelOf, ROLE_LABELS } from '../../format/labels';
import { Money } from '../../format/Money';
import { useT } from '../../i18n';
import { useMay } from '../../layout/useMe';
import {
  lineProblems,
  SERVICE_TYPE_LABELS,
  toBody,
  toDraft,
  UNIT_LABELS,
  fieldErrors,
  versionStanding,
  type DraftLine,
  type TariffLineView,
} from './types';
import { actorText } from '../../format/actor';
import { Timeline } from '../../components/Timeline';

// The draft's line editor (antd Select, Input, Tooltip): a module of its own, loaded when a draft is edited (issue 11).
const LineEditor = lazy(() => import('./LineEditor').then((m) => ({ default: m.LineEditor })));

export default function TariffPage() {
  const versionNo = Number(useParams().versionNo);
  const t = useT();
  const { businessTimeZone, currencyDigits } = useConfig();
  const { may } = useMay();
  const queryClient = useQueryClient();
  const tariff = useQuery({
    queryKey: ['tariff', versionNo],
    queryFn: () => unwrap(api.GET('/tariffs/{versionNo}', { params: { path: { versionNo } } })),
  });
  const [draft, setDraft] = useState<DraftLine[] | null>(null);
  const [serverErrors, setServerErrors] = useState<Record<string, string>>({});
  const [error, setError] = useState<string | null>(null);
  const [saved, setSaved] = useState(false);
  const [proposing, setProposing] = useState(false);
  const [reason, setReason] = useState('');
  const [effectiveFrom, setEffectiveFrom] = useState('');
  /** Lines (or a proposal's reason and date) typed and not yet saved: leaving asks first. */
  const [edited, setEdited] = useState(false);
  const release = useUnsavedGuard(edited);

  const v = tariff.data;
  const editAction = v?.actions.find((a) => a.method === 'PUT' && a.allowed);
  useEffect(() => {
    if (v && (editAction || proposing) && draft === null)
      setDraft(v.lines.map((l) => toDraft(l, `l${l.lineNo}`, currencyDigits)));
  }, [v, editAction, proposing, draft, currencyDigits]);

  if (tariff.isError) return <ErrorState error={tariff.error} onRetry={() => void tariff.refetch()} />;
  if (!v) return <PageLoading title={['原始報價', 'Tariff']} />;
  const [zh, en, color] = versionStanding(v, businessToday(businessTimeZone));
  const invalid = (draft ?? []).some((l) => Object.keys(lineProblems(l, currencyDigits)).length > 0);

  const save = async () => {
    if (!draft || !editAction) return;
    setError(null);
    setServerErrors({});
    setSaved(false);
    try {
      await sendWrite('PUT', editAction.path, { lines: draft.map(toBody) }, newIdempotencyKey());
      release();
      setEdited(false);
      setSaved(true);
      setDraft(null);
      await queryClient.invalidateQueries({ queryKey: ['tariff', versionNo] });
    } catch (e) {
      if (e instanceof ApiError) {
        setError(describeError(e, t));
        setServerErrors(fieldErrors(e.fields));
      } else setError(String(e));
    }
  };
  const propose = async () => {
    if (!draft) return;
    setError(null);
    setServerErrors({});
    try {
      const created = await sendWrite<{ changeId: number }>(
        'POST',
        '/tariff-changes',
        { baseVersionNo: versionNo, reason: reason.trim(), effectiveFrom, lines: draft.map(toBody) },
        newIdempotencyKey(),
      );
      release();
      window.location.assign(`/desk/tariff-changes/${created.changeId}`);
    } catch (e) {
      if (e instanceof ApiError) {
        setError(describeError(e, t));
        setServerErrors(fieldErrors(e.fields));
      } else setError(String(e));
    }
  };

  const canPropose = v.status === 'locked' && may('proposeTariffChange');
  return (
    <section aria-labelledby="tariff-title">
      <Typography.Title level={2} id="tariff-title" style={{ fontSize: 22 }}>
        {t('原始報價', 'Tariff')} V{v.versionNo} · {v.title}{' '}
        <Tag color={color} data-testid="tariff-standing">
          {t(zh, en)}
        </Tag>
      </Typography.Title>
      <ReturnedBanner history={v.history} actions={v.actions} pendingRole={v.pendingRole} />
      <Card style={{ marginBottom: 16 }}>
        <Descriptions size="small" column={3}>
          <Descriptions.Item label={t('生效日', 'Effective from')}>{v.effectiveFrom}</Descriptions.Item>
          <Descriptions.Item label={t('失效日', 'Until')}>{v.effectiveTo ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('待辦角色', 'Waiting for')}>
            {v.pendingRole ? t.label(labelOf(ROLE_LABELS, v.pendingRole)) : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('起草', 'Drafted by')}>{v.draftedByName ?? v.draftedBy}</Descriptions.Item>
          <Descriptions.Item label={t('核准', 'Approved by')}>
            {v.approvedBy
              ? actorText(
                  t,
                  v.approvedByName ?? v.approvedBy,
                  v.approvedOnBehalfOf && (v.approvedOnBehalfOfName ?? v.approvedOnBehalfOf),
                )
              : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('鎖定時間', 'Locked')}>
            {formatDateTime(v.lockedAt, businessTimeZone) || '—'}
          </Descriptions.Item>
        </Descriptions>
        <div style={{ marginTop: 12 }}>
          <ActionButtons actions={v.actions.filter((a) => a.method !== 'PUT')} />
        </div>
        <Space style={{ marginTop: 12 }} wrap align="start" data-testid="tariff-excel">
          <DownloadButton
            path={`/tariffs/${v.versionNo}/lines.xlsx`}
            filename={`tariff-v${v.versionNo}.xlsx`}
            label={t('匯出 Excel', 'Export to Excel')}
            testId="tariff-export"
          />
          {editAction && (
            <>
              <DownloadButton
                path="/tariffs/lines-template.xlsx"
                filename="tariff-lines-template.xlsx"
                label={t('下載匯入範本', 'Import template')}
                testId="tariff-template"
              />
              <SheetImport
                path={`/tariffs/${v.versionNo}/lines/import`}
                label={t('從 Excel 匯入價目', 'Import lines from Excel')}
                testId="tariff-import"
                onDone={(answer) => {
                  // The answer is the version with its new lines: the editor starts again from them.
                  queryClient.setQueryData(['tariff', versionNo], answer);
                  setDraft(null);
                  setServerErrors({});
                  setSaved(false);
                  setEdited(false);
                }}
              />
            </>
          )}
        </Space>
        {canPropose && !proposing && (
          <Button style={{ marginTop: 12 }} onClick={() => setProposing(true)} data-testid="propose-change">
            {t('提議修改', 'Propose a change')}
          </Button>
        )}
      </Card>
      {error && <Alert type="error" showIcon title={error} style={{ marginBottom: 12 }} data-testid="tariff-error" />}
      {saved && (
        <Alert
          type="success"
          showIcon
          title={t('已儲存', 'Saved')}
          style={{ marginBottom: 12 }}
          data-testid="tariff-saved"
        />
      )}
      {draft && (editAction || proposing) ? (
        <Card
          title={
            proposing
              ? t('修改提議：新的完整價目', 'Change proposal: the complete new lines')
              : t('編輯草稿價目', 'Edit the draft’s lines')
          }
          style={{ marginBottom: 16 }}
        >
          {proposing && (
            <Space style={{ marginBottom: 12 }} wrap>
              <Input
                aria-label={t('修改原因', 'Reason')}
                placeholder={t('修改原因', 'Reason')}
                value={reason}
                onChange={(e) => {
                  setReason(e.target.value);
                  setEdited(true);
                }}
                style={{ width: 360 }}
                data-testid="change-reason"
              />
              <Input
                aria-label={t('生效日', 'Effective from')}
                placeholder="YYYY-MM-DD"
                value={effectiveFrom}
                onChange={(e) => {
                  setEffectiveFrom(e.target.value);
                  setEdited(true);
                }}
                style={{ width: 160 }}
                data-testid="change-effective"
              />
            </Space>
          )}
          {!proposing && draft.length === 0 && (
            <Alert
              type="info"
              showIcon
              style={{ marginBottom: 12 }}
              data-testid="tariff-empty"
              title={t('此草稿尚無價目', 'This draft has no lines yet')}
              description={t(
                '按「新增一行」逐行輸入並儲存，或下載匯入範本、填好後「從 Excel 匯入價目」。提交總經理前至少要有一行。',
                'Add lines one by one and save them, or fill in the import template and import it from Excel. At least one line is needed before it goes to the GM.',
              )}
            />
          )}
          <Suspense fallback={<Spin />}>
            <LineEditor
              lines={draft}
              onChange={(update) => {
                setDraft((d) => update(d ?? []));
                setSaved(false);
                setEdited(true);
              }}
              serverErrors={serverErrors}
            />
          </Suspense>
          <Space style={{ marginTop: 12 }}>
            {proposing ? (
              <Button
                type="primary"
                disabled={invalid || !reason.trim() || !effectiveFrom}
                onClick={() => void propose()}
                data-testid="change-submit"
              >
                {t('送出修改提議', 'Propose')}
              </Button>
            ) : (
              <Button type="primary" disabled={invalid} onClick={() => void save()} data-testid="lines-save">
                {t('儲存價目', 'Save lines')}
              </Button>
            )}
            {invalid && (
              <Typography.Text type="danger">{t('請先修正標示的欄位', 'Fix the marked fields first')}</Typography.Text>
            )}
          </Space>
        </Card>
      ) : (
        <Card title={t('價目', 'Lines')} style={{ marginBottom: 16 }}>
          <DataTable<TariffLineView>
            rowKey="lineNo"
            size="small"
            dataSource={v.lines}
            pagination={false}
            columns={[
              { title: '#', dataIndex: 'lineNo' },
              {
                title: t('服務類別', 'Service'),
                dataIndex: 'serviceType',
                render: (s: keyof typeof SERVICE_TYPE_LABELS) => t(...SERVICE_TYPE_LABELS[s]),
              },
              { title: t('行業', 'Industry'), dataIndex: 'industry' },
              { title: t('品名', 'Commodity'), dataIndex: 'commodity' },
              { title: t('航線/路線', 'Route'), key: 'route', render: (_, l) => `${l.routeFrom} → ${l.routeTo}` },
              {
                title: t('單位', 'Unit'),
                dataIndex: 'unit',
                render: (u: keyof typeof UNIT_LABELS) => t(...UNIT_LABELS[u]),
              },
              {
                title: t('價格', 'Price'),
                key: 'price',
                align: 'right',
                render: (_, l) =>
                  l.unit === 'percent_of_value' ? `${l.price} %` : <Money amount={l.price} currency={l.currency} />,
              },
              // The budgeted cost only for its readers (api/quotes/budget-access.ts): no empty column for the others.
              ...(may('readCostBudgets')
                ? [
                    {
                      title: t('預算成本', 'Budget cost'),
                      key: 'cost',
                      align: 'right' as const,
                      render: (_: unknown, l: (typeof v.lines)[number]) =>
                        l.unit === 'percent_of_value' ? (
                          `${l.budgetCost} %`
                        ) : (
                          <Money amount={l.budgetCost ?? ''} currency={l.currency} />
                        ),
                    },
                  ]
                : []),
              {
                title: t('有效期', 'Validity'),
                key: 'valid',
                render: (_, l) => (l.validFrom || l.validTo ? `${l.validFrom ?? ''} – ${l.validTo ?? ''}` : '—'),
              },
            ]}
          />
        </Card>
      )}
      <Card title={t('歷程', 'History')}>
        <Timeline
          items={v.history.map((h) => ({
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
        {v.sourceChangeId && (
          <Link to={`/desk/tariff-changes/${v.sourceChangeId}`}>
            {t('來源修改單', 'Source change')} #{v.sourceChangeId}
          </Link>
        )}
      </Card>
    </section>
  );
}
