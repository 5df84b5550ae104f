/**
 * Where a step's time goes, read from the workflow histories of a sample of the load's quotes: for each
 * step (an Update), the span the Temporal server saw — from the workflow task that took the Update to
 * the Update's completion — split into workflow-task dispatch (scheduled → started: the server's queue
 * and matching), worker time (started → completed: the workflow code, and local activities, which run
 * inside the task), task-queue activities (queue wait and run) and the rest (the server persisting and
 * answering). What the HTTP latency has beyond that span is the API's own work: authentication, the
 * database reads before the step, the Update round trip and building the answer.
 */
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import proto from '@temporalio/proto';
import { quoteWorkflowId } from '../workflows/ids';
import type { LoadRun, StepSample } from './chains';
import type { Stack } from './stack';
import { round, summarize } from './stats';

const E = proto.temporal.api.enums.v1.EventType;
type History = proto.temporal.api.history.v1.IHistory;

interface StepBreakdown {
  step: string;
  samples: number;
  /** Medians, milliseconds. */
  httpMs: number;
  apiMs: number;
  temporalMs: number;
  taskDispatchMs: number;
  workerMs: number;
  activityQueueMs: number;
  activityRunMs: number;
  serverMs: number;
}

export interface Breakdown {
  /** Quotes whose histories were read. */
  chains: number;
  steps: StepBreakdown[];
  /** Medians over every sampled step. */
  all: StepBreakdown;
}

interface Span {
  temporalMs: number;
  taskDispatchMs: number;
  workerMs: number;
  activityQueueMs: number;
  activityRunMs: number;
}

const toMs = (t: { seconds?: unknown; nanos?: number | null } | null | undefined) =>
  t ? Number(String(t.seconds ?? 0)) * 1000 + (t.nanos ?? 0) / 1e6 : Number.NaN;

/** Update id (or 'create' for the view update that answered POST /quotes) → span. */
function spansOf(history: History): Map<string, Span> {
  const spans = new Map<string, Span>();
  let startedAt = Number.NaN;
  // The last workflow task: an Update is accepted by the task that completes just before its Accepted event.
  let wft = { scheduled: Number.NaN, started: Number.NaN, completed: Number.NaN };
  const open = new Map<string, Omit<Span, 'temporalMs'> & { begin: number }>();
  const scheduled = new Map<string, number>();
  const started = new Map<string, number>();
  for (const ev of history.events ?? []) {
    const t = toMs(ev.eventTime);
    switch (ev.eventType) {
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_STARTED:
        startedAt = t;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_SCHEDULED:
        wft = { scheduled: t, started: Number.NaN, completed: Number.NaN };
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_STARTED:
        wft.started = t;
        break;
      case E.EVENT_TYPE_WORKFLOW_TASK_COMPLETED:
        wft.completed = t;
        for (const o of open.values()) {
          o.taskDispatchMs += wft.started - wft.scheduled;
          o.workerMs += wft.completed - wft.started;
        }
        break;
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_ACCEPTED: {
        const a = ev.workflowExecutionUpdateAcceptedEventAttributes;
        // The create's span begins with the start: POST /quotes starts the workflow with its first Update.
        const create = a?.acceptedRequest?.input?.name === 'quote.view';
        open.set(create ? 'create' : (a?.acceptedRequest?.meta?.updateId ?? ''), {
          begin: create ? startedAt : wft.scheduled,
          taskDispatchMs: wft.started - wft.scheduled,
          workerMs: wft.completed - wft.started,
          activityQueueMs: 0,
          activityRunMs: 0,
        });
        break;
      }
      case E.EVENT_TYPE_ACTIVITY_TASK_SCHEDULED:
        scheduled.set(String(ev.eventId), t);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_STARTED:
        started.set(String(ev.activityTaskStartedEventAttributes?.scheduledEventId), t);
        break;
      case E.EVENT_TYPE_ACTIVITY_TASK_COMPLETED: {
        const sid = String(ev.activityTaskCompletedEventAttributes?.scheduledEventId);
        const s = scheduled.get(sid) ?? Number.NaN;
        const st = started.get(sid) ?? s;
        for (const o of open.values()) {
          o.activityQueueMs += st - s;
          o.activityRunMs += t - st;
        }
        break;
      }
      case E.EVENT_TYPE_WORKFLOW_EXECUTION_UPDATE_COMPLETED: {
        const id = ev.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ?? '';
        const key = open.has(id) ? id : open.has('create') ? 'create' : id;
        const o = open.get(key);
        if (o) {
          const { begin, ...parts } = o;
          spans.set(key, { temporalMs: t - begin, ...parts });
          open.delete(key);
        }
        break;
      }
      default:
        break;
    }
  }
  return spans;
}

/** One history as a timeline (ms since start, event type), to see where a step waits. */
function timeline(quoteNo: string, history: History): string {
  const events = history.events ?? [];
  const t0 = toMs(events[0]?.eventTime);
  const names = Object.fromEntries(Object.entries(E).map(([k, v]) => [v, k.replace('EVENT_TYPE_', '')]));
  const lines = events.map((ev) => {
    const upd =
      ev.workflowExecutionUpdateAcceptedEventAttributes?.acceptedRequest?.meta?.updateId ??
      ev.workflowExecutionUpdateCompletedEventAttributes?.meta?.updateId ??
      '';
    const act = ev.activityTaskScheduledEventAttributes?.activityType?.name ?? '';
    return `${(toMs(ev.eventTime) - t0).toFixed(1).padStart(10)}  ${String(ev.eventId).padStart(4)}  ${names[ev.eventType ?? 0] ?? ev.eventType}  ${upd}${act}`;
  });
  return [`quote ${quoteNo}`, ...lines].join('\n') + '\n';
}

const med = (xs: number[]) => summarize(xs.filter(Number.isFinite)).p50;

function combine(step: string, rows: { http: number; span: Span }[]): StepBreakdown {
  const m = (f: (r: { http: number; span: Span }) => number) => med(rows.map(f));
  return {
    step,
    samples: rows.length,
    httpMs: m((r) => r.http),
    apiMs: m((r) => r.http - r.span.temporalMs),
    temporalMs: m((r) => r.span.temporalMs),
    taskDispatchMs: m((r) => r.span.taskDispatchMs),
    workerMs: m((r) => r.span.workerMs),
    activityQueueMs: m((r) => r.span.activityQueueMs),
    activityRunMs: m((r) => r.span.activityRunMs),
    serverMs: m(
      (r) =>
        r.span.temporalMs - r.span.taskDispatchMs - r.span.workerMs - r.span.activityQueueMs - r.span.activityRunMs,
    ),
  };
}

export async function breakdown(stack: Stack, load: LoadRun, sample: number): Promise<Breakdown | null> {
  // Quotes with steps answered inside the measurement window, finished chains or not, evenly spread.
  const byQuote = new Map<string, StepSample[]>();
  for (const s of load.samples) {
    if (!s.quoteNo || s.startedAt < load.windowStart || s.endedAt > load.windowEnd) continue;
    const xs = byQuote.get(s.quoteNo) ?? [];
    xs.push(s);
    byQuote.set(s.quoteNo, xs);
  }
  const quotes = [...byQuote.keys()];
  if (sample === 0 || quotes.length === 0) return null;
  const every = Math.max(1, Math.floor(quotes.length / sample));
  const chosen = quotes.filter((_, i) => i % every === 0).slice(0, sample);
  const rows = new Map<string, { http: number; span: Span }[]>();
  for (const quoteNo of chosen) {
    const history = await stack.temporal.workflow
      .getHandle(quoteWorkflowId(stack.temporalConfig.workflowIdPrefix, quoteNo))
      .fetchHistory();
    const spans = spansOf(history);
    if (quoteNo === chosen[0]) await writeFile(join(stack.runDir, 'history-sample.txt'), timeline(quoteNo, history));
    for (const s of byQuote.get(quoteNo) ?? []) {
      const span = spans.get(s.step === 'create' ? 'create' : s.key);
      if (!span || s.status >= 300) continue;
      const xs = rows.get(s.step) ?? [];
      xs.push({ http: s.ms, span });
      rows.set(s.step, xs);
    }
  }
  const steps = [...rows.entries()].map(([step, xs]) => combine(step, xs));
  const all = combine('all', [...rows.values()].flat());
  for (const s of [...steps, all])
    for (const k of [
      'httpMs',
      'apiMs',
      'temporalMs',
      'taskDispatchMs',
      'workerMs',
      'activityQueueMs',
      'activityRunMs',
      'serverMs',
    ] as const)
      s[k] = round(s[k], 1);
  return { chains: chosen.length, steps, all };
}
