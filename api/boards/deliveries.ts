import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listDeliveries } from '../../db/board.repository';
import { businessToday } from '../../lib/dates';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { DeliveriesBoard, DeliveriesQuery } from './schemas';
import { addDays, boardOwners, toDeliveryDay } from './views';

/** GET /boards/deliveries 「送貨跟進表」: the day's and the next day's deliveries per customer, with truck, driver and arrival. */
export function deliveriesRoute(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/boards/deliveries',
      {
        schema: {
          tags: ['boards'],
          summary:
            '送貨跟進表 deliveries of the day (default today) and the next day, per customer: truck, driver, phone, arrival',
          querystring: DeliveriesQuery,
          response: { 200: DeliveriesBoard, ...errorResponses },
        },
      },
      async (req) => {
        const date = req.query.date ?? businessToday();
        const dates = [date, addDays(date, 1)];
        const ownerIds = await boardOwners(deps.db, currentUser(req), req.query.ownerId);
        const rows = await listDeliveries(deps.db, { dates, ownerIds, customerNo: req.query.customerNo });
        return { date, days: dates.map((d) => toDeliveryDay(d, rows)) };
      },
    );
  };
}
