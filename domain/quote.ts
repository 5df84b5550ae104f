/**
 * The quote chain's vocabulary, shared by the machine, the workflow, its activities and the API:
 * public statuses, the steps a client can send (route segment, event, labels), and the approvals an
 * amendment can keep, and the messages of the quote workflow (input, step commands, view) — the types
 * the API, the workflow and its activities share. Nothing here reads a database or Temporal, so a
 * column change cannot silently change what recorded histories replay.
 */
import type { ActualCost, FeeItem, PricedQuote, QuoteLineInput } from '../lib/pricing';
import type { QuoteContext, QuoteEffect } from '../machines/quote.machine';
import type { Actor, AnyActor } from '../machines/roles';

/**
 * What is wrong with a quote's `validUntil` (`YYYY-MM-DD`) given the business date of today, as zh-Hant and English
 * phrases to follow the field's name, or null: a quote is never created or repriced already expired (a day before
 * today). One rule for the API (api/quotes/create-quote.ts, advance-quote.ts: 422 naming `validUntil`) and the desk's
 * quote builder, which says it under 報價有效期至 Valid until as soon as it is typed.
 */
export function quoteValidUntilProblem(validUntil: string, today: string): { zh: string; en: string } | null {
  if (validUntil >= today) return null;
  return { zh: `不可早於今天 ${today}`, en: `must not be in the past (${today})` };
}

export const QUOTE_STATUSES = [
  'draft',
  'pending_price_approval',
  'commerce_review',
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
  'refused',
  'expired',
  'withdrawn',
  'cancelled',
] as const;
/** Public status of a quote (the machine's states say which is which, in their `meta`). */
export type QuoteStatus = (typeof QUOTE_STATUSES)[number];

/**
 * zh-Hant and English name of each status — the one table of them: the machine's state labels (the API's
 * `statusLabel`, the inbox's step label) and the desk's tags, filters and step bar all read it.
 */
export const QUOTE_STATUS_LABELS: Readonly<Record<QuoteStatus, readonly [zh: string, en: string]>> = {
  draft: ['草稿', 'Draft'],
  pending_price_approval: ['待價格審批', 'Price approval'],
  commerce_review: ['商務審核', 'Commerce review'],
  awaiting_customer: ['待客戶確認', 'Awaiting customer'],
  internal_quote: ['內部報價', 'Internal quote'],
  budget_review: ['成本預算審批', 'Cost budget review'],
  contract_drafting: ['合同編輯', 'Contract drafting'],
  contract_review: ['合同審核', 'Contract review'],
  contract_approval: ['合同審批', 'Contract approval'],
  contract_issued: ['合同已編號', 'Contract issued'],
  signed: ['已簽約', 'Signed'],
  costed: ['已成本核算', 'Costed'],
  refused: ['客戶拒絕', 'Refused'],
  expired: ['已過期', 'Expired'],
  withdrawn: ['已撤回', 'Withdrawn'],
  cancelled: ['已取消', 'Cancelled'],
};

/**
 * The outcome of a quote in the monthly sales analysis 銷售分析報告 (§2.2.3) — the one definition of "won" and
 * "lost" (db/plan.repository.ts `quoteOutcomes` counts them, the README repeats it):
 * - **won**: its contract was signed (`contracts.signed_on`) in the month;
 * - **lost**: it ended without a contract in the month — moved (audited transition, business date of the audit
 *   row) into one of these final states: the customer refused it, it expired, its salesperson withdrew it, or a
 *   manager cancelled it.
 * A quote counts for its salesperson (`quotes.owner_id`) and customer.
 */
export const LOST_QUOTE_STATUSES = [
  'refused',
  'expired',
  'withdrawn',
  'cancelled',
] as const satisfies readonly QuoteStatus[];
export type LostQuoteStatus = (typeof LOST_QUOTE_STATUSES)[number];

/** `草稿 Draft`: a status's two names in one string. */
export const quoteStatusLabel = (status: QuoteStatus): string => QUOTE_STATUS_LABELS[status].join(' ');

/** Approvals an amendment may keep when their inputs did not change; the chain then skips their steps. */
const KEPT_APPROVALS = ['customer.confirmed', 'budget.approved', 'contract.reviewed'] as const;
export type KeptApproval = (typeof KEPT_APPROVALS)[number];

/** One step of the quote chain as a client sends it: `METHOD /quotes/{no}/{step}`. */
export interface QuoteStepSpec {
  step: string;
  method: 'POST' | 'PUT';
  event:
    | 'quote.revised'
    | 'quote.submitted'
    | 'price.approved'
    | 'price.returned'
    | 'review.approved'
    | 'review.returned'
    | 'customer.confirmed'
    | 'customer.refused'
    | 'quote.withdrawn'
    | 'quote.cancelled'
    | 'quote.amended'
    | 'internal.submitted'
    | 'budget.approved'
    | 'budget.returned'
    | 'contract.drafted'
    | 'contract.reviewed'
    | 'contract.returned'
    | 'contract.approved'
    | 'contract.signed'
    | 'costs.recorded';
  labelZh: string;
  labelEn: string;
  /** Binds the quote for good (the GM's contract approval, the signature): the desk confirms first. */
  confirm?: boolean;
}

/** Every step a user can send, in the order of the chain. */
export const QUOTE_STEPS: readonly QuoteStepSpec[] = [
  { step: 'lines', method: 'PUT', event: 'quote.revised', labelZh: '修改報價明細', labelEn: 'Edit lines' },
  { step: 'submit', method: 'POST', event: 'quote.submitted', labelZh: '提交審核', labelEn: 'Submit for review' },
  { step: 'price-approve', method: 'POST', event: 'price.approved', labelZh: '價格核准', labelEn: 'Approve price' },
  { step: 'price-return', method: 'POST', event: 'price.returned', labelZh: '價格退回', labelEn: 'Return price' },
  { step: 'approve', method: 'POST', event: 'review.approved', labelZh: '商務核准', labelEn: 'Approve' },
  { step: 'return', method: 'POST', event: 'review.returned', labelZh: '商務退回', labelEn: 'Return' },
  { step: 'confirm', method: 'POST', event: 'customer.confirmed', labelZh: '客戶確認', labelEn: 'Customer confirmed' },
  { step: 'refuse', method: 'POST', event: 'customer.refused', labelZh: '客戶拒絕', labelEn: 'Customer refused' },
  { step: 'withdraw', method: 'POST', event: 'quote.withdrawn', labelZh: '撤回', labelEn: 'Withdraw' },
  { step: 'cancel', method: 'POST', event: 'quote.cancelled', labelZh: '取消', labelEn: 'Cancel' },
  { step: 'amend', method: 'POST', event: 'quote.amended', labelZh: '修訂報價', labelEn: 'Amend' },
  {
    step: 'internal-quote',
    method: 'POST',
    event: 'internal.submitted',
    labelZh: '內部報價',
    labelEn: 'Internal quote',
  },
  {
    step: 'budget-approve',
    method: 'POST',
    event: 'budget.approved',
    labelZh: '核准成本預算',
    labelEn: 'Approve cost budget',
  },
  {
    step: 'budget-return',
    method: 'POST',
    event: 'budget.returned',
    labelZh: '退回成本預算',
    labelEn: 'Return cost budget',
  },
  { step: 'contract', method: 'POST', event: 'contract.drafted', labelZh: '編輯合同', labelEn: 'Draft contract' },
  {
    step: 'contract-review',
    method: 'POST',
    event: 'contract.reviewed',
    labelZh: '合同審核通過',
    labelEn: 'Review contract',
  },
  {
    step: 'contract-return',
    method: 'POST',
    event: 'contract.returned',
    labelZh: '退回合同',
    labelEn: 'Return contract',
  },
  {
    step: 'contract-approve',
    method: 'POST',
    event: 'contract.approved',
    labelZh: '核准合同',
    labelEn: 'Approve contract',
    confirm: true,
  },
  {
    step: 'sign',
    method: 'POST',
    event: 'contract.signed',
    labelZh: '記錄簽約',
    labelEn: 'Record signature',
    confirm: true,
  },
  { step: 'costs', method: 'POST', event: 'costs.recorded', labelZh: '成本核算', labelEn: 'Record actual costs' },
];

/** Approvals a quote collects on its way to a contract, by the event that grants them. */
export const APPROVALS = [
  'price.approved',
  'review.approved',
  'customer.confirmed',
  'budget.approved',
  'contract.reviewed',
  'contract.approved',
] as const;
export type Approval = (typeof APPROVALS)[number];
export const APPROVAL_LABELS: Record<Approval, string> = {
  'price.approved': 'price approval (marketing manager)',
  'review.approved': 'commerce review',
  'customer.confirmed': 'customer confirmation',
  'budget.approved': 'cost budget (GM)',
  'contract.reviewed': 'contract review (marketing manager)',
  'contract.approved': 'contract approval (GM)',
};

/** The fields of a quote line that decide its amounts. */
export interface AmendableLine {
  tariffLineNo: number;
  quotedPrice: string;
  quantity: string;
}

/** What an amendment changed, and which approvals the chain asks again or keeps (stored with the amendment). */
export interface AmendmentReport {
  fromRevision: number;
  changed: { tariffLineNo: number; fields: string[] }[];
  added: number[];
  removed: number[];
  approvalsNeededAgain: string[];
  approvalsKept: string[];
  /** The approvals kept (not asked again); those of KEPT_APPROVALS have their steps skipped by the chain. */
  kept: Approval[];
}

/**
 * Smart re-approval: the one function behind both the amendment report and the chain. Compares the
 * lines of the amended revision with the previous one; of the approvals `granted` in the previous
 * round, commerce review is always asked again, price approval when the new pricing needs it, and the
 * customer's confirmation, the cost budget and the contract review when any amount changed (a price,
 * a quantity, a line added or removed). Those not asked again are kept: the chain skips their steps.
 * `cmp` compares two decimal strings (-1 / 0 / 1).
 */
export function reapproval(
  prev: { revision: number; lines: readonly AmendableLine[] },
  cur: { lines: readonly AmendableLine[]; needsPriceApproval: boolean },
  granted: readonly Approval[],
  cmp: (a: string, b: string) => number,
): AmendmentReport {
  const before = new Map(prev.lines.map((l) => [l.tariffLineNo, l]));
  const after = new Map(cur.lines.map((l) => [l.tariffLineNo, l]));
  const changed: { tariffLineNo: number; fields: string[] }[] = [];
  for (const [no, l] of after) {
    const p = before.get(no);
    if (!p) continue;
    const fields = (['quotedPrice', 'quantity'] as const).filter((f) => cmp(p[f], l[f]) !== 0);
    if (fields.length) changed.push({ tariffLineNo: no, fields: [...fields] });
  }
  const added = [...after.keys()].filter((k) => !before.has(k));
  const removed = [...before.keys()].filter((k) => !after.has(k));
  const amountsChanged = changed.length + added.length + removed.length > 0;
  const pricesChanged = added.length > 0 || changed.some((c) => c.fields.includes('quotedPrice'));
  const again: Approval[] = [];
  const kept: Approval[] = [];
  for (const a of APPROVALS.filter((x) => granted.includes(x))) {
    if (a === 'review.approved') again.push(a);
    else if (a === 'price.approved') {
      if (cur.needsPriceApproval) again.push(a);
      else if (!pricesChanged) kept.push(a);
    } else if (amountsChanged || a === 'contract.approved') again.push(a);
    else kept.push(a);
  }
  return {
    fromRevision: prev.revision,
    changed,
    added,
    removed,
    approvalsNeededAgain: again.map((a) => APPROVAL_LABELS[a]),
    approvalsKept: kept.map((a) => APPROVAL_LABELS[a]),
    kept,
  };
}

/** Business-project data 「業務項目資料」 commerce completes with the internal quote. */
export interface ProjectData {
  projectName: string;
  cargoDescription?: string | null | undefined;
  estimatedMonthlyContainers?: number | null | undefined;
  settlementCycle?: string | null | undefined;
  remarks?: string | null | undefined;
}

/** A negotiated change to the standard terms: replace clause `no`, or add a clause when `no` is new. */
export interface ClauseChange {
  no: string;
  title: string;
  text: string;
}

/** Customer master data commerce completes with the internal quote. */
interface CustomerMasterPatch {
  industry?: string | undefined;
  creditStanding?: string | undefined;
  paymentTerms?: string | undefined;
}

/** The internal quote 「內部報價」: fee items, project data, customer master data. */
interface InternalQuoteInput {
  feeItems: FeeItem[];
  project: ProjectData;
  customer?: CustomerMasterPatch;
}

export interface QuoteWorkflowInput {
  quoteNo: string;
  customerNo: string;
  ownerId: string;
  tariffVersionNo: number;
  validUntil: string;
  /** When the quote expires if the customer has not confirmed (ISO instant). */
  expiresAt: string;
  lines: QuoteLineInput[];
  actor: Actor;
  idempotencyKey: string;
  /** Due time of each human step in milliseconds, by the states' `due` key. */
  sla: Record<string, number>;
  /** Due time of the steps given in working days (`QUOTE_SLA_*=<n>wd`), by key; the activity computes the instant. */
  slaWorkingDays?: Record<string, number>;
}

type StepType = QuoteStepSpec['event'];
/** New lines of a revision (and optionally a new validity). */
export interface RepricePayload {
  lines: QuoteLineInput[];
  validUntil?: string;
  /** End of `validUntil` in business time (ISO instant); set with `validUntil`. */
  expiresAt?: string;
}
/** Exactly the payload each step carries beside its event. */
export interface QuoteStepPayloads {
  'quote.revised': RepricePayload;
  'quote.amended': RepricePayload;
  'internal.submitted': { internal: InternalQuoteInput };
  'contract.drafted': { clauseChanges: ClauseChange[] };
  'contract.signed': { signedOn?: string };
  'costs.recorded': { actuals: ActualCost[] };
}
type PayloadOf<T extends StepType> = T extends keyof QuoteStepPayloads ? QuoteStepPayloads[T] : unknown;
/** The event as a client sends it: who, and a comment where the step takes one. */
interface QuoteStepEvent<T extends StepType = StepType> {
  type: T;
  actor: Actor;
  comment?: string;
}
/** One step command: the event, the request's idempotency key, and exactly the step's payload. */
export type QuoteCommand = {
  [T in StepType]: { event: QuoteStepEvent<T>; idempotencyKey: string } & PayloadOf<T>;
}[StepType];
/** Narrows a command by its event type. */
export function isCommand<T extends StepType>(
  cmd: QuoteCommand,
  type: T,
): cmd is Extract<QuoteCommand, { event: { type: T } }> {
  return cmd.event.type === type;
}

/** The workflow's answer to a step and to its query: the live state, and the machine state for `actions`. */
export interface QuoteView {
  quoteNo: string;
  status: QuoteStatus;
  pendingRole: string | null;
  revision: number;
  needsPriceApproval: boolean;
  belowCost: boolean;
  overdue: boolean;
  dueAt: string | null;
  expiresAt: string;
  contractNo: string | null;
  /** The machine's state value and context, so a reader judges `actions` by the same rules. */
  machine: { value: unknown; context: QuoteContext };
}

/** Approvals of a kept set whose steps the chain skips. */
export const skippedSteps = (kept: readonly Approval[]): KeptApproval[] =>
  kept.filter((a): a is KeptApproval => (KEPT_APPROVALS as readonly string[]).includes(a));

/** A revision as priced by the activity: lines, totals per currency, flags, and the owner's authority. */
export type PricedRevision = PricedQuote & { authorityPct: string };

/** What a recorded step carries beside its event, by kind; the effects read what they need from it. */
export type QuoteStepPayload =
  | { kind: 'none' }
  | { kind: 'draft'; priced: PricedRevision; validUntil: string; tariffVersionNo: number }
  | { kind: 'priced'; priced: PricedRevision; validUntil?: string; amendment?: AmendmentReport }
  | { kind: 'internal'; internal: InternalQuoteInput }
  | { kind: 'contract'; clauseChanges: ClauseChange[] }
  | { kind: 'signed'; signedOn?: string }
  | { kind: 'costs'; actuals: ActualCost[] };

/** One transition to record (activity `recordQuoteStep`): audit row, read model, inbox item, effects. */
export interface QuoteStepRecord {
  quoteNo: string;
  customerNo: string;
  ownerId: string;
  actor: AnyActor;
  /** The event type (`quote.drafted` for the first record). */
  action: string;
  fromState: QuoteStatus | null;
  toState: QuoteStatus;
  comment?: string | undefined;
  idempotencyKey: string;
  revision: number;
  pendingRole: string | null;
  dueAt: string | null;
  /** The next step is due at the end of this many working days after today (business calendar); replaces `dueAt`. */
  dueInWorkingDays?: number;
  /** The side effects the machine named for this transition, in order. */
  effects: { type: QuoteEffect | 'createQuote'; params?: unknown }[];
  payload: QuoteStepPayload;
}

/** A tariff line's number and optional validity (ISO dates, both inclusive). */
export interface LineValidity {
  lineNo: number;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

/**
 * Tariff lines that cannot be quoted on `date` (business date, `YYYY-MM-DD`): a line naming no line of
 * the tariff, or a line outside its validity (`validFrom` … `validTo`, both inclusive). Applies when
 * quoting, re-pricing a draft and amending. Paths are relative to the body (`lines.0.tariffLineNo`);
 * empty when every line may be quoted.
 */
export function unquotableLines(
  tariff: readonly LineValidity[],
  lines: readonly { tariffLineNo: number }[],
  date: string,
  prefix = 'lines',
): { path: string; message: string; tariffLineNo: number }[] {
  const byNo = new Map(tariff.map((t) => [t.lineNo, t]));
  return lines.flatMap((l, i) => {
    const t = byNo.get(l.tariffLineNo);
    const path = `${prefix}.${i}.tariffLineNo`;
    if (!t) return [{ path, tariffLineNo: l.tariffLineNo, message: `no tariff line ${l.tariffLineNo}` }];
    if ((t.validFrom && date < t.validFrom) || (t.validTo && date > t.validTo)) {
      const validity = `valid ${t.validFrom ?? '…'} to ${t.validTo ?? '…'}`;
      return [
        { path, tariffLineNo: l.tariffLineNo, message: `tariff line ${l.tariffLineNo} is ${validity}, not on ${date}` },
      ];
    }
    return [];
  });
}
