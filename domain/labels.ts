/**
 * How keys are named to people — zh-Hant with English — for every history event (audit action) and
 * every state of every record type. The API sends these beside the keys (`actionLabel`,
 * `fromStateLabel`, `toStateLabel`, `statusLabel`), so the desk, the CSV and the documents never show a
 * raw key (`review.returned`, `pending_gm`) and never restate a label.
 *
 * One source per key: an event a step table offers is named by that table (quote steps in
 * domain/quote.ts, tariff and tariff-change steps in their machines, job steps in JOB_STEP_TABLE); a
 * quote state by its machine state's `meta.label`; customer states and job stages by their machines'
 * tables. What no table names (events the system or a route records) is named once here.
 */
import { COLLECTION_STATUSES, COLLECTION_STEPS, collectionStatusFacts } from '../machines/collection.machine';
import { CUSTOMER_STATUS_LABELS, type CustomerStatus } from '../machines/customer.machine';
import { JOB_COMPLETED_LABEL, JOB_STAGE_LABELS, JOB_STAGES, JOB_STEP_DEFS } from '../machines/job.machine';
import { quoteStatusFacts } from '../machines/quote.machine';
import { TARIFF_CHANGE_STEPS } from '../machines/tariff-change.machine';
import { TARIFF_STEPS } from '../machines/tariff.machine';
import { PLAN_STATUSES, PLAN_STEPS, planStatusFacts } from '../machines/plan.machine';
import { PROSPECT_STAGES, PROSPECT_STEPS, prospectStageFacts } from '../machines/prospect.machine';
import { splitLabel, type RefusalNames } from '../machines/permission';
import { ROLE_LABELS, type Role } from '../machines/roles';
import { QUOTE_STATUSES, QUOTE_STEPS } from './quote';

/** A label in both languages. */
export interface Label {
  zh: string;
  en: string;
}

const capital = (s: string) => s.charAt(0).toUpperCase() + s.slice(1);
const split = splitLabel;

/** Events no step table offers: recorded by the system (timers), by a route, or as a side effect. */
const OTHER_EVENTS: Record<string, Label> = {
  'quote.drafted': { zh: '建立報價', en: 'Quote drafted' },
  'quote.expired': { zh: '報價過期', en: 'Quote expired' },
  'step.overdue': { zh: '步驟逾期', en: 'Step overdue' },
  'approval.kept': { zh: '保留原核准', en: 'Approval kept' },
  'customer.created': { zh: '建立客戶', en: 'Customer created' },
  'customer.updated': { zh: '修改客戶資料', en: 'Customer updated' },
  'customer.master_completed': { zh: '補全客戶資料', en: 'Customer master data completed' },
  'customer.formalized': { zh: '轉為正式客戶', en: 'Customer made formal' },
  'customer.suspended': { zh: '暫停客戶', en: 'Customer suspended' },
  'customer.reinstated': { zh: '恢復客戶', en: 'Customer reinstated' },
  'customer.terminated': { zh: '終止客戶', en: 'Customer terminated' },
  'tariff.drafted': { zh: '建立原始報價草稿', en: 'Tariff drafted' },
  'tariff.locked_from_change': { zh: '由修改單鎖定新版本', en: 'Locked from a change' },
  'change.proposed': { zh: '提出原始報價修改', en: 'Change proposed' },
  'job.created': { zh: '開立作業', en: 'Job opened' },
  'exception.raised': { zh: '登記異常', en: 'Exception raised' },
  'exception.progress': { zh: '異常跟進', en: 'Exception progress' },
  'exception.resolved': { zh: '異常處理完成', en: 'Exception resolved' },
  'receipt.entered': { zh: '登記收款', en: 'Receipt entered' },
  'receipt.allocated': { zh: '收款沖銷', en: 'Receipt allocated' },
  'receipt.refunded': { zh: '退款', en: 'Refunded' },
  'receivable.credit_note': { zh: '貸項', en: 'Credit note' },
  'receivable.adjustment': { zh: '調整', en: 'Adjustment' },
  'receivable.write_off': { zh: '壞賬核銷', en: 'Written off' },
  'write_off.proposed': { zh: '提出壞賬核銷', en: 'Write-off proposed' },
  'write_off.resubmitted': { zh: '重新提交壞賬核銷', en: 'Write-off resubmitted' },
  'write_off.approved': { zh: '核准壞賬核銷', en: 'Write-off approved' },
  'write_off.refused': { zh: '駁回壞賬核銷', en: 'Write-off refused' },
  'write_off.returned': { zh: '退回壞賬核銷', en: 'Write-off returned' },
  'contract.payment_terms_set': { zh: '設定付款條件', en: 'Payment terms set' },
  'collection.planned': { zh: '排定收款日', en: 'Collection planned' },
  'collection.called': { zh: '催收電話', en: 'Collection call' },
  'case.opened': { zh: '開立異常收款案', en: 'Collection case opened' },
  'case.reminded': { zh: '提醒業務員', en: 'Salesperson reminded' },
  'case.escalated': { zh: '升級至業務經理', en: 'Escalated to the sales manager' },
  'case.settled': { zh: '款項收回結案', en: 'Settled and closed' },
  'case.write_off_handed_over': { zh: '轉交壞賬核銷', en: 'Handed over for write-off' },
  'credit.hold_set': { zh: '設定信用凍結', en: 'Credit hold set' },
  'credit.hold_overridden': { zh: '信用凍結放行', en: 'Credit hold overridden' },
  'credit.limit_set': { zh: '設定信用額度', en: 'Credit limit set' },
  'collection_target.set': { zh: '設定回款率目標', en: 'Collection-rate target set' },
  'calendar.day_set': { zh: '設定工作日曆', en: 'Calendar day set' },
  'calendar.day_reset': { zh: '還原工作日曆', en: 'Calendar day reset' },
  'container_volume_budget.set': { zh: '設定柜量預算', en: 'Container-volume budget set' },
  'contract_template.published': { zh: '發布合同條款', en: 'Contract terms published' },
  'user.created': { zh: '建立用戶', en: 'User created' },
  'user.updated': { zh: '修改用戶', en: 'User updated' },
  'user.deactivated': { zh: '停用用戶', en: 'User deactivated' },
  'user.reactivated': { zh: '啟用用戶', en: 'User reactivated' },
  'delegation.created': { zh: '建立委託', en: 'Delegation created' },
  'delegation.revoked': { zh: '撤銷委託', en: 'Delegation revoked' },
  'plan.drafted': { zh: '建立計劃與總結', en: 'Plan drafted' },
  'plan.updated': { zh: '修改計劃與總結', en: 'Plan updated' },
  'visit.planned': { zh: '計劃拜訪', en: 'Visit planned' },
  'visit.appointment_confirmed': { zh: '確認拜訪預約', en: 'Appointment confirmed' },
  'visit.recorded': { zh: '填寫客戶訪問表', en: 'Visit recorded' },
  'visit.cancelled': { zh: '取消拜訪', en: 'Visit cancelled' },
  'visit.follow_up_done': { zh: '完成拜訪跟進', en: 'Visit follow-up done' },
  'visit_plan.submitted': { zh: '提交客戶訪問周計劃', en: 'Weekly visit plan submitted' },
  'diary.submitted': { zh: '提交成功日記', en: 'Success diary submitted' },
  'diary.commented': { zh: '批註成功日記', en: 'Diary commented' },
  'prospect.created': { zh: '建立開發客戶', en: 'Prospect created' },
  'prospect.signed': { zh: '已簽約（合同簽署）', en: 'Contract signed' },
};

/** Every history event's label, by its key (the audit row's `action`). */
export const EVENT_LABELS: Readonly<Record<string, Label>> = {
  ...OTHER_EVENTS,
  ...Object.fromEntries(
    [
      ...QUOTE_STEPS,
      ...TARIFF_STEPS,
      ...TARIFF_CHANGE_STEPS,
      ...COLLECTION_STEPS,
      ...PLAN_STEPS,
      ...PROSPECT_STEPS,
    ].map((s) => [s.event, { zh: s.labelZh, en: s.labelEn }]),
  ),
  ...Object.fromEntries(JOB_STEP_DEFS.map((d) => [d.step, { zh: d.labelZh, en: capital(d.labelEn) }])),
};

/** Each record type's states, by key: quote statuses, tariff and change statuses, customer statuses, job stages. */
export const STATE_LABELS: Readonly<Record<string, Readonly<Record<string, Label>>>> = {
  quote: Object.fromEntries(QUOTE_STATUSES.map((s) => [s, split(quoteStatusFacts(s).label)])),
  tariff: {
    draft: { zh: '草稿', en: 'Draft' },
    pending_gm: { zh: '待總經理審批', en: 'Waiting for the GM' },
    locked: { zh: '已鎖定', en: 'Locked' },
    discarded: { zh: '已作廢', en: 'Discarded' },
  },
  tariff_change: {
    pending_marketing_manager: { zh: '待營銷中心經理審批', en: 'Waiting for the marketing manager' },
    pending_gm: { zh: '待總經理審批', en: 'Waiting for the GM' },
    approved: { zh: '已核准', en: 'Approved' },
    rejected: { zh: '已駁回', en: 'Rejected' },
    withdrawn: { zh: '已撤回', en: 'Withdrawn' },
  },
  collection_case: Object.fromEntries(
    COLLECTION_STATUSES.map((s) => {
      const m = collectionStatusFacts(s);
      return [s, { zh: m.labelZh, en: m.labelEn }];
    }),
  ),
  plan: Object.fromEntries(
    PLAN_STATUSES.map((s) => {
      const m = planStatusFacts(s);
      return [s, { zh: m.labelZh, en: m.labelEn }];
    }),
  ),
  prospect: Object.fromEntries(
    PROSPECT_STAGES.map((s) => {
      const m = prospectStageFacts(s);
      return [s, { zh: m.labelZh, en: m.labelEn }];
    }),
  ),
  customer: Object.fromEntries(Object.entries(CUSTOMER_STATUS_LABELS).map(([k, v]) => [k as CustomerStatus, split(v)])),
  visit: {
    planned: { zh: '已計劃', en: 'Planned' },
    recorded: { zh: '已拜訪', en: 'Visited' },
    cancelled: { zh: '已取消', en: 'Cancelled' },
  },
  write_off: {
    proposed: { zh: '待總經理決定', en: 'Waiting for the GM' },
    approved: { zh: '已核准核銷', en: 'Approved' },
    refused: { zh: '已拒絕', en: 'Refused' },
    returned: { zh: '已退回', en: 'Returned' },
  },
  visit_follow_up: { open: { zh: '待跟進', en: 'Open' }, done: { zh: '已完成', en: 'Done' } },
  visit_plan: { submitted: { zh: '已提交', en: 'Submitted' } },
  diary: { submitted: { zh: '已提交', en: 'Submitted' } },
  diary_day: {
    submitted: { zh: '已提交', en: 'Submitted' },
    missing: { zh: '未提交', en: 'Missing' },
    due_today: { zh: '待提交', en: 'Due today' },
    upcoming: { zh: '未到期', en: 'Not due yet' },
    not_applicable: { zh: '不適用', en: 'Not applicable' },
  },
  job: {
    ...Object.fromEntries(JOB_STAGES.map((s) => [s, split(JOB_STAGE_LABELS[s])])),
    completed: JOB_COMPLETED_LABEL,
    in_progress: { zh: '進行中', en: 'In progress' },
  },
};

/** The label of a history event; an unknown key is named by itself (never undefined). */
export const eventLabel = (action: string): Label => EVENT_LABELS[action] ?? { zh: action, en: action };

/** The label of a record type's state, or null for no state; an unknown state is named by itself. */
export const stateLabel = (recordType: string, state: string | null | undefined): Label | null =>
  state == null ? null : (STATE_LABELS[recordType]?.[state] ?? { zh: state, en: state });

/** The label of a role, or of `system` (timers); an unknown key is named by itself. */
export const roleLabel = (role: string): Label =>
  role === 'system'
    ? { zh: '系統', en: 'System' }
    : ROLE_LABELS[role as Role]
      ? split(ROLE_LABELS[role as Role])
      : { zh: role, en: role };

/**
 * How a refusal of `recordType`'s steps names the step, the record's status, a role and a person (machines/permission.ts
 * `RefusalNames`): by the labels every record view shows, so a refused step never reads `'budget.returned' is not
 * possible while the record is contract_drafting`; a person by display name from `people` (db/user.repository.ts
 * `findDisplayNames`), else by id — a workflow's refusal is named afterwards by api/acting.ts `namePeople`.
 */
export const refusalNames = (recordType: string, people?: ReadonlyMap<string, string>): RefusalNames => ({
  step: eventLabel,
  status: (s) => stateLabel(recordType, s) ?? { zh: s, en: s },
  role: roleLabel,
  person: (id) => people?.get(id) ?? id,
});
