/**
 * The shipment job's writes: one transaction per step — audit row (keyed by the step's idempotency
 * key; a retry finds it and does nothing), the job's read model and event, its containers, and the
 * step's named side effects (machines/job.machine.ts `JobEffect`): exceptions, the customer's delivery
 * notice, arrival and unloading times, and at billing the receivables. All SQL is in db/.
 */
import type { Kysely, Transaction } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import { findCustomerByNo } from '../db/customer.repository';
import type { Database } from '../db/database';
import {
  insertJob,
  insertJobEvent,
  insertJobException,
  insertReceivables,
  lockJob,
  markContainerArrived,
  markContainerUnloaded,
  recordContainerStep,
  resolveJobException,
  type ContainerFacts,
  updateJobProgress,
} from '../db/job.repository';
import type { JobRow } from '../db/job.table';
import { enqueueNotification } from '../db/work-item.repository';
import { jobBillingOf } from '../db/job-billing.repository';
import { termsText } from '../domain/payment-terms';
import type { JobStepRecord, JobWorkflowInput } from '../domain/job';
import { businessToday } from '../lib/dates';
import type { DueStep, JobEffect, JobStage } from '../machines/job.machine';

type Effect = (trx: Transaction<Database>, job: JobRow, s: JobStepRecord) => Promise<void>;

/** An effect named on a step that does not carry its facts: a bug in the table, not input. */
const misplaced = (effect: JobEffect, s: JobStepRecord) => new Error(`${effect} does not apply to ${s.action}`);

/** What each named side effect does; each narrows the record to the step whose facts it needs. */
const EFFECTS: Record<JobEffect, Effect> = {
  async markArrived(trx, job, s) {
    if (s.action !== 'transport.arrived') throw misplaced('markArrived', s);
    await markContainerArrived(trx, job.job_no, containerOf(s), s.data.customerConfirmed);
  },
  async markUnloaded(trx, job, s) {
    await markContainerUnloaded(trx, job.job_no, containerOf(s));
  },
  async queueDeliveryNotice(trx, job, s) {
    if (s.action !== 'transport.delivery_arranged') throw misplaced('queueDeliveryNotice', s);
    const customer = await findCustomerByNo(trx, job.customer_no);
    await enqueueNotification(trx, {
      kind: 'customer_delivery_notice',
      channel: 'sms',
      recipientId: `customer:${job.customer_no}`,
      recordType: 'job',
      recordId: job.job_no,
      subject: `送貨通知 ${job.job_no}`,
      body: `${customer?.contact_person ?? ''} 您好：貴司貨物（${job.cargo}，${job.container_count} 個 ${job.container_type} 櫃）已安排於 ${s.data.deliveryDate ?? '近日'} 送達 ${s.data.deliveryPlace ?? '貴司工廠'}，請安排收貨。作業編號 ${job.job_no}。`,
      dedupeKey: `delivery-notice:${job.job_no}:${s.idempotencyKey}`,
    });
  },
  async raiseReceivables(trx, job, s) {
    if (s.action !== 'billing.receivables_raised') throw misplaced('raiseReceivables', s);
    // Invoiced the day of billing; due by the contract's payment terms (the standard terms without any).
    const billing = await jobBillingOf(trx, job, s.data.charges, businessToday());
    await insertReceivables(
      trx,
      job,
      { invoiceDate: billing.invoiceDate, dueDate: billing.dueDate, paymentTerms: termsText(billing.terms) },
      billing.lines,
    );
  },
  async openException(trx, job, s) {
    if (s.action !== 'exception.raised') throw misplaced('openException', s);
    const e = s.event;
    const x = s.exception;
    await insertJobException(trx, {
      id: e.exceptionId,
      job,
      stage: e.stage,
      type: x.type,
      description: x.description,
      customerNotified: x.customerNotified,
      remedy: x.remedy ?? null,
      raisedBy: e.actor.id,
    });
  },
  async closeException(trx, _job, s) {
    if (s.action !== 'exception.resolved') throw misplaced('closeException', s);
    await resolveJobException(trx, s.event.exceptionId, s.event.actor.id, s.resolution);
  },
};

/** What a step records on its container(s): the number, delivery and truck facts of the steps that carry them. */
function containerFacts(s: JobStepRecord): ContainerFacts {
  switch (s.action) {
    case 'transport.delivery_arranged':
    case 'transport.truck_assigned':
    case 'transport.picked_up':
      return s.data;
    default:
      return {};
  }
}

function containerOf(s: JobStepRecord): string {
  if (s.event.type !== 'job.step' || !s.event.container) throw new Error(`${s.event.type} names no container`);
  return s.event.container;
}

export function createJobActivities({ db }: { db: Kysely<Database> }) {
  return {
    /** The job's first record: the job and its containers, the audit row and its 'order received' event. */
    async recordJobCreated(
      input: Omit<JobWorkflowInput, 'continueAfter' | 'carried'> & { waiting: DueStep[]; stage: JobStage | null },
    ): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const j = input.job;
        const job = await insertJob(trx, {
          jobNo: input.jobNo,
          contractNo: j.contractNo,
          quoteNo: j.quoteNo,
          customerNo: input.customerNo,
          ownerId: input.ownerId,
          direction: input.direction,
          payment: input.payment,
          stages: input.stages,
          stage: input.stage,
          waiting: input.waiting,
          cargo: j.cargo,
          portOfLoading: j.portOfLoading,
          portOfDischarge: j.portOfDischarge,
          vessel: j.vessel ?? null,
          voyage: j.voyage ?? null,
          etd: j.etd ?? null,
          eta: j.eta ?? null,
          requiredArrival: j.requiredArrival ?? null,
          urgent: j.urgent,
          declaredValue: j.declaredValue ?? null,
          containerType: j.containerType,
          containers: input.containers.map((key) => ({ key, containerNo: j.containerNos[key] ?? null })),
        });
        const fresh = await appendAudit(trx, {
          actorId: input.actor.id,
          actorRole: input.actor.role,
          onBehalfOf: input.actor.onBehalfOf ?? null,
          recordType: 'job',
          recordId: input.jobNo,
          action: 'job.created',
          toState: input.stage ?? 'completed',
          changes: {
            contractNo: job.contract_no,
            direction: job.direction,
            stages: job.stages,
            containers: job.container_count,
            urgent: job.urgent,
          },
          idempotencyKey: input.idempotencyKey,
        });
        if (!fresh) return;
        await insertJobEvent(trx, {
          job,
          stage: null,
          step: 'job.created',
          container: null,
          containers: job.container_count,
          businessDate: businessToday(),
          actorId: input.actor.id,
          idempotencyKey: input.idempotencyKey,
        });
      });
    },

    /** One accepted event: audit row, event row and container facts (steps), its named effects, and where the job stands. */
    async recordJobStep(s: JobStepRecord): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const e = s.event;
        const fresh = await appendAudit(trx, {
          actorId: e.actor.id,
          actorRole: e.actor.role,
          onBehalfOf: e.actor.onBehalfOf ?? null,
          recordType: 'job',
          recordId: s.jobNo,
          action: e.type === 'job.step' ? e.step : e.type,
          fromState: s.fromStage ?? 'completed',
          toState: s.toStage ?? 'completed',
          comment: e.comment ?? null,
          changes: {
            ...(e.type === 'job.step' && e.container ? { container: e.container } : {}),
            ...(s.overrode ? { override: 'stage completed over an open exception' } : {}),
            ...('data' in s && s.data ? { data: s.data } : {}),
            ...(s.action === 'exception.raised' ? { exception: s.exception } : {}),
            ...(e.type !== 'job.step' ? { exceptionId: e.exceptionId } : {}),
          },
          idempotencyKey: s.idempotencyKey,
        });
        if (!fresh) return;
        const job = await lockJob(trx, s.jobNo);
        if (e.type === 'job.step') {
          // Job-level steps apply to every container; per-container steps to one.
          await recordContainerStep(trx, job.job_no, e.container ?? null, e.step, containerFacts(s));
          const containers = e.container ? 1 : job.container_count;
          await insertJobEvent(trx, {
            job,
            stage: s.fromStage,
            step: e.step,
            container: e.container ?? null,
            containers,
            businessDate: businessToday(),
            actorId: e.actor.id,
            idempotencyKey: s.idempotencyKey,
          });
        }
        for (const effect of s.effects) await EFFECTS[effect](trx, job, s);
        await updateJobProgress(trx, job.job_no, {
          status: s.status,
          stage: s.toStage,
          stageChanged: s.fromStage !== s.toStage,
          waiting: s.waiting,
          completedNow: s.status === 'completed' && !job.completed_at,
        });
      });
    },
  };
}
