/**
 * The cost side — a quote's cost budget and margins, its lines' budgeted cost and below-cost flags, the cost
 * accounting, a tariff's budgeted cost — is a commercial secret (api/quotes/budget-access.ts): the roles that work the
 * job but not its price (operations, ocean, customs, dispatch, warehouse, admin) read quotes, tariffs and tariff
 * changes with each cost-side field null, the tariff sheet without its budgeted-cost column, the audit log's rows
 * without a priced step's belowCost (admin), and are refused the cost-budget sheet; the budget's readers get all of it.
 */
import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BUDGET_READERS } from '../../api/quotes/budget-access';
import { ROLES } from '../../machines/roles';
import { addDays, customsLine, oceanLine, signedContract, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let quoteNo = '';
let changeId = 0;

beforeAll(async () => {
  s = await startStack();
  quoteNo = (await signedContract(s)).quoteNo;
  const base = (await s.http('GET', '/tariffs/in-force', { as: 'commerce' })).body.versionNo as number;
  const c = await s.http('POST', '/tariff-changes', {
    as: 'sales',
    body: {
      baseVersionNo: base,
      reason: '運價上漲 carriers raised rates',
      effectiveFrom: addDays(today(), 7),
      lines: [oceanLine({ price: '2650.00', budgetCost: '2300.00' }), customsLine()],
    },
  });
  expect(c.status).toBe(201);
  changeId = c.body.changeId as number;
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
      // Nor in the history: the priced steps' record of a line below its budgeted cost.
      expect(JSON.stringify(r.body.history), role).not.toContain('belowCost');
    }
    const gm = await s.http('GET', `/quotes/${quoteNo}`, { as: 'gm' });
    expect(JSON.stringify(gm.body.history)).toContain('belowCost');
  });

  it('the audit log: the admin reads the quote’s rows without belowCost, the auditor with it', async () => {
    const reads = async (as: 'admin' | 'auditor') => {
      const search = await s.http('GET', `/audit?recordType=quote&recordId=${quoteNo}&limit=200`, { as });
      const exported = await s.http('GET', `/audit/export?format=json&recordType=quote&recordId=${quoteNo}`, { as });
      const history = await s.http('GET', `/audit/records/quote/${quoteNo}/history`, { as });
      expect([search.status, exported.status, history.status], as).toEqual([200, 200, 200]);
      expect(search.body.items.length, as).toBeGreaterThan(3);
      return [search.body, exported.body, history.body].map((b) => JSON.stringify(b));
    };
    for (const text of await reads('admin')) expect(text).not.toContain('belowCost');
    for (const text of await reads('auditor')) expect(text).toContain('belowCost');
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

  it('quote lines, revisions, the list and the review context: budgeted cost and below-cost null for the others', async () => {
    type Line = { budgetCost: string | null; belowCost: boolean | null };
    const costOf = (b: { lines: Line[]; revisions: { lines: Line[] }[]; belowCost: boolean | null }) => [
      b.belowCost,
      ...b.lines.flatMap((l) => [l.budgetCost, l.belowCost]),
      ...b.revisions.flatMap((r) => r.lines.flatMap((l) => [l.budgetCost, l.belowCost])),
    ];
    const listed = async (as: string) =>
      ((await s.http('GET', `/quotes?q=${quoteNo}`, { as })).body.items as { quoteNo: string; belowCost: unknown }[])
        .filter((q) => q.quoteNo === quoteNo)
        .map((q) => q.belowCost);
    for (const role of ['sales', 'commerce', 'settlement', 'auditor'] as const) {
      const cost = costOf((await s.http('GET', `/quotes/${quoteNo}`, { as: role })).body);
      expect(
        cost.filter((v) => v === null),
        role,
      ).toEqual([]);
      expect(await listed(role), role).toEqual([false]);
      const ctx = (await s.http('GET', `/quotes/${quoteNo}/review-context`, { as: role })).body;
      expect([ctx.belowCost, ctx.lines[0].budgetCost], role).toEqual([false, '2100.00']);
    }
    for (const role of OUTSIDERS) {
      const cost = costOf((await s.http('GET', `/quotes/${quoteNo}`, { as: role })).body);
      expect(cost.length, role).toBeGreaterThan(8);
      expect(new Set(cost), role).toEqual(new Set([null]));
      expect(await listed(role), role).toEqual([null]);
      const ctx = await s.http('GET', `/quotes/${quoteNo}/review-context`, { as: role });
      expect(ctx.status, role).toBe(200);
      expect(ctx.body.belowCost, role).toBeNull();
      for (const l of [...ctx.body.lines, ...ctx.body.earlierQuotedPrices.map((e: { line: Line }) => e.line)])
        expect([l.budgetCost, l.belowCost], role).toEqual([null, null]);
    }
  });

  it('tariffs: the budgeted cost per line for the readers, null for the others; the sheet without its column', async () => {
    const v = (await s.http('GET', '/tariffs/in-force', { as: 'commerce' })).body;
    expect(v.lines[0].budgetCost).toBe('2100.00');
    for (const role of ['sales', 'gm', 'marketing_manager', 'auditor'] as const) {
      for (const path of ['/tariffs/in-force', `/tariffs/${v.versionNo}`]) {
        const r = await s.http('GET', path, { as: role });
        expect(
          r.body.lines.map((l: { budgetCost: unknown }) => l.budgetCost === null),
          `${role} ${path}`,
        ).not.toContain(true);
      }
    }
    for (const role of OUTSIDERS) {
      for (const path of ['/tariffs/in-force', `/tariffs/${v.versionNo}`]) {
        const r = await s.http('GET', path, { as: role });
        expect(r.status, `${role} ${path}`).toBe(200);
        expect(new Set(r.body.lines.map((l: { budgetCost: unknown }) => l.budgetCost)), `${role} ${path}`).toEqual(
          new Set([null]),
        );
      }
    }
    const header = async (as: string) => {
      const res = await fetch(`${s.baseUrl}/tariffs/${v.versionNo}/lines.xlsx`, {
        headers: { authorization: `Bearer ${await s.token(as)}` },
      });
      expect(res.status, as).toBe(200);
      const book = new ExcelJS.Workbook();
      await book.xlsx.load((await res.arrayBuffer()) as ArrayBuffer);
      return (book.worksheets[0]!.getRow(1).values as unknown[]).slice(1).map(String);
    };
    expect((await header('commerce')).some((h) => h.includes('budgetCost'))).toBe(true);
    for (const role of ['warehouse', 'ocean', 'admin'] as const) {
      const h = await header(role);
      expect(h.length, role).toBeGreaterThan(5);
      expect(
        h.filter((x) => x.includes('budgetCost') || x.includes('預算成本')),
        role,
      ).toEqual([]);
    }
  });

  it('a tariff change: the admin reads it without the budgeted cost, the readers with it', async () => {
    const forCommerce = (await s.http('GET', `/tariff-changes/${changeId}`, { as: 'commerce' })).body;
    expect(forCommerce.lines[0].budgetCost).toBe('2300.00');
    expect(forCommerce.diff.changed[0].fields).toEqual(['price', 'budgetCost']);
    const r = await s.http('GET', `/tariff-changes/${changeId}`, { as: 'admin' });
    expect(r.status).toBe(200);
    const lines = [
      ...r.body.lines,
      ...r.body.diff.added,
      ...r.body.diff.removed,
      ...r.body.diff.changed.flatMap((c: { before: unknown; after: unknown }) => [c.before, c.after]),
    ] as { budgetCost: unknown }[];
    expect(lines.length).toBeGreaterThan(2);
    expect(new Set(lines.map((l) => l.budgetCost))).toEqual(new Set([null]));
    expect(r.body.diff.changed.map((c: { fields: string[] }) => c.fields)).toEqual([['price']]);
  });
});
