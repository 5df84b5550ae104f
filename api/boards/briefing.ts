import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listBriefingExceptions, listDeliveries, listJobsReceivedOn } from '../../db/board.repository';
import { businessToday } from '../../lib/dates';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { Briefing, BriefingQuery } from './schemas';
import { addDays, boardOwners, exceptionNames, toDeliveryDay, toExceptionItem } from './views';

/**
 * GET /briefing — the morning meeting report (§2.4.2) of a salesperson (or of what a manager sees):
 * yesterday's orders, today's deliveries, open customs / transport / receivable anomalies, and
 * unconfirmed extra charges. Exceptions are the ones open now; each appears under one heading.
 */
export function briefingRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/briefing',
      {
        schema: {
          tags: ['boards'],
          summary:
            '晨會報告 morning briefing: yesterday’s orders, today’s deliveries, open anomalies, unconfirmed extra charges',
          querystring: BriefingQuery,
          response: { 200: Briefing, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const date = req.query.date ?? businessToday();
        const yesterday = addDays(date, -1);
        const ownerIds = await boardOwners(deps.db, user, req.query.ownerId);
        const [orders, deliveries, exceptions] = await Promise.all([
          listJobsReceivedOn(deps.db, yesterday, ownerIds),
          listDeliveries(deps.db, { dates: [date], ownerIds }),
          listBriefingExceptions(deps.db, ownerIds),
        ]);
        const now = new Date();
        const names = await exceptionNames(deps.db, exceptions);
        const items = exceptions.map((x) => toExceptionItem(x, now, names));
        return {
          date,
          yesterday,
          ownerId: req.query.ownerId ?? (user.role === 'sales' ? user.id : null),
          yesterdaysOrders: orders.map((o) => ({
            jobNo: o.job_no,
            customerNo: o.customer_no,
            customerName: o.customer_name,
            ownerId: o.owner_id,
            direction: o.direction,
            stage: o.current_stage,
            status: o.status,
            urgent: o.urgent,
            cargo: o.cargo,
            containerType: o.container_type,
            containerCount: o.container_count,
            eta: o.eta,
          })),
          todaysDeliveries: toDeliveryDay(date, deliveries),
          anomalies: items.filter((x) => x.type !== 'unconfirmed_extra_charge'),
          unconfirmedExtraCharges: items.filter((x) => x.type === 'unconfirmed_extra_charge'),
        };
      },
    );
  };
}
