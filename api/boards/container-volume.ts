import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { findVolume, sumVolumeBudget } from '../../db/board.repository';
import { findDisplayNames, listUsers } from '../../db/user.repository';
import { businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { daysOfMonth, monthlySheet, sumVolume } from '../../lib/volume';
import { inSight, sightIn } from '../acting';
import { currentUser, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { MonthlyVolumeQuery, MonthlyVolumeSheet, VolumeBoard, VolumeQuery } from './schemas';
import { VOLUME_BUDGET_ROLES } from './set-volume-budget';
import { addDays, boardOwners } from './views';

/** The longest range one volume request may span. */
const MAX_DAYS = 366;

/**
 * The salespeople whose budget `user` may set (PUT /container-volume-budgets: a salesperson themself, a sales manager
 * or their delegate the team — the route's own rule, `sightIn` of VOLUME_BUDGET_ROLES), active ones, by display name:
 * what the desk's salesperson picker offers, so nobody types a login.
 */
async function volumeBudgetOwners(deps: ApiDeps, user: CurrentUser): Promise<{ id: string; name: string }[]> {
  const sight = await sightIn(deps, user, VOLUME_BUDGET_ROLES);
  if (sight !== undefined && sight.length === 0) return [];
  const sales = await listUsers(deps.db, { role: 'sales', active: true });
  return sales.filter((u) => inSight(sight, u.id)).map((u) => ({ id: u.id, name: u.display_name }));
}

/** GET /boards/container-volume 「柜量」 per business day and salesperson, and the monthly sheet 「月柜量進度表」. */
export function containerVolumeRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/boards/container-volume',
      {
        schema: {
          tags: ['boards'],
          summary:
            '柜量 container volume per business day and salesperson: orders, containers ordered / released / delivered, urgent orders',
          querystring: VolumeQuery,
          response: { 200: VolumeBoard, ...errorResponses },
        },
      },
      async (req) => {
        const today = businessToday();
        const to = req.query.to ?? (req.query.from && req.query.from > today ? req.query.from : today);
        const from = req.query.from ?? `${to.slice(0, 7)}-01`;
        if (from > to)
          throw new AppError('bad_request', 'from must not be after to', {
            fields: [{ path: 'querystring.from', message: 'after to' }],
          });
        if (addDays(from, MAX_DAYS) <= to)
          throw new AppError('bad_request', `At most ${MAX_DAYS} days at a time`, {
            fields: [{ path: 'querystring.to', message: 'range too long' }],
          });
        const ownerIds = await boardOwners(deps.db, currentUser(req), req.query.ownerId);
        const rows = await findVolume(deps.db, { from, to, ownerIds });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.ownerId),
        );
        return {
          from,
          to,
          rows: rows.map((r) => ({ ...r, ownerName: names.get(r.ownerId) ?? null })),
          total: sumVolume(rows),
        };
      },
    );

    app.get(
      '/boards/container-volume/monthly',
      {
        schema: {
          tags: ['boards'],
          summary:
            '月柜量進度表 monthly container volume: every day, running totals, delivered containers against the budget',
          querystring: MonthlyVolumeQuery,
          response: { 200: MonthlyVolumeSheet, ...errorResponses },
        },
      },
      async (req) => {
        const month = req.query.month ?? businessToday().slice(0, 7);
        const user = currentUser(req);
        const ownerIds = await boardOwners(deps.db, user, req.query.ownerId);
        const days = daysOfMonth(month);
        const [rows, budget, budgetOwners] = await Promise.all([
          findVolume(deps.db, { from: days[0]!, to: days[days.length - 1]!, ownerIds }),
          sumVolumeBudget(deps.db, month, ownerIds),
          volumeBudgetOwners(deps, user),
        ]);
        const ownerId = req.query.ownerId ?? (user.role === 'sales' ? user.id : null);
        return { month, ownerId, ...monthlySheet(month, rows, budget), budgetOwners };
      },
    );
  };
}
