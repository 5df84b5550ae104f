/** Messages of the tariff workflows, shared by the workflow and its clients (API, tests). */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type { TariffLineInput } from '../machines/catalog';
import type { Actor } from '../machines/roles';
import type { TariffChangeEvent, TariffChangeStatus } from '../machines/tariff-change.machine';
import type { TariffEvent, TariffStatus } from '../machines/tariff.machine';

export interface TariffWorkflowInput {
  versionNo: number;
  title: string;
  effectiveFrom: string;
  lines: TariffLineInput[];
  actor: Actor;
  idempotencyKey: string;
}

/** One step: the machine event, the new lines for `lines.replaced`, and the request's idempotency key. */
export interface TariffCommand {
  event: TariffEvent;
  lines?: TariffLineInput[];
  title?: string;
  effectiveFrom?: string;
  idempotencyKey: string;
}

export interface TariffView {
  versionNo: number;
  status: TariffStatus;
  pendingRole: string | null;
  lineCount: number;
  submittedBy: string | null;
  approvedBy: string | null;
}

export const tariffStepUpdate = defineUpdate<TariffView, [TariffCommand]>('tariff.step');
/** Returns the view once the draft and every accepted step are recorded (read-your-writes). */
export const tariffViewUpdate = defineUpdate<TariffView>('tariff.view');
export const tariffStatusQuery = defineQuery<TariffView>('tariff.status');

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
}

export const tariffChangeStepUpdate = defineUpdate<TariffChangeView, [TariffChangeCommand]>('tariffChange.step');
export const tariffChangeViewUpdate = defineUpdate<TariffChangeView>('tariffChange.view');
export const tariffChangeStatusQuery = defineQuery<TariffChangeView>('tariffChange.status');

/** Workflow signatures, so clients can start them by name without importing their implementation. */
export type TariffWorkflow = (input: TariffWorkflowInput) => Promise<TariffView>;
export type TariffChangeWorkflow = (input: TariffChangeWorkflowInput) => Promise<TariffChangeView>;
