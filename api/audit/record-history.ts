/**
 * GET /audit/records/:recordType/:recordId/history — one time-ordered history of a record: the domain
 * audit rows, the steps workflows refused, and every event of the record's Temporal workflow (updates,
 * activities with their attempts and failures, timers), with a link to the Temporal Web UI.
 */
// CommonJS package: Node's ESM loader sees only its default export.
import proto from '@temporalio/proto';

import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { listAuditForRecord, listStepRejections } from '../../db/audit.repository';
import { findDisplayNames } from '../../db/user.repository';
import { eventLabel, roleLabel, type Label } from '../../domain/labels';
import { formatDuration } from '../../lib/durations';
import { jobWorkflowId, tariffChangeWorkflowId, quoteWorkflowId, tariffWorkflowId } from '../../workflows/ids';
import { currentUser, requireRole } from '../auth';
import { mayReadBudget } from '../quotes/budget-access';
import type { ApiDeps } from '../deps';
import { errorResponses, LabelView } from '../schemas';
import { toAuditEntries } from './convert';
import { AUDIT_READERS, RecordParams } from './schemas';

const { temporal } = proto;

const EventType = temporal.api.enums.v1.EventType;
type HistoryEvent = proto.temporal.api.history.v1.IHistoryEvent;

const Entry = z.object({
  at: z.string(),
  source: z.enum(['audit', 'rejection', 'workflow']),
  kind: z.string().describe('The audit action, `<event>.refused`, or the Temporal event type'),
  summary: z.string(),
  label: LabelView.describe(
    'What happened, in each language: people by display name, events, states and roles by label, durations as days and hours',
  ),
  detail: z.record(z.string(), z.unknown()),
});

const workflowIdOf = (deps: ApiDeps, type: string, id: string): string | null => {
  const prefix = deps.temporalConfig.workflowIdPrefix;
  if (type === 'tariff') return tariffWorkflowId(prefix, Number(id));
  if (type === 'tariff_change') return tariffChangeWorkflowId(prefix, Number(id));
  if (type === 'quote') return quoteWorkflowId(prefix, id);
  if (type === 'job') return jobWorkflowId(prefix, id);
  return null;
};

const toIso = (t: HistoryEvent['eventTime']) =>
  new Date(Number(t?.seconds ?? 0) * 1000 + Math.floor((t?.nanos ?? 0) / 1e6)).toISOString();

/**
 * The Temporal events an auditor reads, named in both languages (by the event type's key, `kind`): what the
 * record's workflow did, in words — the event key, handler, activity and update ids stay in `kind`, `summary`
 * and `detail`, shown second. An event type not listed reads 「流程事件 Workflow event」 with its key.
 */
export const WORKFLOW_EVENT_LABELS: Readonly<Record<string, Label>> = {
  workflow_execution_started: { zh: '流程已啟動', en: 'Process started' },
  workflow_execution_completed: { zh: '流程已完成', en: 'Process completed' },
  workflow_execution_failed: { zh: '流程失敗', en: 'Process failed' },
  workflow_execution_terminated: { zh: '流程被終止', en: 'Process terminated' },
  workflow_execution_canceled: { zh: '流程已取消', en: 'Process cancelled' },
  workflow_execution_continued_as_new: { zh: '流程接續為新的執行', en: 'Process continued as a new run' },
  workflow_execution_update_accepted: { zh: '步驟請求已通過檢查並接受', en: 'Step request checked and accepted' },
  workflow_execution_update_completed: { zh: '步驟已完成', en: 'Step completed' },
  workflow_execution_signaled: { zh: '流程收到通知', en: 'Process notified' },
  workflow_task_scheduled: { zh: '流程處理已排程', en: 'Process task scheduled' },
  workflow_task_started: { zh: '流程處理開始', en: 'Process task started' },
  workflow_task_completed: { zh: '流程處理完成', en: 'Process task completed' },
  workflow_task_failed: { zh: '流程處理失敗', en: 'Process task failed' },
  workflow_task_timed_out: { zh: '流程處理逾時', en: 'Process task timed out' },
  activity_task_scheduled: { zh: '系統工作已排程', en: 'System task scheduled' },
  activity_task_started: { zh: '系統工作開始', en: 'System task started' },
  activity_task_completed: { zh: '系統工作完成', en: 'System task completed' },
  activity_task_failed: { zh: '系統工作失敗', en: 'System task failed' },
  activity_task_timed_out: { zh: '系統工作逾時', en: 'System task timed out' },
  timer_started: { zh: '計時器啟動', en: 'Timer started' },
  timer_fired: { zh: '計時器到期', en: 'Timer fired' },
  timer_canceled: { zh: '計時器取消', en: 'Timer cancelled' },
  marker_recorded: { zh: '系統工作完成（本地）', en: 'System task completed (local)' },
  upsert_workflow_search_attributes: { zh: '更新流程查詢欄位', en: 'Process search fields updated' },
  workflow_properties_modified: { zh: '更新流程屬性', en: 'Process properties updated' },
};

/** A workflow event's name in both languages (WORKFLOW_EVENT_LABELS), an unlisted one by its key. */
const workflowEventLabel = (kind: string): Label =>
  WORKFLOW_EVENT_LABELS[kind] ?? { zh: `流程事件（${kind}）`, en: `Workflow event (${kind})` };

/** The few facts of a Temporal event an auditor needs; payloads stay encoded. */
function describe(e: HistoryEvent): { kind: string; summary: string; label: Label; detail: Record<string, unknown> } {
  const kind = (EventType[e.eventType ?? 0] ?? 'UNKNOWN').replace(/^EVENT_TYPE_/, '').toLowerCase();
  const d: Record<string, unknown> = { eventId: Number(e.eventId ?? 0) };
  let summary = kind.replace(/_/g, ' ');
  const a = e.workflowExecutionUpdateAcceptedEventAttributes;
  if (a) {
    d.updateId = a.protocolInstanceId;
    d.handler = a.acceptedRequest?.input?.name;
    summary = `update ${d.handler} accepted by the validator (id ${d.updateId})`;
  }
  const c = e.workflowExecutionUpdateCompletedEventAttributes;
  if (c) {
    d.updateId = c.meta?.updateId;
    d.outcome = c.outcome?.failure ? 'failed' : 'completed';
    if (c.outcome?.failure) d.failure = c.outcome.failure.message;
    summary = `update ${d.updateId} ${d.outcome}`;
  }
  const sch = e.activityTaskScheduledEventAttributes;
  if (sch) {
    d.activity = sch.activityType?.name;
    summary = `activity ${d.activity} scheduled`;
  }
  const st = e.activityTaskStartedEventAttributes;
  if (st) {
    d.attempt = st.attempt;
    if (st.lastFailure) d.lastFailure = st.lastFailure.message;
    summary = `activity started, attempt ${st.attempt}${st.lastFailure ? ` (retry after: ${st.lastFailure.message})` : ''}`;
  }
  const fl = e.activityTaskFailedEventAttributes;
  if (fl) {
    d.failure = fl.failure?.message;
    summary = `activity failed: ${fl.failure?.message}`;
  }
  const ts = e.timerStartedEventAttributes;
  let label: Label | null = null;
  if (ts) {
    d.timerId = ts.timerId;
    const seconds = Number(ts.startToFireTimeout?.seconds ?? 0);
    d.seconds = seconds;
    const ms = seconds * 1000;
    summary = `timer ${ts.timerId} started for ${formatDuration(ms, 'en')}`;
    label = {
      zh: `計時器 ${ts.timerId} 啟動，${formatDuration(ms, 'zh-Hant')}後到期`,
      en: `timer ${ts.timerId} started for ${formatDuration(ms, 'en')}`,
    };
  }
  const mk = e.markerRecordedEventAttributes;
  if (mk?.markerName === 'core_local_activity') {
    // The marker's own data (not the step's payloads) is plain JSON: activity type and attempt.
    try {
      const raw = mk.details?.data?.payloads?.[0]?.data;
      const info = raw
        ? (JSON.parse(Buffer.from(raw).toString('utf8')) as { activity_type?: string; attempt?: number })
        : {};
      d.activity = info.activity_type;
      d.attempt = info.attempt;
      summary = `local activity ${info.activity_type ?? ''} completed, attempt ${info.attempt ?? 1}`;
    } catch {
      summary = 'local activity completed';
    }
  }
  if (e.timerFiredEventAttributes) summary = `timer ${e.timerFiredEventAttributes.timerId} fired`;
  if (e.workflowExecutionStartedEventAttributes) {
    d.workflowType = e.workflowExecutionStartedEventAttributes.workflowType?.name;
    summary = `workflow ${d.workflowType} started`;
  }
  return { kind, summary, label: label ?? eventText(kind, d), detail: d };
}

/** An event's words in each language: its name, then what an auditor needs of it (attempt, outcome, failure). */
function eventText(kind: string, d: Record<string, unknown>): Label {
  const name = workflowEventLabel(kind);
  const attempt = typeof d.attempt === 'number' && d.attempt > 1 ? d.attempt : null;
  const failure = typeof d.failure === 'string' ? d.failure : typeof d.lastFailure === 'string' ? d.lastFailure : null;
  const failed = d.outcome === 'failed';
  return {
    zh: `${failed ? '步驟失敗' : name.zh}${attempt ? `（第 ${attempt} 次嘗試）` : ''}${failure ? `：${failure}` : ''}`,
    en: `${failed ? 'Step failed' : name.en}${attempt ? ` (attempt ${attempt})` : ''}${failure ? `: ${failure}` : ''}`,
  };
}

const both = (f: (lang: 'zh' | 'en') => string): Label => ({ zh: f('zh'), en: f('en') });

export function recordHistoryRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/audit/records/:recordType/:recordId/history',
      {
        schema: {
          tags: ['audit'],
          summary: 'Merged history of a record: audit rows, refused steps and its Temporal workflow events (auditors)',
          params: RecordParams,
          querystring: z.strictObject({ workflowTasks: z.enum(['true', 'false']).default('false') }),
          response: {
            200: z.object({
              recordType: z.string(),
              recordId: z.string(),
              workflowId: z.string().nullable(),
              temporalUiUrl: z.string().nullable(),
              entries: z.array(Entry),
            }),
            ...errorResponses,
          },
        },
      },
      async (req) => {
        requireRole(req, AUDIT_READERS, 'read record histories');
        const { recordType, recordId } = req.params;
        const workflowId = workflowIdOf(deps, recordType, recordId);
        const [audit, rejections, budgetReader] = await Promise.all([
          listAuditForRecord(deps.db, recordType, recordId),
          listStepRejections(deps.db, recordType, recordId),
          mayReadBudget(deps, currentUser(req)),
        ]);
        const [auditEntries, names] = await Promise.all([
          toAuditEntries(deps.db, audit, budgetReader),
          findDisplayNames(
            deps.db,
            rejections.map((r) => r.actor_id),
          ),
        ]);
        const entries: z.infer<typeof Entry>[] = [
          ...auditEntries.map((e) => ({
            at: e.at,
            source: 'audit' as const,
            kind: e.action,
            summary: `${e.actorId} (${e.actorRole}${e.onBehalfOf ? `, on behalf of ${e.onBehalfOf}` : ''}): ${e.action}${e.fromState || e.toState ? ` ${e.fromState ?? '∅'} → ${e.toState ?? '∅'}` : ''}${e.comment ? ` — ${e.comment}` : ''}`,
            label: both(
              (l) =>
                `${e.actorName ?? e.actorId} (${roleLabel(e.actorRole)[l]}${
                  e.onBehalfOf ? `${l === 'zh' ? '，代 ' : ', on behalf of '}${e.onBehalfOfName ?? e.onBehalfOf}` : ''
                }): ${e.actionLabel[l]}${
                  e.fromStateLabel || e.toStateLabel
                    ? ` · ${e.fromStateLabel?.[l] ?? '—'} → ${e.toStateLabel?.[l] ?? '—'}`
                    : ''
                }${e.comment ? ` — ${e.comment}` : ''}`,
            ),
            detail: e as unknown as Record<string, unknown>,
          })),
          ...rejections.map((r) => ({
            at: r.occurred_at.toISOString(),
            source: 'rejection' as const,
            kind: `${r.event}.refused`,
            summary: `${r.actor_id} (${r.actor_role}) tried ${r.event}: refused by the validator (${r.code}) — ${r.message}`,
            label: both(
              (l) =>
                `${names.get(r.actor_id) ?? r.actor_id} (${roleLabel(r.actor_role)[l]})${
                  l === 'zh' ? ' 嘗試「' : ' tried “'
                }${eventLabel(r.event)[l]}${l === 'zh' ? '」被拒' : '”: refused'} (${r.code}) — ${r.message}`,
            ),
            detail: {
              actorId: r.actor_id,
              actorRole: r.actor_role,
              onBehalfOf: r.on_behalf_of,
              event: r.event,
              code: r.code,
              message: r.message,
              idempotencyKey: r.idempotency_key,
            },
          })),
        ];
        let temporalUiUrl: string | null = null;
        if (workflowId) {
          temporalUiUrl = `${deps.temporalConfig.uiUrl}/namespaces/${encodeURIComponent(deps.temporalConfig.namespace)}/workflows/${encodeURIComponent(workflowId)}`;
          try {
            const history = await deps.temporal.workflow.getHandle(workflowId).fetchHistory();
            for (const e of history.events ?? []) {
              const d = describe(e);
              if (req.query.workflowTasks === 'false' && d.kind.startsWith('workflow_task_')) continue;
              entries.push({ at: toIso(e.eventTime), source: 'workflow', ...d });
            }
          } catch (err) {
            entries.push({
              at: new Date().toISOString(),
              source: 'workflow',
              kind: 'unavailable',
              summary: `workflow history not available: ${(err as Error).message.split('\n')[0]}`,
              label: {
                zh: `無法讀取流程歷程：${(err as Error).message.split('\n')[0]}`,
                en: `workflow history not available: ${(err as Error).message.split('\n')[0]}`,
              },
              detail: {},
            });
          }
        }
        entries.sort((x, y) => x.at.localeCompare(y.at));
        return { recordType, recordId, workflowId, temporalUiUrl, entries };
      },
    );
  };
}
