/**
 * What each kind of record is called to people, `[zh-Hant, English]` — the one list the desk (inbox, audit, record
 * history) and the notice mails (worker/notice-mail.ts) read. Keys are the `record_type` of audit rows, work items
 * (inbox) and outbox notices. Kept free of imports so the browser bundle can read it.
 *
 * Inbox-only kinds (`diary_reminder`, `plan_escalation`, …) name the waiting work, not a stored record.
 */
export const RECORD_TYPE_LABELS: Readonly<Record<string, readonly [zh: string, en: string]>> = {
  quote: ['報價', 'Quote'],
  tariff: ['原始報價', 'Tariff'],
  tariff_change: ['原始報價修改', 'Tariff change'],
  customer: ['客戶', 'Customer'],
  job: ['作業', 'Job'],
  diary: ['成功日記', 'Success diary'],
  diary_reminder: ['成功日記未提交', 'Success diary missing'],
  plan: ['計劃與總結', 'Plan and summary'],
  plan_reminder: ['計劃與總結待填寫', 'Plan or summary to write'],
  plan_escalation: ['計劃與總結逾期', 'Plan or summary overdue'],
  visit: ['客戶拜訪', 'Customer visit'],
  visit_reminder: ['拜訪待記錄', 'Visit to record'],
  visit_follow_up: ['拜訪跟進', 'Visit follow-up'],
  reminder: ['提醒', 'Reminder'],
  collection_plan: ['收款日程', 'Collection schedule'],
  collection_case: ['異常收款案件', 'Collection case'],
  collection_escalation: ['異常收款升級', 'Collection case escalated'],
  dispute: ['對帳爭議', 'Statement dispute'],
  write_off: ['壞賬核銷', 'Write-off'],
  contract: ['合同', 'Contract'],
  contract_template: ['合同範本', 'Contract template'],
  delegation: ['委託', 'Delegation'],
  user: ['用戶', 'User'],
  container_volume_budget: ['柜量預算', 'Container volume budget'],
  calendar_day: ['工作日曆', 'Business calendar day'],
  customer_credit: ['客戶信用', 'Customer credit'],
  receivable: ['應收款', 'Receivable'],
  receipt: ['收款', 'Receipt'],
  statement: ['對帳單', 'Statement'],
  balance_upload: ['財務餘額上傳', 'Finance balance upload'],
  balance_difference: ['餘額核對差異', 'Balance difference'],
  collection_call: ['催收電話', 'Collection call'],
  collection_target: ['回款目標', 'Collection target'],
  prospect: ['潛在客戶', 'Prospect'],
  visit_plan: ['拜訪計劃', 'Visit plan'],
};

/**
 * Every record type the audit log holds (`audit_log.record_type`, written by the routes' and activities' `appendAudit`):
 * the audit page's record-type filter and the record history read this list. A test (test/unit/audit-record-types)
 * fails when code appends audit rows of a type not listed here.
 */
export const AUDITED_RECORD_TYPES = [
  'quote',
  'contract',
  'contract_template',
  'tariff',
  'tariff_change',
  'customer',
  'customer_credit',
  'job',
  'receivable',
  'receipt',
  'statement',
  'dispute',
  'write_off',
  'balance_upload',
  'balance_difference',
  'collection_plan',
  'collection_case',
  'collection_call',
  'collection_target',
  'container_volume_budget',
  'plan',
  'diary',
  'visit',
  'visit_plan',
  'visit_follow_up',
  'prospect',
  'delegation',
  'user',
  'calendar_day',
] as const;

export type AuditedRecordType = (typeof AUDITED_RECORD_TYPES)[number];

/** The label of a record type; an unknown key is named by itself (once, in both places). */
export const recordTypeLabel = (recordType: string): readonly [zh: string, en: string] =>
  RECORD_TYPE_LABELS[recordType] ?? [recordType, recordType];
