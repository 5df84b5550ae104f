import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { listBriefingExceptions, listDeliveries, listJobsReceivedOn } from '../../db/board.repository';
import { listReceiptBalances, listReceivableBalances } from '../../db/ledger.repository';
import { isPastDue } from '../../domain/ledger';
import { businessToday } from '../../lib/dates';
import { Decimal, parseDecimal } from '../../lib/money';
import type { OwnerIds } from '../../db/board.repository';
import { LEDGER_READERS } from '../receivables/access';
import { fmtScaled } from '../receivables/views';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { Briefing, BriefingQuery } from './schemas';
import { addDays, boardOwners, exceptionNames, toDeliveryDay, toExceptionItem } from './views';

/**
 * The briefing's receivables per currency as of `date` (see `Briefing.receivables`): open and overdue
 * amounts from the ledger's entries (a receivable is overdue from the day after its due date, as in the
 * aging), customers with an overdue amount, and the receipts received on `yesterday`.
 */
async function briefingReceivables(deps: ApiDeps, date: string, yesterday: string, ownerIds: OwnerIds) {
  const [open, receipts] = await Promise.all([
    listReceivableBalances(deps.db, { asOf: date, ownerIds, openOnly: true }),
    listReceiptBalances(deps.db, { asOf: yesterday, ownerIds }),
  ]);
  const rows = new Map<string, { outstanding: Decimal; overdue: Decimal; late: Set<string>; collected: Decimal }>();
  const row = (currency: string) =>
    rows.get(currency) ??
    rows
      .set(currency, {
        outstanding: new Decimal(0),
        overdue: new Decimal(0),
        late: new Set(),
        collected: new Decimal(0),
      })
      .get(currency)!;
  for (const r of open) {
    const x = row(r.currency);
    const v = parseDecimal(r.outstanding);
    x.outstanding = x.outstanding.plus(v);
    if (isPastDue(r.due_date, date) && !v.isZero()) {
      x.overdue = x.overdue.plus(v);
      x.late.add(r.customer_no);
    }
  }
  for (const p of receipts.filter((p) => p.received_on === yesterday)) {
    const x = row(p.currency);
    x.collected = x.collected.plus(parseDecimal(p.amount));
  }
  return [...rows.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([currency, x]) => ({
      currency,
      outstanding: fmtScaled(x.outstanding, currency),
      overdue: fmtScaled(x.overdue, currency),
      overdueCustomers: x.late.size,
      collectedYesterday: fmtScaled(x.collected, currency),
    }));
}

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
        const [orders, deliveries, exceptions, receivables] = await Promise.all([
          listJobsReceivedOn(deps.db, yesterday, ownerIds),
          listDeliveries(deps.db, { dates: [date], ownerIds }),
          listBriefingExceptions(deps.db, ownerIds),
          LEDGER_READERS.includes(user.role) ? briefingReceivables(deps, date, yesterday, ownerIds) : null,
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
            ownerName: o.owner_name,
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
          receivables,
        };
      },
    );
  };
}
