/**
 * "What may I do now": the contract between the rules (machines/, the job rule function), the API's
 * record views and the browser desk. Every record view (`GET /quotes/{no}`, `/jobs/{no}`,
 * `/tariffs/{no}`, `/tariff-changes/{id}`) carries `actions: RecordAction[]`, computed by the same
 * function that refuses a step, so a button and a refusal cannot disagree (issue 9 §5).
 */

/**
 * Stable reason codes of a refusal, sent as `details.reason` beside the message in every 403 / 409 /
 * 422 that refuses a step, and as `RecordAction.reason` for a step the caller's role could take but may
 * not now. Tests assert these codes, never message text.
 */
export const REASON_CODES = [
  /** The record's state does not accept this step (e.g. already approved, locked, final). */
  'wrong_state',
  /** The caller's role (own or delegated) may never send this step. */
  'role_not_allowed',
  /** The record belongs to another salesperson / team: not the caller's to act on. */
  'not_owner',
  /** Segregation of duties: the caller took an earlier step of this record that excludes this one. */
  'segregation_of_duties',
  /** The step needs a non-empty comment. */
  'comment_required',
  /** A job stage cannot be completed over one of its own open exceptions (manager override needed). */
  'open_exception',
  /** A job step that is not (yet) what the job waits for: an earlier stage or sub-step comes first. */
  'out_of_order',
  /** Auditors (and other read-only roles) change nothing. */
  'read_only',
  /** The record has nothing to send on yet (a tariff draft without lines cannot be submitted). */
  'no_lines',
  /** The customer is on credit hold: a new job or a delivery needs a manager's recorded override. */
  'credit_hold',
  /** A prospect's negotiation needs its risk assessment 風險評估 on record first (§3.2.1). */
  'risk_assessment_required',
  /** A receivable not yet past its due date (domain/ledger.ts `isPastDue`): no write-off of it is proposed. */
  'not_due',
] as const;
export type ReasonCode = (typeof REASON_CODES)[number];

/** One step a caller could take on a record now (or could, but may not: `allowed: false` + `reason`). */
export interface RecordAction {
  /** Stable key of the step, the last path segment(s): `approve`, `price-return`, `steps/customs.released`. */
  step: string;
  method: 'POST' | 'PUT';
  /** Full API path to send the step to, e.g. `/quotes/Q2026-00001/approve`. */
  path: string;
  /** zh-Hant label, e.g. `商務核准`. */
  labelZh: string;
  /** English label, e.g. `Approve`. */
  labelEn: string;
  /** The step's body must carry a non-empty `comment`. */
  commentRequired: boolean;
  /** True when the caller may send it now; false when their role could but a rule refuses. */
  allowed: boolean;
  /** Why not, when `allowed` is false. */
  reason?: ReasonCode;
  /**
   * The step cannot be undone — it ends the record (locks, discards, cancels, rejects …) or binds it
   * (a signature, the GM's contract approval): the desk asks for confirmation before sending it.
   */
  confirm?: boolean;
  /**
   * A step whose body chooses an `outcome` (a dispute's `resolve`): the outcomes the caller may choose,
   * by the same rule that refuses the others; the desk offers only these.
   */
  outcomes?: string[];
}
