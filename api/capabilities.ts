/**
 * What the desk may offer a user outside a record's own `actions`: its menus and its "new …" buttons. Each entry
 * names the role list the route itself checks (imported from the route's module, so a rule changed there changes
 * here) and, for the routes that accept a delegate, the delegated roles that count. `GET /me` sends the verdicts
 * (`may`); the desk shows a menu or a button only when its entry is true — the same rule that would answer 403.
 */
import { AUDIT_READERS } from './audit/schemas';
import { VOLUME_BUDGET_ROLES } from './boards/set-volume-budget';
import { CUSTOMER_CREATE_ROLES } from './customers/create-customer';
import { DELEGATING_ROLES } from './delegations/routes';
import { AUTHORS as PLAN_AUTHORS } from './plans/routes';
import { PLAN_READERS } from './plans/views';
import { PROSPECT_READERS, PROSPECT_WRITERS } from './prospects/views';
import { BUDGET_READERS } from './quotes/budget-access';
import { QUOTE_CREATORS } from './quotes/create-quote';
import { BALANCE_READERS, LEDGER_READERS } from './receivables/access';
import { CALENDAR_ADMINS } from './reference/calendar';
import { TEMPLATE_ADMIN_ROLES, TEMPLATE_READ_ROLES } from './reference/contract-templates';
import { TARIFF_DRAFTERS } from './tariffs/create-tariff';
import { DELEGATED_READERS, VISIT_READERS, VISIT_WRITERS } from './visits/access';
import { TARIFF_CHANGE_PROPOSER_ROLES } from '../machines/tariff-change.machine';
import type { Role } from '../machines/roles';

/** One capability: the roles the route accepts in their own right, and the delegated roles it accepts too. */
interface Capability {
  roles: readonly Role[];
  delegated?: readonly Role[];
}

/** Every capability the desk asks about, by name (the keys of `GET /me` `may`). */
export const CAPABILITIES = {
  /**
   * Receivables menus: ledger, collection schedule, cases, collection rate, write-offs, statements, disputes (a
   * delegate reads with the delegator's sight: `ledgerReader`).
   */
  readLedger: { roles: LEDGER_READERS, delegated: LEDGER_READERS },
  /** Finance's balance check 餘額核對. */
  readBalances: { roles: BALANCE_READERS },
  /** Visits, visit reports and success diaries (a delegate reads with the delegator's sight). */
  readVisits: { roles: VISIT_READERS, delegated: DELEGATED_READERS },
  /** Plan visits, record them, write the success diary. */
  writeVisits: { roles: VISIT_WRITERS },
  /** The prospects pipeline 潛在客戶. */
  readProspects: { roles: PROSPECT_READERS },
  /** Enter a prospect. */
  writeProspects: { roles: PROSPECT_WRITERS },
  /** Plans and summaries, and the sales analysis (a delegate reads with the delegator's sight: `planScopeOf`). */
  readPlans: { roles: PLAN_READERS, delegated: PLAN_READERS },
  /** Start and submit one's own plans and summaries. */
  writePlans: { roles: PLAN_AUTHORS },
  /** The audit trail and the hash chain. */
  readAudit: { roles: AUDIT_READERS },
  /** Contract terms 合同條款. */
  readContractTemplates: { roles: TEMPLATE_READ_ROLES },
  /** Publish a new version of the contract terms. */
  publishContractTemplates: { roles: TEMPLATE_ADMIN_ROLES },
  /** Override a day of the business calendar. */
  overrideCalendar: { roles: CALENDAR_ADMINS },
  /** Enter a customer, by hand or from a sheet (a sales manager's delegate for the delegator's team: api/acting.ts). */
  createCustomer: { roles: CUSTOMER_CREATE_ROLES, delegated: CUSTOMER_CREATE_ROLES },
  /** A quote's cost budget, margins and the cost-budget sheet (api/quotes/budget-access.ts). */
  readCostBudgets: { roles: BUDGET_READERS, delegated: BUDGET_READERS },
  /** Start a quote. */
  createQuote: { roles: QUOTE_CREATORS },
  /** Draft a tariff version. */
  createTariff: { roles: TARIFF_DRAFTERS },
  /** Propose a change to the tariff in force. */
  proposeTariffChange: { roles: TARIFF_CHANGE_PROPOSER_ROLES },
  /** Delegate one's role for a period. */
  delegate: { roles: DELEGATING_ROLES },
  /** Set container-volume budgets (a delegate of the sales manager, for the delegator's team: api/acting.ts). */
  setVolumeBudget: { roles: VOLUME_BUDGET_ROLES, delegated: VOLUME_BUDGET_ROLES },
} as const satisfies Record<string, Capability>;

export type CapabilityName = keyof typeof CAPABILITIES;
export const CAPABILITY_NAMES = Object.keys(CAPABILITIES) as CapabilityName[];

/**
 * The verdict of every capability for a user in `ownRole` with `delegatedRoles` active today:
 * own role in `roles`, or a delegated role in `delegated`.
 */
export function capabilitiesOf(ownRole: Role, delegatedRoles: readonly Role[]): Record<CapabilityName, boolean> {
  return Object.fromEntries(
    CAPABILITY_NAMES.map((name) => {
      const c: Capability = CAPABILITIES[name];
      const may =
        c.roles.includes(ownRole) ||
        (ownRole !== 'auditor' && delegatedRoles.some((r) => (c.delegated ?? []).includes(r)));
      return [name, may];
    }),
  ) as Record<CapabilityName, boolean>;
}
