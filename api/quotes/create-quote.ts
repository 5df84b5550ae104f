import { WithStartWorkflowOperation } from '@temporalio/client';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findCustomerByNo } from '../../db/customer.repository';
import { reserveNumberForKey } from '../../db/request-key.repository';
import { findTariffInForce, findTariffLines, fromLineRow } from '../../db/tariff.repository';
import { businessToday, businessYear, endOfBusinessDay } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { quoteLineProblems, refuseProblems } from '../../lib/pricing';
import { quoteWorkflowId } from '../../workflows/ids';
import { refuseUnquotable } from './views';
import { quoteViewUpdate, type QuoteWorkflow } from '../../workflows/quote.definitions';
import { actorOf, idempotencyKeyOf, requireRole } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { callTemporal } from '../temporal-call';
import { CreateQuoteBody, QuoteDetail } from './schemas';
import { quoteDetail } from './views';

export const formatQuoteNo = (year: number, id: number) => `Q${year}-${String(id).padStart(6, '0')}`;

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
        const user = requireRole(req, ['sales'], 'start a quote');
        const key = idempotencyKeyOf(req);
        const customer = await findCustomerByNo(deps.db, req.body.customerNo);
        if (!customer || customer.owner_id !== user.id) throw new AppError('not_found', `No customer ${req.body.customerNo}`);
        if (customer.status === 'suspended' || customer.status === 'terminated') {
          throw new AppError('unprocessable', `Customer ${customer.customer_no} is ${customer.status}: no new quotes`);
        }
        const today = businessToday();
        if (req.body.validUntil < today) {
          throw new AppError('unprocessable', 'validUntil must not be in the past', { fields: [{ path: 'body.validUntil', message: 'in the past' }] });
        }
        const tariff = await findTariffInForce(deps.db, today);
        if (!tariff) throw new AppError('unprocessable', `No locked tariff version is in force on ${today}`);
        // Every line must name a line of that tariff: refused here, before a number is reserved or a workflow started.
        const tariffLines = (await findTariffLines(deps.db, tariff.version_no)).map(fromLineRow);
        // Digits, whole-number quantities and amount limits (issue 10): 400 before anything is stored.
        refuseProblems(quoteLineProblems(tariffLines, req.body.lines));
        // Every line must name a line of that tariff valid today: 422 naming the line and its validity.
        refuseUnquotable(tariff.version_no, tariffLines, req.body.lines, today);
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
                  tariffVersionNo: tariff.version_no,
                  validUntil: req.body.validUntil,
                  expiresAt: endOfBusinessDay(req.body.validUntil),
                  lines: req.body.lines,
                  actor: actorOf(user),
                  idempotencyKey: key,
                  sla: deps.config.quoteSla,
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
