/** Update, Query and Signal names of the abnormal-collection workflows; the message types live in domain/collection-case.ts. */
import { defineQuery, defineSignal, defineUpdate } from '@temporalio/workflow';
import type { CollectionCaseCommand, CollectionCaseView, CollectionCaseWorkflowInput } from '../domain/collection-case';

export type { CollectionCaseCommand, CollectionCaseView, CollectionCaseWorkflowInput };

export const collectionStepUpdate = defineUpdate<CollectionCaseView, [CollectionCaseCommand]>('collection.step');
/** Returns the view once every accepted step is recorded (read-your-writes). */
export const collectionViewUpdate = defineUpdate<CollectionCaseView>('collection.view');
export const collectionStatusQuery = defineQuery<CollectionCaseView>('collection.status');
/** The ledger may have changed (the scan found nothing past due): read it and close if the money is in. */
export const collectionRecheckSignal = defineSignal('collection.recheck');

/** Input of one scan (the Schedule's action): the deployment's workflow-id prefix. */
export interface CollectionScanInput {
  workflowIdPrefix: string;
}

export type CollectionCaseWorkflow = (input: CollectionCaseWorkflowInput) => Promise<CollectionCaseView>;
export type CollectionScanWorkflow = (input: CollectionScanInput) => Promise<{ started: number; rechecked: number }>;

/** Input of `collection-plan-<customerNo>` (the durable call reminder) and of its `collection.planChanged` signal. */
export interface CollectionPlanInput {
  customerNo: string;
  ownerId: string;
  plannedOn: string;
  /** When the call window opens (ISO instant). */
  callFrom: string;
  /** When the planned date ends (ISO instant). */
  plannedEnd: string;
}

/** A new planned collection date: the reminder waits for its window instead. */
export const collectionPlanChangedSignal = defineSignal<[CollectionPlanInput]>('collection.planChanged');
/** The customer was called: the reminder closes. */
export const collectionCalledSignal = defineSignal<[{ calledOn: string }]>('collection.called');

export type CollectionPlanWorkflow = (input: CollectionPlanInput) => Promise<{ outcome: string }>;
