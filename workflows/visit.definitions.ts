/** Messages of the visit re-confirm reminder workflow (`visit-reminder-<visitId>`). */
import { defineSignal } from '@temporalio/workflow';

export interface VisitReminderInput {
  visitId: number;
  customerNo: string;
  ownerId: string;
  /** ISO instant the reminder lands: the start of the business day before the visit. */
  remindAt: string;
  /** ISO instant of the visit: the inbox item is due then and closes when it passes. */
  plannedAt: string;
}

/** A new appointment that needs re-confirming (re-arms the timer), or `done`: re-confirmed, recorded or cancelled. */
export type VisitReminderMessage = { next: VisitReminderInput } | { done: 'reconfirmed' | 'recorded' | 'cancelled' };
export const visitReminderChangedSignal = defineSignal<[VisitReminderMessage]>('visit.changed');

export type VisitReminderWorkflow = (input: VisitReminderInput) => Promise<{ outcome: string }>;
