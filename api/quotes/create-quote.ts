import type { Role } from '../../machines/roles';
import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { newWorkRefusal } from '../../domain/customer-work';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { businessToday, businessYear, endOfBusinessDay } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { quoteWorkflowId } from '../../workflows/ids';
import { quoteViewUpdate, type QuoteWorkflow } from '../../workflows/quote.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { callTemporal } from '../temporal-call';
import { tariffForQuoteLines } from './preview-quote';
import { CreateQuoteBody, QuoteDetail } from './schemas';
import { quoteDetail } from './views';
import { RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';
import { quoteValidUntilProblem } from '../../domain/quote';

const formatQuoteNo = (year: number, id: number) => `Q${year}-${String(id).padStart(6, '0')}`;

/** Who starts quotes: salespeople, for their own customers. */
export const QUOTE_CREATORS: readonly Role[] = ['sales'];

/** POST /quotes — a salesperson starts an initial quote 「初始報價」 for one of their customers. */
export function createQuote(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.post(
      '/quotes',
      {
        schema: {
          tags: ['quotes'],
          summary: 'Start a quote for one of your customers, priced on the tariff in force today',
          body: CreateQuoteBody,
          response: { 201: QuoteDetail, 200: QuoteDetail, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, QUOTE_CREATORS, 'start a quote');
        const key = idempotencyKeyOf(req);
        const customer = await findCustomerByNo(deps.db, req.body.customerNo);
        if (!customer || customer.owner_id !== user.id)
          throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.customer, req.body.customerNo));
        const closed = newWorkRefusal(customer, 'quote');
        // The same answer as POST /jobs: the customer's status, not the request, stands in the way (409).
        if (closed)
          throw new AppError('conflict', closed, {
            reason: 'customer_status',
            customerNo: customer.customer_no,
            customerStatus: customer.status,
          });
        const today = businessToday();
        if (quoteValidUntilProblem(req.body.validUntil, today)) {
          throw new AppError('unprocessable', REFUSAL_TEXT.inPast('報價有效期至', 'validUntil'), {
            fields: [{ path: 'body.validUntil', message: 'in the past' }],
          });
        }
        // Every line must name a line of the tariff in force and be priceable on it: refused here, before a number is reserved or a workflow started.
        const tariff = await tariffForQuoteLines(deps.db, { date: today }, req.body.lines);
        const { ref, reused } = await reserveNumberForKey(deps.db, user.id, 'quote.create', key, 'quote_id_seq');
        const quoteNo = formatQuoteNo(businessYear(), ref);
        const { taskQueue, workflowIdPrefix } = deps.temporalConfig;
        await callTemporal(deps, () =>
          deps.temporal.workflow.executeUpdateWithStart(quoteViewUpdate, {
            args: [],
            startWorkflowOperation: new WithStartWorkflowOperation<QuoteWorkflow>('quoteWorkflow', {
              workflowId: quoteWorkflowId(workflowIdPrefix, quoteNo),
              taskQueue,
              workflowIdConflictPolicy: 'USE_EXISTING',
              args: [
                {
                  quoteNo,
                  customerNo: customer.customer_no,
                  ownerId: user.id,
                  tariffVersionNo: tariff.versionNo,
                  validUntil: req.body.validUntil,
                  expiresAt: endOfBusinessDay(req.body.validUntil),
                  lines: req.body.lines,
                  actor: actorOf(user),
                  idempotencyKey: key,
                  sla: deps.config.quoteSla,
                  slaWorkingDays: deps.config.quoteSlaWorkingDays,
                },
              ],
            }),
          }),
        );
        return reply.status(reused ? 200 : 201).send(await quoteDetail(deps, user, quoteNo));
      },
    );
  };
}
