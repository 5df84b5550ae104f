/** The company's terms (zh-Hant) with English, for roles, statuses and record kinds: `[zh, en]`. */
export type Label = readonly [zh: string, en: string];

export const ROLE_LABELS: Record<string, Label> = {
  sales: ['業務員', 'Salesperson'],
  sales_manager: ['業務經理', 'Sales manager'],
  marketing_manager: ['市場部經理', 'Marketing manager'],
  commerce: ['商務', 'Commerce'],
  gm: ['總經理', 'General manager'],
  settlement: ['結算', 'Settlement'],
  finance: ['財務', 'Finance'],
  operations: ['操作', 'Operations'],
  ocean: ['海運', 'Ocean'],
  customs: ['報關', 'Customs'],
  dispatch: ['派車', 'Dispatch'],
  warehouse: ['倉庫', 'Warehouse'],
  auditor: ['審計', 'Auditor'],
  admin: ['系統管理員', 'Administrator'],
};

export const QUOTE_STATUS_LABELS: Record<string, Label> = {
  draft: ['草稿', 'Draft'],
  pending_price_approval: ['待價格審批', 'Price approval'],
  commerce_review: ['商務審核', 'Commerce review'],
  awaiting_customer: ['待客戶確認', 'Awaiting customer'],
  internal_quote: ['內部報價', 'Internal quote'],
  budget_review: ['成本預算審批', 'Budget review'],
  contract_drafting: ['合同編輯', 'Contract drafting'],
  contract_review: ['合同審核', 'Contract review'],
  contract_approval: ['合同審批', 'Contract approval'],
  contract_issued: ['合同已編號', 'Contract issued'],
  signed: ['已簽約', 'Signed'],
  costed: ['已結算', 'Costed'],
  refused: ['客戶拒絕', 'Refused'],
  expired: ['已過期', 'Expired'],
  withdrawn: ['已撤回', 'Withdrawn'],
  cancelled: ['已取消', 'Cancelled'],
};

export const CUSTOMER_STATUS_LABELS: Record<string, Label> = {
  prospective: ['預備', 'Prospective'],
  formal: ['正式', 'Formal'],
  suspended: ['暫停', 'Suspended'],
  terminated: ['終止', 'Terminated'],
};

export const TARIFF_STATUS_LABELS: Record<string, Label> = {
  draft: ['草稿', 'Draft'],
  pending_approval: ['待總經理審批', 'Pending approval'],
  returned: ['已退回', 'Returned'],
  locked: ['已鎖定', 'Locked'],
  discarded: ['已作廢', 'Discarded'],
};

export const RECORD_TYPE_LABELS: Record<string, Label> = {
  quote: ['報價', 'Quote'],
  tariff: ['原始報價', 'Tariff'],
  tariff_change: ['原始報價修改', 'Tariff change'],
  customer: ['客戶', 'Customer'],
  job: ['作業', 'Job'],
};

/** The label of `key` in `table`, or the key itself when the table lacks it. */
export const labelOf = (table: Record<string, Label>, key: string): Label => table[key] ?? [key, key];
