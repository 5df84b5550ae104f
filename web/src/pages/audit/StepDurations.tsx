/** Step durations 步驟耗時: per step across records (count, average, p50, p95, max) as a table and a bar chart; each stay of one record. */
import { useQuery } from '@tanstack/react-query';
import { ReadState } from '../../components/ReadState';
import { Input, Space } from 'antd';
import { Card } from '../../components/Card';
import { DataTable } from '../../components/DataTable';
import { lazy, Suspense, useState } from 'react';
import { api, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import { formatDateTime } from '../../format/dates';
import { labelOf, RECORD_TYPE_LABELS } from '../../format/labels';
import { useT } from '../../i18n';
import { durationLabel } from '../jobs/jobTypes';
import { Picker } from '../../components/Picker';

type RecordType = NonNullable<paths['/audit/step-durations']['get']['parameters']['query']>['recordType'];
type Durations = paths['/audit/step-durations']['get']['responses']['200']['content']['application/json'];

// recharts is a chunk of its own, loaded when the chart is drawn: the table comes first (issue 11).
const StepDurationsChart = lazy(() => import('./StepDurationsChart'));

const hours = (ms: number | null) => (ms === null ? 0 : Math.round((ms / 3_600_000) * 100) / 100);

export function StepDurations({
  recordType: fixedType,
  recordId: fixedId,
}: {
  recordType?: RecordType;
  recordId?: string;
}) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const [recordType, setRecordType] = useState<RecordType>(fixedType ?? 'quote');
  const [recordId, setRecordId] = useState(fixedId ?? '');
  const q = useQuery({
    queryKey: ['audit', 'step-durations', recordType, recordId.trim()],
    queryFn: () =>
      unwrap(
        api.GET('/audit/step-durations', {
          params: { query: { recordType, ...(recordId.trim() ? { recordId: recordId.trim() } : {}) } },
        }),
      ),
  });
  const d: Durations | undefined = q.data;
  // A state by its name (草稿 Draft), as the audit log tab names it — never the raw key.
  const stepName = (l: { zh: string; en: string }) => t(l.zh, l.en);
  const dur = (ms: number | null) => (ms === null ? '—' : t.label(durationLabel(ms)));
  return (
    <div data-testid="step-durations">
      {!fixedType && (
        <Space style={{ marginBottom: 12 }}>
          <Picker<RecordType>
            aria-label={t('記錄類型', 'Record type')}
            value={recordType}
            onChange={(v) => v && setRecordType(v)}
            style={{ width: 160 }}
            options={(['quote', 'tariff', 'tariff_change', 'job'] as const).map((r) => ({
              value: r,
              label: t.label(labelOf(RECORD_TYPE_LABELS, r)),
            }))}
          />
          <Input.Search
            allowClear
            aria-label={t('記錄編號（可選）', 'Record no. (optional)')}
            placeholder={t('記錄編號（可選）', 'Record no. (optional)')}
            onSearch={setRecordId}
            style={{ width: 220 }}
          />
        </Space>
      )}
      <ReadState read={q} compact />
      {d && (
        <>
          <DataTable
            rowKey="step"
            size="small"
            pagination={false}
            dataSource={d.steps}
            style={{ marginBottom: 16 }}
            columns={[
              { title: t('步驟/狀態', 'Step / state'), key: 'step', render: (_, r) => stepName(r.stepLabel) },
              { title: t('已完成', 'Completed'), dataIndex: 'completed', key: 'completed', align: 'right' },
              { title: t('進行中', 'Open'), dataIndex: 'open', key: 'open', align: 'right' },
              { title: t('平均', 'Average'), key: 'avg', align: 'right', render: (_, r) => dur(r.avgMs) },
              { title: 'P50', key: 'p50', align: 'right', render: (_, r) => dur(r.p50Ms) },
              { title: 'P95', key: 'p95', align: 'right', render: (_, r) => dur(r.p95Ms) },
              { title: t('最長', 'Longest'), key: 'max', align: 'right', render: (_, r) => dur(r.maxMs) },
            ]}
          />
          {d.steps.length > 0 && (
            <Card size="small" style={{ marginBottom: 16 }}>
              <div
                role="img"
                aria-label={t('各步驟平均及 P95 耗時（小時）', 'Average and P95 hours per step')}
                style={{ width: '100%', height: 280 }}
              >
                <Suspense fallback={null}>
                  <StepDurationsChart
                    data={d.steps.map((s) => ({
                      step: stepName(s.stepLabel),
                      avg: hours(s.avgMs),
                      p95: hours(s.p95Ms),
                    }))}
                    avgLabel={t('平均（小時）', 'Average (h)')}
                    p95Label={t('P95（小時）', 'P95 (h)')}
                  />
                </Suspense>
              </div>
            </Card>
          )}
          {(fixedId || recordId.trim()) && (
            <DataTable
              rowKey={(r) => `${r.recordId}:${r.step}:${r.enteredAt}`}
              size="small"
              pagination={false}
              dataSource={d.stays}
              columns={[
                { title: t('步驟/狀態', 'Step / state'), key: 'step', render: (_, r) => stepName(r.stepLabel) },
                {
                  title: t('進入', 'Entered'),
                  key: 'in',
                  render: (_, r) => formatDateTime(r.enteredAt, businessTimeZone),
                },
                {
                  title: t('離開', 'Left'),
                  key: 'out',
                  render: (_, r) => (r.open ? t('仍在此步', 'still here') : formatDateTime(r.leftAt, businessTimeZone)),
                },
                { title: t('耗時', 'Time'), key: 'ms', align: 'right', render: (_, r) => dur(r.ms) },
              ]}
            />
          )}
        </>
      )}
    </div>
  );
}
