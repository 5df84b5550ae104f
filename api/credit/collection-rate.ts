/**
 * Collection rate 回款率 per salesperson and month against the target their sales manager sets (§2.2.6):
 * - `GET /collection-rate?month=&ownerId=`: per salesperson in sight (a salesperson themself, a sales manager
 *   their team, the other ledger readers everyone) and currency, what fell due in the month, what of it was
 *   collected and the rate (domain/collection-rate.ts, the one formula), beside the month's target and the
 *   caller's `actions` (set the target);
 * - `PUT /collection-targets/:month/:ownerId` {targetPct}: the salesperson's sales manager (another team's
 *   salesperson: 404) or the GM sets it — or whoever holds their delegation, checked against the delegator's team
 *   and audited on the delegator's behalf (`onBehalfOf`); never one's own target (403 `segregation_of_duties`);
 *   audited (`collection_target`, `<ownerId>:<month>`, `collection_target.set` with from/to), idempotent
 *   (`Idempotency-Key`: a retry changes nothing). A delegate also reads the delegator's team here.
 * The target lives in `collection_targets` (one row per salesperson and month) — see the README for why not
 * the monthly plan's `collectionRatePct`.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { appendAudit } from '../../db/audit.repository';
import { collectionFigures } from '../../db/plan.repository';
import { listCollectionTargets, upsertCollectionTarget } from '../../db/reconciliation.repository';
import { findUserById, listUsers } from '../../db/user.repository';
import type { RecordAction } from '../../domain/actions';
import { collectionPeriod, collectionRatePct, formatPct, targetMet } from '../../domain/collection-rate';
import { businessTimeZone, businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { Decimal, formatMoney } from '../../lib/money';
import { CURRENCIES, type Currency } from '../../machines/catalog';
import type { Actor } from '../../machines/roles';
import { actorsFor, forbiddenFor, sightOf as sightOfActor } from '../acting';
import { currentUser, idempotencyKeyOf, type CurrentUser } from '../auth';
import { RecordActions } from '../actions';
import { isInScope, type CustomerScope } from '../customers/visibility';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { COLLECTION_TARGET_SETTERS, LEDGER_READERS, ledgerReader } from '../receivables/access';
import { errorResponses, identifier, percent, yearMonth } from '../schemas';

const RateQuery = z.strictObject({
  month: yearMonth.optional().describe('The month (default: this month, counted up to today)'),
  ownerId: identifier(128).optional().describe('One salesperson (within sight; else 404)'),
});
const TargetParams = z.strictObject({
  month: yearMonth,
  ownerId: identifier(128).describe('The salesperson (of the caller’s team; the GM: any)'),
});
const TargetBody = z.strictObject({
  targetPct: percent.describe('Target rate in per cent, 0–100, at most 2 decimals'),
});

const CollectionTargetView = z.object({
  ownerId: z.string(),
  month: z.string(),
  targetPct: z.string().describe('Per cent, 2 decimals'),
  setBy: z.string(),
  setAt: z.string(),
});

const CurrencyRate = z.object({
  currency: z.enum(CURRENCIES),
  due: z.string().describe('What fell due in the month (invoice + credit notes + adjustments up to `to`)'),
  collected: z.string().describe('Receipts allocated to it up to `to`'),
  ratePct: z.string().nullable().describe('collected ÷ due × 100, half-even to 2 decimals; null when due is 0'),
  met: z.boolean().nullable().describe('ratePct ≥ targetPct; null without a target or a rate'),
});

const SalespersonRate = z.object({
  ownerId: z.string(),
  ownerName: z.string(),
  target: CollectionTargetView.nullable(),
  rates: z.array(CurrencyRate).describe('One row per currency (never summed across currencies)'),
  actions: RecordActions,
});

const CollectionRateSheet = z.object({
  month: z.string(),
  from: z.string(),
  to: z.string().describe('The month’s last day, or today while the month is not over'),
  partial: z.boolean().describe('The month is not over: counted up to today'),
  timeZone: z.string().describe('The business time zone the dates are in'),
  salespeople: z.array(SalespersonRate),
});

/** One way the caller may set targets: acting as `actor`, for the salespeople of `team` (undefined: every one). */
interface TargetSetter {
  actor: Actor;
  team: CustomerScope;
}

/**
 * The ways `user` may set collection-rate targets today: the GM (own role or delegated) any salesperson's; a sales
 * manager their team's — and whoever holds a sales manager's delegation that manager's team (the delegator's team,
 * never the delegate's own), on the delegator's behalf. Own role first. Empty: the caller may set none.
 */
async function targetSetters(deps: ApiDeps, user: CurrentUser): Promise<TargetSetter[]> {
  const actors = await actorsFor(deps, user, COLLECTION_TARGET_SETTERS);
  return Promise.all(
    actors.map(async (actor) => ({
      actor,
      team: await sightOfActor(deps, actor),
    })),
  );
}

/**
 * 404 for a salesperson not in the caller's sight (or no salesperson at all): named by display name when the
 * user exists, never by login.
 */
async function noSalesperson(deps: ApiDeps, ownerId: string): Promise<AppError> {
  const who = await findUserById(deps.db, ownerId);
  return new AppError(
    'not_found',
    who
      ? `${who.display_name} 不是您團隊的業務員 ${who.display_name} is not a salesperson of yours`
      : '查無此業務員 No such salesperson',
  );
}

/** The actor `user` sets `ownerId`'s target as (the first of `setters` whose team holds them); never their own target. */
function setterOf(setters: readonly TargetSetter[], user: CurrentUser, ownerId: string): Actor | undefined {
  if (ownerId === user.id) return undefined;
  return setters.find((s) => isInScope(s.team, ownerId))?.actor;
}

/** Salespeople in sight: the union of the caller's own ledger scope (null: not a ledger reader) and the setters' teams. */
function sightOf(own: CustomerScope | null, setters: readonly TargetSetter[]): CustomerScope {
  const scopes = [...(own === null ? [] : [own]), ...setters.map((x) => x.team)];
  if (scopes.some((x) => x === undefined)) return undefined;
  return [...new Set(scopes.flatMap((x) => x ?? []))];
}

function targetActions(user: CurrentUser, month: string, ownerId: string, setters: TargetSetter[]): RecordAction[] {
  if (!setterOf(setters, user, ownerId)) return [];
  return [
    {
      step: 'collection-target',
      method: 'PUT',
      path: `/collection-targets/${month}/${encodeURIComponent(ownerId)}`,
      labelZh: '設定回款率目標',
      labelEn: 'Set the collection-rate target',
      commentRequired: false,
      allowed: true,
    },
  ];
}

const targetView = (t: { owner_id: string; month: string; target_pct: string; set_by: string; set_at: Date }) => ({
  ownerId: t.owner_id,
  month: t.month.trim(),
  targetPct: formatPct(t.target_pct),
  setBy: t.set_by,
  setAt: t.set_at.toISOString(),
});

export function collectionRateRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/collection-rate',
      {
        schema: {
          tags: ['receivables'],
          summary: 'Collection rate 回款率 per salesperson and currency for a month, against the target',
          querystring: RateQuery,
          response: { 200: CollectionRateSheet, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const setters = await targetSetters(deps, user);
        // A delegate of a sales manager (or the GM) reads what the delegator reads, besides their own sight.
        const own =
          LEDGER_READERS.includes(user.role) || !setters.length ? (await ledgerReader(deps.db, req)).scope : null;
        const scope = sightOf(own, setters);
        const month = req.query.month ?? businessToday().slice(0, 7);
        const period = collectionPeriod(month, businessToday());
        if (!period)
          throw new AppError('unprocessable', `${month} 月尚未開始 The month ${month} has not begun`, {
            reason: 'period_not_started',
            field: 'month',
          });
        const people = (await listUsers(deps.db, { role: 'sales' })).filter(
          (u) => (!scope || scope.includes(u.id)) && (!req.query.ownerId || u.id === req.query.ownerId),
        );
        if (req.query.ownerId && people.length === 0) throw await noSalesperson(deps, req.query.ownerId);
        const ownerIds = people.map((u) => u.id);
        const [figures, targets] = await Promise.all([
          collectionFigures(deps.db, { from: period.from, to: period.to, ownerIds }),
          listCollectionTargets(deps.db, month, ownerIds),
        ]);
        const targetOf = new Map(targets.map((t) => [t.owner_id, targetView(t)]));
        return {
          ...period,
          timeZone: businessTimeZone(),
          salespeople: people.map((u) => {
            const target = targetOf.get(u.id) ?? null;
            const sums = new Map<Currency, { due: Decimal; collected: Decimal }>();
            for (const f of figures) {
              const currency = f.currency.trim() as Currency;
              if (f.owner_id !== u.id || !(CURRENCIES as readonly string[]).includes(currency)) continue;
              const s = sums.get(currency) ?? { due: new Decimal(0), collected: new Decimal(0) };
              sums.set(currency, { due: s.due.plus(f.due), collected: s.collected.plus(f.collected) });
            }
            return {
              ownerId: u.id,
              ownerName: u.display_name,
              target,
              rates: [...sums.keys()].sort().map((currency) => {
                const { due, collected } = sums.get(currency)!;
                const ratePct = collectionRatePct(due, collected);
                return {
                  currency,
                  due: formatMoney(due, currency),
                  collected: formatMoney(collected, currency),
                  ratePct,
                  met: targetMet(ratePct, target?.targetPct ?? null),
                };
              }),
              actions: targetActions(user, month, u.id, setters),
            };
          }),
        };
      },
    );

    app.put(
      '/collection-targets/:month/:ownerId',
      {
        schema: {
          tags: ['receivables'],
          summary:
            'Set a salesperson’s collection-rate target 回款率目標 for a month (their sales manager, the GM); audited',
          headers: IdempotencyHeaders,
          params: TargetParams,
          body: TargetBody,
          response: { 200: CollectionTargetView, ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const setters = await targetSetters(deps, user);
        if (!setters.length) throw forbiddenFor(user, COLLECTION_TARGET_SETTERS);
        const key = idempotencyKeyOf(req);
        const { month, ownerId } = req.params;
        const owner = await findUserById(deps.db, ownerId);
        if (owner?.role === 'sales' && ownerId === user.id)
          throw new AppError(
            'forbidden',
            '業務員不能設定自己的回款率目標 A salesperson does not set their own collection-rate target',
            {
              reason: 'segregation_of_duties',
            },
          );
        const actor = owner?.role === 'sales' ? setterOf(setters, user, ownerId) : undefined;
        if (!actor) throw await noSalesperson(deps, ownerId);
        const targetPct = formatPct(req.body.targetPct);
        await deps.db.transaction().execute(async (trx) => {
          const current = (await listCollectionTargets(trx, month, [ownerId]))[0];
          const fresh = await appendAudit(trx, {
            actorId: actor.id,
            actorRole: actor.role,
            onBehalfOf: actor.onBehalfOf ?? null,
            recordType: 'collection_target',
            recordId: `${ownerId}:${month}`,
            action: 'collection_target.set',
            changes: {
              ownerId,
              month,
              targetPct: { from: current ? formatPct(current.target_pct) : null, to: targetPct },
            },
            idempotencyKey: key,
          });
          // A retry with the same key changes nothing.
          if (fresh) await upsertCollectionTarget(trx, { ownerId, month, targetPct, by: user.id });
        });
        const row = (await listCollectionTargets(deps.db, month, [ownerId]))[0]!;
        return targetView(row);
      },
    );
  };
}
