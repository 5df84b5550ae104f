import { listAuditForRecord } from '../../db/audit.repository';
import { findJob, findJobParts, type JobWithCustomer } from '../../db/job.repository';
import type { JobRow } from '../../db/job.table';
import type { RecordAction } from '../../domain/actions';
import type { JobView } from '../../domain/job';
import { AppError } from '../../lib/errors';
import { formatMoney } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import { JOB_STAGE_LABELS, jobActions, jobStepLabel, type JobActionRule } from '../../machines/job.machine';
import type { Role } from '../../machines/roles';
import { jobWorkflowId } from '../../workflows/ids';
import { jobStatusQuery } from '../../workflows/job.definitions';
import { actingRoles } from '../acting';
import type { CurrentUser } from '../auth';
import { actingScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { historyNamed, historyUserIds } from '../history';
import { receivableLabel } from '../../domain/job-billing';
import { receivableStanding } from '../../domain/ledger';
import { listReceivableBalances } from '../../db/ledger.repository';
import { businessToday } from '../../lib/dates';
import { findDisplayNames } from '../../db/user.repository';
import { QUERY_TIMEOUT_MS } from '../temporal-call';
import { creditWarningsFor } from '../credit/credit-limits';
import { jobCreditHold, toJobCreditHold, withCreditHold } from '../credit/hold';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

/** Roles that follow jobs (see every job); salespeople see their own, sales managers their team's. */
/**
 * The job, or 404 when it does not exist or is out of `user`'s sight — their own and, while they hold a delegation,
 * the delegator's (`actingScopeOf`: a delegated step on a job needs to read it; the step checks its own actor).
 */
export async function loadJob(deps: ApiDeps, user: CurrentUser, jobNo: string): Promise<JobWithCustomer> {
  const [row, scope] = await Promise.all([findJob(deps.db, jobNo), actingScopeOf(deps.db, user)]);
  if (!row || !isInScope(scope, row.owner_id))
    throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.job, jobNo));
  return row;
}

/** A step the job waits for, as answers send it: the step, its labels (the step table's), who may record it, its container. */
export const toWaitingStep = (w: JobRow['waiting'][number]) => ({
  step: w.step,
  ...jobStepLabel(w.step),
  roles: [...w.roles],
  ...(w.container ? { container: w.container } : {}),
});

export const toJobSummary = (r: JobWithCustomer) => ({
  jobNo: r.job_no,
  contractNo: r.contract_no,
  customerNo: r.customer_no,
  customerName: r.customer_name,
  ownerId: r.owner_id,
  direction: r.direction,
  status: r.status,
  stage: r.current_stage,
  stageLabel: r.current_stage ? JOB_STAGE_LABELS[r.current_stage] : null,
  waiting: r.waiting.map(toWaitingStep),
  stageSince: r.stage_since.toISOString(),
  urgent: r.urgent,
  containerType: r.container_type,
  containerCount: r.container_count,
  eta: r.eta,
  createdAt: r.created_at.toISOString(),
});

/** A job action (machines/job.machine.ts `jobActions`) as the API sends it: route, method, and what the body names. */
export type JobRecordAction = RecordAction & { container?: string; override?: boolean; exceptionId?: number };

/** The route of each action kind. */
function toJobRecordAction(jobNo: string, a: JobActionRule): JobRecordAction {
  const base = {
    method: 'POST' as const,
    labelZh: a.labelZh,
    labelEn: a.labelEn,
    commentRequired: false,
    allowed: a.allowed,
    ...(a.reason ? { reason: a.reason } : {}),
  };
  switch (a.kind) {
    case 'step':
      return {
        step: `steps/${a.step}`,
        path: `/jobs/${jobNo}/steps/${a.step}`,
        ...base,
        ...(a.container ? { container: a.container } : {}),
        ...(a.override ? { override: true } : {}),
      };
    case 'raise':
      return { step: 'exceptions', path: `/jobs/${jobNo}/exceptions`, ...base };
    case 'resolve':
    case 'progress':
      return {
        step: `exceptions/${a.exceptionId}/${a.kind}`,
        path: `/jobs/${jobNo}/exceptions/${a.exceptionId}/${a.kind}`,
        ...base,
        exceptionId: a.exceptionId,
      };
  }
}

/**
 * What `roles` may do on the job whose live state is `live` (nothing when the state cannot be read); `raisers`: who
 * raised each exception (its id → user id), who may add progress to it.
 */
export const actionsOf = (
  jobNo: string,
  live: JobView | null,
  roles: readonly Role[],
  userId: string,
  raisers: ReadonlyMap<number, string> = new Map(),
): JobRecordAction[] =>
  live?.context ? jobActions(live.context, roles, userId, raisers).map((a) => toJobRecordAction(jobNo, a)) : [];

/** `known`: the workflow's view just returned by a step, so no Query is needed. */
export async function jobDetail(deps: ApiDeps, user: CurrentUser, jobNo: string, known?: JobView) {
  const row = await loadJob(deps, user, jobNo);
  const [parts, history, live, roles] = await Promise.all([
    findJobParts(deps.db, jobNo),
    listAuditForRecord(deps.db, 'job', jobNo),
    known ??
      deps.temporal
        .withDeadline(Date.now() + QUERY_TIMEOUT_MS, () =>
          deps.temporal.workflow
            .getHandle(jobWorkflowId(deps.temporalConfig.workflowIdPrefix, jobNo))
            .query(jobStatusQuery),
        )
        .catch(() => null),
    actingRoles(deps, user),
  ]);
  // Each receivable's outstanding amount and standing today come from its ledger entries (the ledger's own rule).
  const today = businessToday();
  const balances = new Map(
    (await listReceivableBalances(deps.db, { asOf: today, jobNo })).map((b) => [b.id, b] as const),
  );
  const [credit, creditWarnings] = await Promise.all([
    jobCreditHold(deps.db, row.customer_no, row.job_no),
    row.status === 'completed' ? [] : creditWarningsFor(deps.db, row.customer_no),
  ]);
  const summary = toJobSummary(row);
  // One lookup for every name the answer shows, the history's actors included.
  const names = await findDisplayNames(deps.db, [
    row.owner_id,
    ...parts.exceptions.flatMap((x) => [
      x.raised_by,
      ...(x.resolved_by ? [x.resolved_by] : []),
      ...x.progress.map((p) => p.by),
    ]),
    ...historyUserIds(history),
  ]);
  const timeline = historyNamed(history, names);
  const nameOf = (id: string | null) => (id ? (names.get(id) ?? null) : null);
  return {
    ...summary,
    ownerName: nameOf(row.owner_id),
    ...(live
      ? {
          waiting: live.waiting.map(toWaitingStep),
        }
      : {}),
    quoteNo: row.quote_no,
    stages: row.stages,
    paymentMethod: row.payment_method,
    cargo: row.cargo,
    portOfLoading: row.port_of_loading,
    portOfDischarge: row.port_of_discharge,
    vessel: row.vessel,
    voyage: row.voyage,
    etd: row.etd,
    requiredArrival: row.required_arrival,
    declaredValue:
      row.declared_value && row.declared_value_currency
        ? {
            currency: row.declared_value_currency,
            amount: formatMoney(row.declared_value, row.declared_value_currency),
          }
        : null,
    containers: parts.containers.map((c) => ({
      key: c.container_key,
      containerNo: c.container_no,
      type: c.container_type,
      lastStep: c.last_step,
      lastStepLabelZh: c.last_step ? jobStepLabel(c.last_step).labelZh : null,
      lastStepLabelEn: c.last_step ? jobStepLabel(c.last_step).labelEn : null,
      deliveryDate: c.delivery_date,
      deliveryPlace: c.delivery_place,
      truck: c.truck,
      driver: c.driver,
      driverPhone: c.driver_phone,
      arrivedAt: c.arrived_at?.toISOString() ?? null,
      customerConfirmed: c.customer_confirmed,
      unloadedAt: c.unloaded_at?.toISOString() ?? null,
    })),
    exceptions: parts.exceptions.map((x) => ({
      id: x.id,
      stage: x.stage,
      type: x.type,
      description: x.description,
      status: x.status,
      customerNotifiedAt: x.customer_notified_at?.toISOString() ?? null,
      remedy: x.remedy,
      progress: x.progress.map((p) => ({ ...p, byName: nameOf(p.by) })),
      raisedBy: x.raised_by,
      raisedByName: nameOf(x.raised_by),
      raisedAt: x.raised_at.toISOString(),
      resolvedBy: x.resolved_by,
      resolvedByName: nameOf(x.resolved_by),
      resolvedAt: x.resolved_at?.toISOString() ?? null,
      resolution: x.resolution,
      openMs: (x.resolved_at ?? new Date()).getTime() - x.raised_at.getTime(),
    })),
    receivables: parts.receivables.map((r) => {
      const outstanding = balances.get(r.id)?.outstanding ?? r.amount;
      return {
        label: receivableLabel(r.label),
        source: r.source,
        currency: r.currency.trim(),
        amount: formatMoney(r.amount, r.currency.trim() as Currency),
        outstanding: formatMoney(outstanding, r.currency.trim() as Currency),
        dueDate: r.due_date,
        status: receivableStanding(r.amount, outstanding, r.due_date, today),
      };
    }),
    timeline,
    creditHold: credit ? toJobCreditHold(credit) : null,
    creditWarnings,
    actions: withCreditHold(
      row.job_no,
      actionsOf(row.job_no, live, roles, user.id, new Map(parts.exceptions.map((x) => [x.id, x.raised_by]))),
      credit,
      roles,
      row.status === 'completed',
    ),
  };
}
