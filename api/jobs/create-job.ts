import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findOpenJobsHoldingContainers, findQuoteOfContract } from '../../db/job.repository';
import { findRefForKey } from '../../db/request-key.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import { containerTypeProblem } from '../../domain/container-pricing';
import { coveredPaymentMethods, jobPaymentMethod } from '../../domain/payment-methods';
import { newWorkRefusal } from '../../domain/customer-work';
import { declaredValueProblem } from '../../domain/job-billing';
import { findRevision } from '../../db/quote.repository';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { businessYear } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { contractedStages } from '../../machines/job.machine';
import { jobWorkflowId } from '../../workflows/ids';
import { jobViewUpdate, type JobWorkflow } from '../../workflows/job.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import { takeJobOpenClearance } from '../credit/hold';
import { customerScopeOf, isInScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { callTemporal } from '../temporal-call';
import { CreateJobBody, JobDetail } from './schemas';
import { jobDetail } from './views';
import { containerHeld } from './advance-job';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';
import { stateLabel } from '../../domain/labels';

/** Steps per workflow run before a job continues as new. */
const JOB_STEPS_PER_RUN = 100;

/** POST /jobs — an order 「接單」 under a signed contract; its stages are exactly the contract's services. */
export function createJob(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/jobs',
      {
        schema: {
          tags: ['jobs'],
          summary: 'Open a job under a signed contract (salesperson of the contract, operations, commerce)',
          body: CreateJobBody,
          response: { 201: JobDetail, 200: JobDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, ['sales', 'operations', 'commerce'], 'open a job');
        const key = idempotencyKeyOf(req);
        const quote = await findQuoteOfContract(deps.db, req.body.contractNo);
        const scope = await customerScopeOf(deps.db, user);
        if (!quote || !isInScope(scope, quote.owner_id))
          throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.contract, req.body.contractNo));
        if (quote.status !== 'signed' && quote.status !== 'costed')
          throw new AppError(
            'conflict',
            `合同 ${req.body.contractNo} 尚未簽署（${stateLabel('quote', quote.status)?.zh ?? quote.status}） Contract ${req.body.contractNo} is not signed (${quote.status})`,
            { reason: 'wrong_state' },
          );
        // A suspended or terminated customer gets no new job (the rule quotes follow); a retry of a job opened before
        // the status changed answers that job.
        const customer = await findCustomerByNo(deps.db, quote.customer_no);
        const closed = customer && newWorkRefusal(customer, 'job');
        if (closed && (await findRefForKey(deps.db, user.id, 'job.create', key)) === undefined)
          throw new AppError('conflict', closed, {
            reason: 'customer_status',
            customerNo: customer.customer_no,
            customerStatus: customer.status,
          });
        const rev = await findRevision(deps.db, quote.quote_no, quote.revision);
        const services = [...new Set((rev?.lines ?? []).map((l) => l.serviceType))];
        const stages = contractedStages(services);
        // The methods the contract covers (domain/payment-methods.ts, the rule the desk's form offers by).
        const lines = rev?.lines ?? [];
        const payment = jobPaymentMethod(lines, req.body.paymentMethod);
        if (payment && !coveredPaymentMethods(lines).includes(payment))
          throw new AppError(
            'unprocessable',
            `合同 ${req.body.contractNo} 不包含${payment === 'lc' ? '信用證' : '電匯'} Contract ${req.body.contractNo} does not cover ${payment === 'lc' ? 'L/C' : 'T/T'}`,
            {
              fields: [
                {
                  path: 'body.paymentMethod',
                  message: `the contract does not cover ${payment === 'lc' ? 'L/C' : 'T/T'}`,
                },
              ],
            },
          );
        // A type the contract does not price would be billed without its per-container lines (ocean freight, transport).
        const typeProblem = containerTypeProblem(req.body.contractNo, rev?.lines ?? [], req.body.containers.type);
        if (typeProblem)
          throw new AppError('unprocessable', typeProblem, {
            fields: [{ path: 'body.containers.type', message: typeProblem }],
          });
        const declared = req.body.declaredValue
          ? { currency: req.body.declaredValue.currency, amount: req.body.declaredValue.amount }
          : null;
        const valueProblem = declaredValueProblem(rev?.lines ?? [], declared);
        if (valueProblem)
          throw new AppError('unprocessable', `申報價值的幣別不符 declaredValue.currency ${valueProblem}`, {
            fields: [{ path: 'body.declaredValue.currency', message: valueProblem }],
          });
        // One box, one open job: a number already on a job in progress is refused, naming that job.
        const held = await findOpenJobsHoldingContainers(deps.db, req.body.containers.numbers ?? []);
        const reusedKey = held.length ? await findRefForKey(deps.db, user.id, 'job.create', key) : undefined;
        if (held.length && reusedKey === undefined) {
          const h = held[0]!;
          throw containerHeld(h, `body.containers.numbers.${req.body.containers.numbers!.indexOf(h.containerNo)}`);
        }
        // A customer on credit hold: 409 unless a manager's override of this hold for the contract is taken.
        const clearance = await takeJobOpenClearance(deps.db, {
          customerNo: quote.customer_no,
          contractNo: req.body.contractNo,
          userId: user.id,
          key,
        });
        const { ref, reused } = await reserveNumberForKey(deps.db, user.id, 'job.create', key, 'job_id_seq');
        const jobNo = `J${businessYear()}-${String(ref).padStart(6, '0')}`;
        await clearance.markUsed(jobNo);
        const containers = Array.from({ length: req.body.containers.count }, (_, i) => `C${i + 1}`);
        const b = req.body;
        await callTemporal(deps, () =>
          deps.temporal.workflow.executeUpdateWithStart(jobViewUpdate, {
            args: [],
            startWorkflowOperation: new WithStartWorkflowOperation<JobWorkflow>('jobWorkflow', {
              workflowId: jobWorkflowId(deps.temporalConfig.workflowIdPrefix, jobNo),
              taskQueue: deps.temporalConfig.taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  jobNo,
                  customerNo: quote.customer_no,
                  ownerId: quote.owner_id,
                  direction: b.direction,
                  payment,
                  stages,
                  containers,
                  job: {
                    contractNo: b.contractNo,
                    quoteNo: quote.quote_no,
                    cargo: b.cargo,
                    portOfLoading: b.portOfLoading,
                    portOfDischarge: b.portOfDischarge,
                    vessel: b.vessel ?? null,
                    voyage: b.voyage ?? null,
                    etd: b.etd ?? null,
                    eta: b.eta ?? null,
                    requiredArrival: b.requiredArrival ?? null,
                    urgent: b.urgent,
                    declaredValue: declared,
                    containerType: b.containers.type,
                    containerNos: Object.fromEntries(containers.map((k, i) => [k, b.containers.numbers?.[i] ?? null])),
                  },
                  actor: actorOf(user),
                  idempotencyKey: key,
                  continueAfter: JOB_STEPS_PER_RUN,
                },
              ],
            }),
          }),
        );
        return reply.status(reused ? 200 : 201).send(await jobDetail(deps, user, jobNo));
      },
    );
  };
}
