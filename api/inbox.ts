import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findDisplayNames } from '../db/user.repository';
import { listInbox } from '../db/work-item.repository';
import { overLimitCurrencies } from './credit/credit-limits';
import { inboxRecordNames } from './inbox-names';
import { QUOTE_OPEN_WORK } from './quotes/views';
import { actingRoles, actorsFor, actorsSeeingEach, sightOf } from './acting';
import { actorOf } from './auth';
import type { Role } from '../machines/roles';

const SALES_ROLES: readonly Role[] = ['sales', 'sales_manager'];
import { currentUser } from './auth';
import type { ApiDeps } from './deps';
import { errorResponses, Page, searchText } from './schemas';

/**
 * Every record type an inbox item can have (`work_items.record_type`); each carries a due time from a stated rule
 * (README "INBOX_SLA_*"; test/http/inbox-due.test.ts creates one of each).
 */
export const INBOX_RECORD_TYPES = [
  'quote',
  'tariff',
  'tariff_change',
  'collection_case',
  'collection_escalation',
  'collection_plan',
  'visit_follow_up',
  'visit_reminder',
  'plan',
  'plan_reminder',
  'plan_escalation',
  'diary_reminder',
  'dispute',
  'statement',
  'write_off',
] as const;
export type InboxRecordType = (typeof INBOX_RECORD_TYPES)[number];

const InboxQuery = Page.extend({
  recordType: z.enum(INBOX_RECORD_TYPES).optional(),
  step: searchText(64).optional(),
  overdue: z.enum(['true', 'false']).optional(),
});

const InboxItem = z.object({
  recordType: z.string(),
  recordId: z.string(),
  step: z.string(),
  stepLabel: z
    .string()
    .nullable()
    .describe('What the step is, `中文 English` (e.g. "待總經理決定 Awaiting the GM’s decision")'),
  role: z.string(),
  ownerId: z.string().nullable(),
  ownerName: z.string().nullable().describe('Display name of the record’s salesperson (ownerId)'),
  customerNo: z.string().nullable(),
  customerName: z.string().nullable().describe('The customer’s name (customerNo), for the desk’s `C0001 name`'),
  since: z.string(),
  dueAt: z.string().nullable(),
  overdue: z.boolean(),
  amount: z.array(z.object({ currency: z.string(), amount: z.string() })),
  belowCost: z.boolean().describe('A line is priced below its budgeted cost'),
  beyondAuthority: z
    .boolean()
    .describe('A line is discounted beyond the salesperson’s price authority (needs the marketing manager)'),
  overCreditLimit: z
    .boolean()
    .describe(
      'Quotes and jobs: the customer’s exposure (with a quote’s totals while not yet signed) would exceed its credit limit — a warning, as `creditWarnings` on the record',
    ),
  overLimitCurrencies: z.array(z.string()).describe('The currencies in which it would (empty when none)'),
  visitId: z.number().nullable().describe('A visit follow-up: the visit it follows (the desk opens that visit)'),
  recordName: z
    .string()
    .nullable()
    .describe(
      'The record as people know it, `中文 English` (api/inbox-names.ts): a plan by kind, period and salesperson; a visit follow-up by customer, visit date and what is to be done; null where the id is the name (a quote number)',
    ),
  onBehalfOf: z
    .string()
    .nullable()
    .describe('The item waits for a role delegated to the caller: the delegator, whose behalf the caller acts on'),
  onBehalfOfName: z.string().nullable().describe('Display name of onBehalfOf'),
});

/** GET /inbox — what waits for the caller: their role's steps, delegated roles included, from the read model. */
export function inboxRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    app.get(
      '/inbox',
      {
        schema: {
          tags: ['inbox'],
          summary: 'Waiting for me: steps for my role (and roles delegated to me), oldest and overdue first',
          querystring: InboxQuery,
          response: { 200: z.object({ items: z.array(InboxItem), total: z.number() }), ...errorResponses },
        },
      },
      async (req) => {
        const user = currentUser(req);
        const roles = await actingRoles(deps, user);
        // Salespeople in the caller's own sight (`sightOf`, the one rule of "my team"): a salesperson themself, a
        // sales manager their team; nobody for other roles (their items are by role alone).
        const salesOwnerIds = SALES_ROLES.includes(user.role) ? ((await sightOf(deps, actorOf(user))) ?? []) : [];
        // A sales manager's items that name a salesperson (a collection escalation) go to that salesperson's manager
        // only — or to whom the manager delegated the role (that actor's sight: the delegator's team).
        const managing = await actorsFor(deps, user, ['sales_manager']);
        const managedOwnerIds = (await Promise.all(managing.map((a) => sightOf(deps, a)))).flatMap((x) => x ?? []);
        const { rows, total } = await listInbox(deps.db, {
          roles: user.role === 'sales_manager' ? [...roles, 'sales'] : roles,
          salesOwnerIds,
          managedOwnerIds,
          recordType: req.query.recordType,
          step: req.query.step,
          overdue: req.query.overdue === undefined ? undefined : req.query.overdue === 'true',
          limit: req.query.limit,
          offset: req.query.offset,
        });
        // A row waiting for a role delegated to the caller is acted on the delegator's behalf: the delegation of that
        // role whose sight holds the row's salesperson (the one resolveActorFor takes), else the first of that role.
        const delegated = (await actorsFor(deps, user, roles)).filter((a) => a.onBehalfOf);
        const seeing = await actorsSeeingEach(deps, user, roles);
        // Own role first (resolveActorFor's order): a manager holding another manager's delegation acts in their own
        // role for their own team and on the delegator's behalf for the delegator's.
        const actingFor = (r: (typeof rows)[number]): string | null => {
          const first = (r.owner_id ? seeing(r.owner_id) : []).find((a) => a.role === r.role);
          if (first) return first.onBehalfOf ?? null;
          if (r.role === user.role) return null;
          return delegated.find((a) => a.role === r.role)?.onBehalfOf ?? null;
        };
        const summaryOf = (r: (typeof rows)[number]) =>
          r.summary as {
            stepLabel?: string;
            totals?: { currency: string; amount: string }[];
            belowCost?: boolean;
            needsPriceApproval?: boolean;
            visitId?: number;
          };
        // Credit-limit warnings of the page's quotes and jobs: one query for the whole page.
        const credited = rows.flatMap((r, i) =>
          (r.record_type === 'quote' || r.record_type === 'job') && r.customer_no
            ? [
                {
                  i,
                  customerNo: r.customer_no,
                  newWork:
                    r.record_type === 'quote' && QUOTE_OPEN_WORK.includes(r.step) ? (summaryOf(r).totals ?? []) : [],
                },
              ]
            : [],
        );
        const [names, overLimit, recordNames] = await Promise.all([
          findDisplayNames(deps.db, [
            ...rows.flatMap((r) => (r.owner_id ? [r.owner_id] : [])),
            ...delegated.flatMap((a) => (a.onBehalfOf ? [a.onBehalfOf] : [])),
          ]),
          overLimitCurrencies(deps.db, credited),
          inboxRecordNames(deps.db, rows),
        ]);
        const overOf = new Map(credited.map((c, k) => [c.i, overLimit[k] ?? []]));
        return {
          total,
          items: rows.map((r, i) => {
            const s = summaryOf(r);
            return {
              recordType: r.record_type,
              recordId: r.record_id,
              recordName: recordNames[i] ?? null,
              step: r.step,
              stepLabel: s.stepLabel ?? null,
              role: r.role,
              ownerId: r.owner_id,
              ownerName: r.owner_id ? (names.get(r.owner_id) ?? null) : null,
              customerNo: r.customer_no,
              customerName: r.customer_name,
              since: r.since.toISOString(),
              dueAt: r.due_at ? r.due_at.toISOString() : null,
              overdue: r.late,
              amount: s.totals ?? [],
              belowCost: s.belowCost ?? false,
              beyondAuthority: s.needsPriceApproval ?? false,
              overCreditLimit: (overOf.get(i) ?? []).length > 0,
              overLimitCurrencies: overOf.get(i) ?? [],
              visitId: r.record_type === 'visit_follow_up' ? (s.visitId ?? null) : null,
              onBehalfOf: actingFor(r),
              onBehalfOfName: names.get(actingFor(r) ?? '') ?? null,
            };
          }),
        };
      },
    );
  };
}
