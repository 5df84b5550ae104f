/** Update and Query names of the tariff workflows; the message types live in domain/tariff.ts. */
import { defineQuery, defineUpdate } from '@temporalio/workflow';
import type {
  TariffChangeCommand,
  TariffChangeView,
  TariffChangeWorkflowInput,
  TariffCommand,
  TariffView,
  TariffWorkflowInput,
} from '../domain/tariff';

export type {
  TariffChangeCommand,
  TariffChangeView,
  TariffChangeWorkflowInput,
  TariffCommand,
  TariffView,
  TariffWorkflowInput,
};

export const tariffStepUpdate = defineUpdate<TariffView, [TariffCommand]>('tariff.step');
/** Returns the view once the draft and every accepted step are recorded (read-your-writes). */
export const tariffViewUpdate = defineUpdate<TariffView>('tariff.view');
export const tariffStatusQuery = defineQuery<TariffView>('tariff.status');

export const tariffChangeStepUpdate = defineUpdate<TariffChangeView, [TariffChangeCommand]>('tariffChange.step');
export const tariffChangeViewUpdate = defineUpdate<TariffChangeView>('tariffChange.view');
export const tariffChangeStatusQuery = defineQuery<TariffChangeView>('tariffChange.status');

/** Workflow signatures, so clients can start them by name without importing their implementation. */
export type TariffWorkflow = (input: TariffWorkflowInput) => Promise<TariffView>;
export type TariffChangeWorkflow = (input: TariffChangeWorkflowInput) => Promise<TariffChangeView>;
