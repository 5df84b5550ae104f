/**
 * The shipment job's writes: one transaction per step — audit row (keyed by the step's idempotency
 * key; a retry finds it and does nothing), the job's read model and event, its containers, exceptions,
 * the customer's delivery notice and, at billing, the receivables.
 */
import { sql, type Kysely, type Transaction } from 'kysely';
import { appendAudit } from '../db/audit.repository';
import type { Database } from '../db/database';
import type { WaitingStep } from '../db/job.table';
import { findCustomerByNo } from '../db/customer.repository';
import { findInternalQuote, findQuote, findRevision } from '../db/quote.repository';
import { enqueueNotification } from '../db/work-item.repository';
import { businessToday } from '../lib/dates';
import { currencyDigits, fromScaled, roundHalfEven, toScaled } from '../lib/money';
import type { Currency } from '../machines/catalog';
import { JOB_STAGE_LABELS, type JobEvent, type JobStage, type JobStatus } from '../machines/job.machine';
import type { JobExceptionData, JobStepData, JobWorkflowInput } from '../workflows/job.definitions';

export interface JobStepRecord {
  jobNo: string;
  event: JobEvent;
  idempotencyKey: string;
  fromStage: JobStage | null;
  toStage: JobStage | null;
  status: JobStatus;
  waiting: WaitingStep[];
  /** A manager completed the stage over an open exception. */
  overrode: boolean;
  data?: JobStepData;
  exception?: JobExceptionData;
  resolution?: string;
}

const CONTAINER_UNITS: Record<string, string> = { per_20gp: '20GP', per_40gp: '40GP', per_40hq: '40HQ' };
const addDays = (d: string, n: number) => {
  const x = new Date(`${d}T00:00:00Z`);
  x.setUTCDate(x.getUTCDate() + n);
  return x.toISOString().slice(0, 10);
};

/** Receivables of a billed job: the contract's service prices for this job's containers, the customer's fee items, and actual charges. */
async function raiseReceivables(trx: Transaction<Database>, jobNo: string, charges: { label: string; currency: string; amount: string }[]): Promise<number> {
  const job = await trx.selectFrom('jobs').selectAll().where('job_no', '=', jobNo).executeTakeFirstOrThrow();
  const quote = await findQuote(trx, job.quote_no);
  if (!quote) throw new Error(`job ${jobNo} has no quote`);
  const [rev, iq] = await Promise.all([findRevision(trx, quote.quote_no, quote.revision), findInternalQuote(trx, quote.quote_no, quote.revision)]);
  const due = addDays(businessToday(), 30);
  const rows: { label: string; source: 'service' | 'fee_item' | 'actual_charge'; currency: string; amount: string }[] = [];
  for (const l of rev?.lines ?? []) {
    const type = CONTAINER_UNITS[l.unit];
    const count = type ? (type === job.container_type ? job.container_count : 0) : l.unit === 'per_shipment' ? 1 : 0;
    if (count === 0) continue;
    const amount = roundHalfEven(toScaled(l.quotedPrice) * BigInt(count), currencyDigits(l.currency));
    rows.push({ label: `${l.serviceType} ${l.routeFrom}→${l.routeTo}`, source: 'service', currency: l.currency, amount: fromScaled(amount, currencyDigits(l.currency)) });
  }
  for (const f of iq?.fee_items ?? []) if (f.payer === 'customer') rows.push({ label: f.name, source: 'fee_item', currency: f.currency, amount: f.amount });
  for (const c of charges) rows.push({ label: c.label, source: 'actual_charge', currency: c.currency, amount: fromScaled(roundHalfEven(toScaled(c.amount), currencyDigits(c.currency as Currency)), currencyDigits(c.currency as Currency)) });
  if (rows.length) {
    await trx
      .insertInto('receivables')
      .values(rows.map((r) => ({ job_no: jobNo, customer_no: job.customer_no, contract_no: job.contract_no, due_date: due, ...r })))
      .execute();
  }
  return rows.length;
}

/** Container facts a step carries. */
async function updateContainers(trx: Transaction<Database>, jobNo: string, e: Extract<JobEvent, { type: 'job.step' }>, d: JobStepData | undefined): Promise<void> {
  const patch: Record<string, unknown> = { last_step: e.step };
  if (d?.containerNo) patch.container_no = d.containerNo;
  if (d?.deliveryDate) patch.delivery_date = d.deliveryDate;
  if (d?.deliveryPlace) patch.delivery_place = d.deliveryPlace;
  if (d?.truck) patch.truck = d.truck;
  if (d?.driver) patch.driver = d.driver;
  if (d?.driverPhone) patch.driver_phone = d.driverPhone;
  if (e.step === 'transport.arrived') {
    patch.arrived_at = sql`now()`;
    patch.customer_confirmed = d?.customerConfirmed ?? false;
  }
  if (e.step === 'transport.unloaded') patch.unloaded_at = sql`now()`;
  let q = trx.updateTable('job_containers').set(patch).where('job_no', '=', jobNo);
  // Job-level steps (e.g. the delivery date) apply to every container; per-container steps to one.
  if (e.container) q = q.where('container_key', '=', e.container);
  await q.execute();
}

export function createJobActivities({ db }: { db: Kysely<Database> }) {
  return {
    /** The job's first record: the job and its containers, the audit row and its 'order received' event. */
    async recordJobCreated(input: Omit<JobWorkflowInput, 'continueAfter' | 'carried'> & { waiting: WaitingStep[]; stage: JobStage | null }): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const j = input.job;
        await trx
          .insertInto('jobs')
          .values({
            job_no: input.jobNo,
            contract_no: j.contractNo,
            quote_no: j.quoteNo,
            customer_no: input.customerNo,
            owner_id: input.ownerId,
            direction: input.direction,
            payment_method: input.payment,
            stages: JSON.stringify(input.stages),
            status: 'in_progress',
            current_stage: input.stage,
            waiting: JSON.stringify(input.waiting),
            waiting_roles: [...new Set(input.waiting.flatMap((w) => w.roles))],
            stage_since: sql`now()` as unknown as Date,
            cargo: j.cargo,
            port_of_loading: j.portOfLoading,
            port_of_discharge: j.portOfDischarge,
            vessel: j.vessel ?? null,
            voyage: j.voyage ?? null,
            etd: j.etd ?? null,
            eta: j.eta ?? null,
            required_arrival: j.requiredArrival ?? null,
            urgent: j.urgent,
            container_type: j.containerType,
            container_count: input.containers.length,
          })
          .onConflict((oc) => oc.column('job_no').doNothing())
          .execute();
        await trx
          .insertInto('job_containers')
          .values(input.containers.map((key) => ({ job_no: input.jobNo, container_key: key, container_no: j.containerNos[key] ?? null, container_type: j.containerType })))
          .onConflict((oc) => oc.columns(['job_no', 'container_key']).doNothing())
          .execute();
        const job = await trx.selectFrom('jobs').selectAll().where('job_no', '=', input.jobNo).executeTakeFirstOrThrow();
        const fresh = await appendAudit(trx, {
          actorId: input.actor.id,
          actorRole: input.actor.role,
          onBehalfOf: input.actor.onBehalfOf ?? null,
          recordType: 'job',
          recordId: input.jobNo,
          action: 'job.created',
          toState: input.stage ?? 'completed',
          changes: { contractNo: job.contract_no, direction: job.direction, stages: job.stages, containers: job.container_count, urgent: job.urgent },
          idempotencyKey: input.idempotencyKey,
        });
        if (!fresh) return;
        await trx
          .insertInto('job_events')
          .values({ job_no: job.job_no, owner_id: job.owner_id, customer_no: job.customer_no, stage: null, step: 'job.created', container_key: null, containers: job.container_count, urgent: job.urgent, business_date: businessToday(), actor_id: input.actor.id, idempotency_key: input.idempotencyKey })
          .execute();
      });
    },

    async recordJobStep(s: JobStepRecord): Promise<void> {
      await db.transaction().execute(async (trx) => {
        const e = s.event;
        const action = e.type === 'job.step' ? e.step : e.type;
        const fresh = await appendAudit(trx, {
          actorId: e.actor.id,
          actorRole: e.actor.role,
          onBehalfOf: e.actor.onBehalfOf ?? null,
          recordType: 'job',
          recordId: s.jobNo,
          action,
          fromState: s.fromStage ?? 'completed',
          toState: s.toStage ?? 'completed',
          comment: e.comment ?? null,
          changes: {
            ...(e.type === 'job.step' && e.container ? { container: e.container } : {}),
            ...(s.overrode ? { override: 'stage completed over an open exception' } : {}),
            ...(s.data ? { data: s.data } : {}),
            ...(s.exception ? { exception: s.exception } : {}),
            ...(e.type !== 'job.step' ? { exceptionId: e.exceptionId } : {}),
          },
          idempotencyKey: s.idempotencyKey,
        });
        if (!fresh) return;
        const job = await trx.selectFrom('jobs').selectAll().where('job_no', '=', s.jobNo).forUpdate().executeTakeFirstOrThrow();
        if (e.type === 'job.step') {
          await updateContainers(trx, s.jobNo, e, s.data);
          const containers = e.container ? 1 : job.container_count;
          await trx
            .insertInto('job_events')
            .values({ job_no: job.job_no, owner_id: job.owner_id, customer_no: job.customer_no, stage: s.fromStage, step: e.step, container_key: e.container ?? null, containers, urgent: job.urgent, business_date: businessToday(), actor_id: e.actor.id, idempotency_key: s.idempotencyKey })
            .execute();
          if (e.step === 'transport.delivery_arranged') {
            const customer = await findCustomerByNo(trx, job.customer_no);
            await enqueueNotification(trx, {
              kind: 'customer_delivery_notice',
              recipientId: `customer:${job.customer_no}`,
              recordType: 'job',
              recordId: job.job_no,
              subject: `送貨通知 ${job.job_no}`,
              body: `${customer?.contact_person ?? ''} 您好：貴司貨物（${job.cargo}，${job.container_count} 個 ${job.container_type} 櫃）已安排於 ${s.data?.deliveryDate ?? '近日'} 送達 ${s.data?.deliveryPlace ?? '貴司工廠'}，請安排收貨。作業編號 ${job.job_no}。`,
              dedupeKey: `delivery-notice:${job.job_no}:${s.idempotencyKey}`,
            });
          }
          if (e.step === 'billing.receivables_raised') await raiseReceivables(trx, s.jobNo, s.data?.charges ?? []);
        }
        if (e.type === 'exception.raised') {
          const x = s.exception!;
          await trx
            .insertInto('job_exceptions')
            .values({ id: e.exceptionId, job_no: job.job_no, owner_id: job.owner_id, customer_no: job.customer_no, stage: e.stage, type: x.type, description: x.description, customer_notified_at: x.customerNotified ? new Date() : null, remedy: x.remedy ?? null, status: 'open', raised_by: e.actor.id })
            .execute();
        }
        if (e.type === 'exception.resolved') {
          await trx.updateTable('job_exceptions').set({ status: 'resolved', resolved_by: e.actor.id, resolved_at: sql`now()`, resolution: s.resolution ?? e.comment ?? null }).where('id', '=', e.exceptionId).execute();
        }
        const stageChanged = s.fromStage !== s.toStage;
        await trx
          .updateTable('jobs')
          .set({
            status: s.status,
            current_stage: s.toStage,
            waiting: JSON.stringify(s.waiting),
            waiting_roles: [...new Set(s.waiting.flatMap((w) => w.roles))],
            updated_at: sql`now()`,
            ...(stageChanged ? { stage_since: sql`now()` as unknown as Date } : {}),
            ...(s.status === 'completed' && !job.completed_at ? { completed_at: sql`now()` as unknown as Date } : {}),
          })
          .where('job_no', '=', s.jobNo)
          .execute();
      });
    },
  };
}

export const stageLabel = (s: JobStage) => JOB_STAGE_LABELS[s];
