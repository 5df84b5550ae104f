/**
 * A record's merged history 記錄歷程 (auditors): audit rows, refused steps with their reason, and the
 * events of its Temporal workflow (updates, activities with attempts and failures, timers) in time order,
 * with a link to the same workflow in the Temporal Web UI, and the record's step durations.
 */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { ErrorState } from '../../components/ErrorState';
import { Checkbox, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { useState } from 'react';
import { Link, useParams } from 'react-router';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, RECORD_TYPE_LABELS } from '../../format/labels';
import { AUDITED_RECORD_TYPES } from '../../../../domain/record-types';
import { useT } from '../../i18n';
import { StepDurations } from './StepDurations';
import { Timeline } from '../../components/Timeline';

type RecordType = paths['/audit/records/{recordType}/{recordId}/history']['get']['parameters']['path']['recordType'];
type Entry =
  paths['/audit/records/{recordType}/{recordId}/history']['get']['responses']['200']['content']['application/json']['entries'][number];

const SOURCE_COLOR: Record<Entry['source'], string> = { audit: 'blue', rejection: 'red', workflow: 'gray' };

export default function RecordHistoryPage() {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const { recordType = 'quote', recordId = '' } = useParams();
  const [sources, setSources] = useState<Entry['source'][]>(['audit', 'rejection', 'workflow']);
  // Every audited type has a history (domain/record-types.ts); a typed-in address of another is not sent.
  const known = (AUDITED_RECORD_TYPES as readonly string[]).includes(recordType);
  const q = useQuery({
    enabled: known,
    queryKey: ['audit', 'history', recordType, recordId],
    queryFn: () =>
      unwrap(
        api.GET('/audit/records/{recordType}/{recordId}/history', {
          params: { path: { recordType: recordType as RecordType, recordId }, query: { workflowTasks: 'false' } },
        }),
      ),
  });
  const h = q.data;
  const sourceLabel = (s: Entry['source']) =>
    ({
      audit: t('審計紀錄', 'Audit row'),
      rejection: t('被拒步驟', 'Refused step'),
      workflow: t('流程事件', 'Workflow event'),
    })[s];
  const durationsType = (['quote', 'tariff', 'tariff_change', 'job'] as const).find((x) => x === recordType);
  if (!known) return <ErrorState kind="not_found" title={['沒有此記錄類別', 'No such record type']} />;
  return (
    <section aria-labelledby="history-title">
      <Typography.Title level={2} id="history-title" style={{ fontSize: 22 }}>
        {t('記錄歷程', 'Record history')} · {t.label(labelOf(RECORD_TYPE_LABELS, recordType))} {recordId}
      </Typography.Title>
      <Space style={{ marginBottom: 12 }} wrap>
        <Link to="/desk/audit">← {t('審計', 'Audit')}</Link>
        {h?.temporalUiUrl && (
          <a href={h.temporalUiUrl} target="_blank" rel="noreferrer" data-testid="temporal-ui-link">
            {t('在 Temporal Web UI 打開', 'Open in the Temporal Web UI')} ({h.workflowId})
          </a>
        )}
        <Checkbox.Group
          aria-label={t('來源', 'Sources')}
          value={sources}
          onChange={(v) => setSources(v as Entry['source'][])}
          options={(['audit', 'rejection', 'workflow'] as const).map((s) => ({ value: s, label: sourceLabel(s) }))}
        />
      </Space>
      <ReadState read={q} compact />
      {h && h.entries.length === 0 && (
        <Typography.Paragraph data-testid="history-empty">
          {t('此記錄沒有任何審計紀錄或流程事件', 'No audit rows or workflow events for this record')}
        </Typography.Paragraph>
      )}
      {h && h.entries.length > 0 && (
        <Card size="small" style={{ marginBottom: 16 }}>
          <Timeline
            data-testid="history-timeline"
            items={h.entries
              .filter((e) => sources.includes(e.source))
              .map((e) => ({
                color: SOURCE_COLOR[e.source],
                children: (
                  <div data-testid={`history-${e.source}`}>
                    <Space size={4} wrap>
                      <Typography.Text type="secondary">{formatDateTime(e.at, businessTimeZone)}</Typography.Text>
                      <Tag color={e.source === 'workflow' ? undefined : SOURCE_COLOR[e.source]}>
                        {sourceLabel(e.source)}
                      </Tag>
                    </Space>
                    {/* What happened in each language, each on its own line; the internal key and ids after, secondary. */}
                    <div>{t.stacked(e.label.zh, e.label.en)}</div>
                    {e.source === 'workflow' && (
                      <Typography.Text type="secondary" style={{ fontSize: 12 }} data-testid="history-internal">
                        {e.kind} · {e.summary}
                      </Typography.Text>
                    )}
                  </div>
                ),
              }))}
          />
        </Card>
      )}
      {durationsType && (
        <Card size="small" title={t('各步驟停留時間', 'Time in each step')}>
          <StepDurations recordType={durationsType} recordId={recordId} />
        </Card>
      )}
    </section>
  );
}
