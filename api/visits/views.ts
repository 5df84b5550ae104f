/** Visit rows → API views: names, labels, follow-ups, the caller's actions, the customer's service record. */
import type { Kysely } from 'kysely';
import type { Database } from '../../db/database';
import { listReceivableBalances } from '../../db/ledger.repository';
import { isPastDue } from '../../domain/ledger';
import { findDisplayNames } from '../../db/user.repository';
import { findCustomerService, listFollowUps } from '../../db/visit.repository';
import type { VisitFollowUpRow, VisitRow } from '../../db/visit.table';
import type { RecordAction } from '../../domain/actions';
import { stateLabel } from '../../domain/labels';
import { needsReconfirm, visitSteps, type VisitStep } from '../../domain/visit';
import { businessToday } from '../../lib/dates';
import { Decimal, formatMoney } from '../../lib/money';
import type { Currency } from '../../machines/catalog';
import type { CurrentUser } from '../auth';

const STEP_LABELS: Record<VisitStep, { zh: string; en: string; confirm?: boolean; comment?: boolean }> = {
  appointment: { zh: '確認預約', en: 'Confirm appointment' },
  record: { zh: '填寫訪問表', en: 'Record the visit' },
  cancel: { zh: '取消拜訪', en: 'Cancel the visit', confirm: true, comment: true },
};

/** The steps `user` may take on a visit now: its salesperson's, while planned. */
export function visitActions(user: CurrentUser, v: VisitRow): RecordAction[] {
  if (user.role !== 'sales' || user.id !== v.owner_id) return [];
  return visitSteps(v.status).map((step) => ({
    step,
    method: 'POST' as const,
    path: `/visits/${v.id}/${step}`,
    labelZh: STEP_LABELS[step].zh,
    labelEn: STEP_LABELS[step].en,
    commentRequired: STEP_LABELS[step].comment ?? false,
    allowed: true,
    ...(STEP_LABELS[step].confirm ? { confirm: true } : {}),
  }));
}

const followUpView = (f: VisitFollowUpRow, names: Map<string, string>, today: string) => ({
  id: f.id,
  visitId: f.visit_id,
  action: f.action,
  ownerId: f.owner_id,
  ownerName: names.get(f.owner_id) ?? null,
  dueOn: f.due_on,
  doneAt: f.done_at ? f.done_at.toISOString() : null,
  doneByName: f.done_by ? (names.get(f.done_by) ?? f.done_by) : null,
  doneNote: f.done_note,
  overdue: !f.done_at && f.due_on < today,
});

/** Views of visits (each with its customer's name) for `user`: names, labels, follow-ups and actions. */
export async function visitViews(
  db: Kysely<Database>,
  user: CurrentUser,
  rows: readonly (VisitRow & { customer_name: string })[],
) {
  const followUps = await listFollowUps(
    db,
    rows.map((r) => r.id),
  );
  const names = await findDisplayNames(db, [
    ...rows.map((r) => r.owner_id),
    ...followUps.flatMap((f) => [f.owner_id, ...(f.done_by ? [f.done_by] : [])]),
  ]);
  const today = businessToday();
  return rows.map((v) => ({
    id: v.id,
    customerNo: v.customer_no,
    customerName: v.customer_name,
    ownerId: v.owner_id,
    ownerName: names.get(v.owner_id) ?? null,
    weekStart: v.week_start,
    plannedAt: v.planned_at.toISOString(),
    purpose: v.purpose,
    questions: v.questions,
    material: v.material,
    status: v.status,
    statusLabel: stateLabel('visit', v.status)!,
    appointmentConfirmedAt: v.appointment_confirmed_at ? v.appointment_confirmed_at.toISOString() : null,
    reconfirmNeeded:
      v.status === 'planned' &&
      v.appointment_confirmed_at !== null &&
      needsReconfirm(v.appointment_confirmed_at, v.planned_at),
    visitedAt: v.visited_at ? v.visited_at.toISOString() : null,
    visitedOn: v.visited_on,
    record: v.record,
    cancelReason: v.cancel_reason,
    followUps: followUps.filter((f) => f.visit_id === v.id).map((f) => followUpView(f, names, today)),
    actions: visitActions(user, v),
  }));
}

/** The customer's recent service (§3.2.7): open jobs, open exceptions, outstanding and past-due receivables per currency. */
export async function serviceRecordOf(db: Kysely<Database>, customerNo: string) {
  const today = businessToday();
  const [service, balances] = await Promise.all([
    findCustomerService(db, customerNo),
    listReceivableBalances(db, { asOf: today, customerNo, openOnly: true }),
  ]);
  const sums = new Map<string, { outstanding: Decimal; overdue: Decimal }>();
  for (const b of balances) {
    const currency = b.currency.trim();
    const s = sums.get(currency) ?? { outstanding: new Decimal(0), overdue: new Decimal(0) };
    const amount = new Decimal(b.outstanding);
    s.outstanding = s.outstanding.plus(amount);
    if (isPastDue(b.due_date, today)) s.overdue = s.overdue.plus(amount);
    sums.set(currency, s);
  }
  return {
    openJobs: service.jobs.map((j) => ({
      jobNo: j.job_no,
      stage: j.current_stage,
      stageLabel: stateLabel('job', j.current_stage),
      urgent: j.urgent,
      eta: j.eta,
      containers: `${j.container_count} × ${j.container_type}`,
      openedAt: j.created_at.toISOString(),
    })),
    openExceptions: service.exceptions.map((e) => ({
      id: e.id,
      jobNo: e.job_no,
      stage: e.stage,
      type: e.type,
      description: e.description,
      raisedAt: e.raised_at.toISOString(),
    })),
    receivables: [...sums].map(([currency, s]) => ({
      currency,
      outstanding: formatMoney(s.outstanding, currency as Currency),
      overdue: formatMoney(s.overdue, currency as Currency),
    })),
    lastVisitedOn: service.lastVisit?.visited_on ?? null,
  };
}
