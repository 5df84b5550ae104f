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
import { requireRole } from '../auth';
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
  return { kind, summary, label: label ?? { zh: summary, en: summary }, detail: d };
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
        const [audit, rejections] = await Promise.all([
          listAuditForRecord(deps.db, recordType, recordId),
          listStepRejections(deps.db, recordType, recordId),
        ]);
        const [auditEntries, names] = await Promise.all([
          toAuditEntries(deps.db, audit),
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
