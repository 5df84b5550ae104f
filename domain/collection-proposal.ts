/**
 * What an abnormal-collection case 異常收款 may propose to the GM, and what each proposal is called (on
 * the desk, in notices, in the API's views). No imports: the web desk reads it too.
 */
export const PROPOSAL_KINDS = ['payment_plan', 'credit_hold', 'legal_action', 'write_off'] as const;
export type ProposalKind = (typeof PROPOSAL_KINDS)[number];

/** What each proposal is called on the desk and in notices. */
export const PROPOSAL_LABELS: Record<ProposalKind, { zh: string; en: string }> = {
  payment_plan: { zh: '分期付款計劃', en: 'Payment plan' },
  credit_hold: { zh: '停止信用（暫停接單放貨）', en: 'Credit hold' },
  legal_action: { zh: '法律途徑', en: 'Legal action' },
  write_off: { zh: '壞賬核銷', en: 'Write-off' },
};
