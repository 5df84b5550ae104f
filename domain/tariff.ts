/**
 * Messages of the tariff workflows (standard tariff versions and tariff changes), shared by the API,
 * the workflows and their activities. Nothing here reads a database or Temporal.
 */
import type { TariffLineInput } from '../machines/catalog';
import type { Actor, AnyActor } from '../machines/roles';
import type { TariffChangeContext, TariffChangeEvent, TariffChangeStatus } from '../machines/tariff-change.machine';
import type { TariffContext, TariffEvent, TariffStatus } from '../machines/tariff.machine';

export interface TariffWorkflowInput {
  versionNo: number;
  title: string;
  effectiveFrom: string;
  lines: TariffLineInput[];
  actor: Actor;
  idempotencyKey: string;
}

/** One step of a version: the event with exactly its payload (new lines for `lines.replaced`), and the request's key. */
export type TariffCommand =
  | {
      event: Extract<TariffEvent, { type: 'lines.replaced' }>;
      lines: TariffLineInput[];
      title?: string;
      effectiveFrom?: string;
      idempotencyKey: string;
    }
  | { event: Exclude<TariffEvent, { type: 'lines.replaced' }>; idempotencyKey: string };

export interface TariffView {
  versionNo: number;
  status: TariffStatus;
  pendingRole: string | null;
  lineCount: number;
  submittedBy: string | null;
  approvedBy: string | null;
  /** The machine's state value and context, so a reader judges `actions` by the same rules. */
  machine: { value: unknown; context: TariffContext };
}

export interface TariffChangeWorkflowInput {
  changeId: number;
  baseVersionNo: number;
  reason: string;
  effectiveFrom: string;
  lines: TariffLineInput[];
  actor: Actor;
  idempotencyKey: string;
}

export interface TariffChangeCommand {
  event: TariffChangeEvent;
  idempotencyKey: string;
}

export interface TariffChangeView {
  changeId: number;
  status: TariffChangeStatus;
  pendingRole: string | null;
  marketingApprovedBy: string | null;
  decidedBy: string | null;
  resultVersionNo: number | null;
  machine: { value: unknown; context: TariffChangeContext };
}

/** One recorded step of a tariff chain (activity input): who, what, from and to which status, under which key. */
export interface TariffStepRecord {
  actor: AnyActor;
  action: string;
  fromState: string | null;
  toState: string;
  comment?: string | undefined;
  idempotencyKey: string;
}
