/** Shapes of the job screens, from the generated API types. */
import type { RecordAction } from '../../api/actions';
import type { paths } from '../../api/schema';

/** A job action (GET /jobs/{no} `actions`): a RecordAction plus what its body must name. */
export type JobAction = RecordAction & { container?: string; override?: boolean; exceptionId?: number };

/** One container of the job and its transport facts (timestamps ISO, dates YYYY-MM-DD). */
export interface JobContainer {
  key: string;
  containerNo: string | null;
  type: string;
  lastStep: string | null;
  /** The last step's name (the API's, from the job step table). */
  lastStepLabelZh: string | null;
  lastStepLabelEn: string | null;
  deliveryDate: string | null;
  deliveryPlace: string | null;
  truck: string | null;
  driver: string | null;
  driverPhone: string | null;
  arrivedAt: string | null;
  customerConfirmed: boolean;
  unloadedAt: string | null;
}

/** One exception of the job with its progress notes; `openMs` how long open (until resolved or now). */
export interface JobException {
  id: number;
  stage: string;
  type: string;
  description: string;
  status: 'open' | 'resolved';
  customerNotifiedAt: string | null;
  remedy: string | null;
  progress: { at: string; by: string; byName: string | null; note: string }[];
  raisedBy: string;
  raisedByName: string | null;
  raisedAt: string;
  resolvedBy: string | null;
  resolvedByName: string | null;
  resolvedAt: string | null;
  resolution: string | null;
  openMs: number;
}

/** One audit row of the job's timeline. */
export interface JobTimelineEntry {
  at: string;
  actorId: string;
  actorName: string | null;
  actorRole: string;
  onBehalfOf: string | null;
  onBehalfOfName: string | null;
  action: string;
  /** The step's name (domain/labels.ts), and the stages before and after. */
  actionLabel: { zh: string; en: string };
  fromState: string | null;
  fromStateLabel: { zh: string; en: string } | null;
  toState: string | null;
  toStateLabel: { zh: string; en: string } | null;
  comment: string | null;
  changes: Record<string, unknown> | null;
}

type JobDetailApi = paths['/jobs/{jobNo}']['get']['responses']['200']['content']['application/json'];
/** GET /jobs/{no}, with the parts the OpenAPI document types loosely given their shape. */
export type JobDetail = Omit<JobDetailApi, 'containers' | 'exceptions' | 'timeline' | 'actions'> & {
  containers: JobContainer[];
  exceptions: JobException[];
  timeline: JobTimelineEntry[];
  actions?: JobAction[];
};
export type FollowUpItem =
  paths['/boards/order-follow-up']['get']['responses']['200']['content']['application/json']['items'][number];

/**
 * A duration in ms as a label `[zh, en]` — `['3 天 4 小時', '3 d 4 h']` (lib/durations.ts, shared with the API);
 * the desk prints both halves (`t.label(durationLabel(ms))`), never one language alone.
 */
export { durationLabel } from '../../../../lib/durations';
