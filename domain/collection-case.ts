/**
 * Messages of the abnormal-collection workflow `collection-case-<id>` (machines/collection.machine.ts):
 * its input, the step command the API sends, the view it answers, and the timers it runs. No I/O.
 */
import type {
  CollectionContext,
  CollectionEvent,
  CollectionStatus,
  ProposalKind,
} from '../machines/collection.machine';
import type { AnyActor } from '../machines/roles';

export type { ProposalKind };

/** A proposal of the salesperson (or their sales manager) to the GM; `installments` for a payment plan. */
export interface CollectionProposal {
  kind: ProposalKind;
  note: string;
  installments?: { date: string; amount: string }[];
}

/** The case's durations in milliseconds (`COLLECTION_*` settings; seconds in tests). */
export interface CollectionTimers {
  /** The salesperson is reminded this long after the case opened, and again every as long, until a proposal. */
  remindEveryMs: number;
  /** Without a proposal this long after the case opened, it is escalated to the salesperson's sales manager. */
  escalateAfterMs: number;
  /** Due time of the GM's decision after a proposal. */
  decisionDueMs: number;
}

export const DEFAULT_COLLECTION_TIMERS: CollectionTimers = {
  remindEveryMs: 2 * 86_400_000,
  escalateAfterMs: 7 * 86_400_000,
  decisionDueMs: 2 * 86_400_000,
};

export interface CollectionCaseWorkflowInput {
  caseId: number;
  customerNo: string;
  currency: string;
  ownerId: string;
  /** When the case was opened (ISO): reminders and escalation count from here. */
  openedAt: string;
  timers: CollectionTimers;
}

/** A person's step: the machine event, the proposal's content for `case.proposed`, and the request's key. */
export interface CollectionCaseCommand {
  event: CollectionEvent;
  proposal?: CollectionProposal;
  idempotencyKey: string;
}

export interface CollectionCaseView {
  caseId: number;
  status: CollectionStatus;
  pendingRole: string | null;
  /** Due time of the step waited for (ISO), if any. */
  dueAt: string | null;
  /** When the case escalates if no proposal comes (ISO); null once escalated or proposed. */
  escalateAt: string | null;
  machine: { value: unknown; context: CollectionContext };
}

/** What one recorded transition writes (activities/collection.activities.ts `recordCollectionStep`). */
export interface CollectionStepRecord {
  caseId: number;
  customerNo: string;
  currency: string;
  ownerId: string;
  actor: AnyActor;
  action: CollectionEvent['type'];
  fromState: CollectionStatus;
  toState: CollectionStatus;
  comment?: string | undefined;
  idempotencyKey: string;
  proposal?: CollectionProposal | undefined;
  /** Who made the proposal now current, in which role (a write-off is proposed to the ledger in their name). */
  proposer?: { id: string; role: string } | undefined;
  /** The GM approved the proposal: apply it (credit hold, write-off hand-over, plan or legal action recorded). */
  applyProposal: boolean;
  reminders: number;
  /** Due time of the next step (ISO), for the inbox. */
  dueAt: string | null;
}

/** One case the scan opened (or found open without its workflow), ready to start. */
export type CollectionCaseStart = CollectionCaseWorkflowInput;
