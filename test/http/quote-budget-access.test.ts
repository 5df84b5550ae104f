/**
 * A quote's cost budget and margins are commercial secrets (api/quotes/budget-access.ts): the roles that work the job
 * but not its price (operations, ocean, customs, dispatch, warehouse, admin) read the quote without the internal
 * quote and the cost accounting, and are refused the cost-budget sheet; the budget's readers get both.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_READERS } from '../../api/quotes/budget-access';
import { ROLES } from '../../machines/roles';
import { signedContract } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let quoteNo = '';

beforeAll(async () => {
  s = await startStack();
  quoteNo = (await signedContract(s)).quoteNo;
});
afterAll(async () => s?.close());

const OUTSIDERS = ROLES.filter((r) => !BUDGET_READERS.includes(r));

describe('cost budget and margins', () => {
  it('are readable by the salesperson, managers, commerce, GM, settlement, finance and the auditor only', () => {
    expect(OUTSIDERS).toEqual(expect.arrayContaining(['warehouse', 'ocean', 'customs', 'dispatch', 'operations']));
    expect(BUDGET_READERS).toEqual(
      expect.arrayContaining(['sales', 'sales_manager', 'commerce', 'gm', 'settlement', 'finance', 'auditor']),
    );
  });

  it('GET /quotes/{no}: the budget readers get the budget with margins; the others the quote without it', async () => {
    for (const role of BUDGET_READERS) {
      const r = await s.http('GET', `/quotes/${quoteNo}`, { as: role });
      expect(r.status, role).toBe(200);
      expect(r.body.internalQuote?.budget.totals[0], role).toHaveProperty('margin');
    }
    for (const role of OUTSIDERS) {
      const r = await s.http('GET', `/quotes/${quoteNo}`, { as: role });
      expect(r.status, role).toBe(200);
      expect(r.body.internalQuote, role).toBeNull();
      expect(r.body.costAccounting, role).toBeNull();
      expect(JSON.stringify(r.body), role).not.toMatch(/"margin(Pct)?"/);
    }
  });

  it('the cost-budget sheet is 403 for the others, a PDF for the readers', async () => {
    for (const role of OUTSIDERS) {
      const r = await s.http('GET', `/quotes/${quoteNo}/cost-budget.pdf`, { as: role });
      expect([role, r.status, r.body?.code]).toEqual([role, 403, 'forbidden']);
    }
    for (const role of ['gm', 'settlement', 'auditor'] as const) {
      const r = await s.http('GET', `/quotes/${quoteNo}/cost-budget.pdf`, { as: role });
      expect([role, r.status]).toEqual([role, 200]);
    }
  });
});
