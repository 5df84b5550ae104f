/**
 * Tariff versions and tariff changes reach the inbox of whoever must act (issue 12 follow-up): a version
 * submitted for approval waits in the GM's inbox, a returned one in commerce's; a change waits for the
 * marketing manager, then the GM; each item leaves the inbox when the step is taken, and the item
 * names its record (the desk links it to /desk/tariffs/{no} and /desk/tariff-changes/{id}).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, customsLine, oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

type Item = { recordType: string; recordId: string; step: string; stepLabel: string | null; role: string };
const inbox = async (as: string, recordType?: string) =>
  (await s.http('GET', `/inbox${recordType ? `?recordType=${recordType}` : ''}`, { as })).body.items as Item[];
const ok = async (p: Promise<{ status: number; body: any }>) => {
  const r = await p;
  expect(r.status, JSON.stringify(r.body)).toBeLessThan(300);
  return r.body;
};

describe('tariffs in the inbox', () => {
  it('a submitted version waits for the GM, a returned one for commerce; approval empties both', async () => {
    const v = await ok(
      s.http('POST', '/tariffs', {
        as: 'commerce',
        body: { title: '2027 rates', effectiveFrom: today(), lines: [oceanLine(), customsLine()] },
      }),
    );
    const no = String(v.versionNo);
    expect(await inbox('gm', 'tariff')).toEqual([]); // a draft is commerce's work in progress
    await ok(s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' }));
    expect(await inbox('gm', 'tariff')).toEqual([
      expect.objectContaining({
        recordType: 'tariff',
        recordId: no,
        step: 'pending_gm',
        role: 'gm',
        stepLabel: '待總經理審批 Waiting for the GM',
      }),
    ]);
    expect((await inbox('gm')).map((i) => i.recordId)).toContain(no); // unfiltered too
    expect(await inbox('commerce', 'tariff')).toEqual([]);
    await ok(s.http('POST', `/tariffs/${no}/return`, { as: 'gm', body: { comment: '海運價過高 ocean too high' } }));
    expect(await inbox('gm', 'tariff')).toEqual([]);
    expect(await inbox('commerce', 'tariff')).toEqual([
      expect.objectContaining({ recordId: no, step: 'draft', role: 'commerce' }),
    ]);
    await ok(s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' }));
    expect(await inbox('commerce', 'tariff')).toEqual([]);
    expect((await inbox('gm', 'tariff')).map((i) => i.recordId)).toEqual([no]);
    await ok(s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' }));
    expect(await inbox('gm', 'tariff')).toEqual([]);
    expect(await inbox('commerce', 'tariff')).toEqual([]);
  });

  it('a change waits for the marketing manager, then the GM; the decision empties the inbox', async () => {
    const base = await ok(
      s.http('POST', '/tariffs', {
        as: 'commerce',
        body: { title: 'base', effectiveFrom: today(), lines: [oceanLine(), customsLine()] },
      }),
    );
    await ok(s.http('POST', `/tariffs/${base.versionNo}/submit`, { as: 'commerce' }));
    await ok(s.http('POST', `/tariffs/${base.versionNo}/approve`, { as: 'gm' }));
    const change = await ok(
      s.http('POST', '/tariff-changes', {
        as: 'sales',
        body: {
          baseVersionNo: base.versionNo,
          reason: '運價上漲 carriers raised rates',
          effectiveFrom: addDays(today(), 7),
          lines: [oceanLine({ price: '2650.00', budgetCost: '2300.00' }), customsLine()],
        },
      }),
    );
    const id = String(change.changeId);
    expect(await inbox('marketing_manager', 'tariff_change')).toEqual([
      expect.objectContaining({ recordType: 'tariff_change', recordId: id, role: 'marketing_manager' }),
    ]);
    expect(await inbox('gm', 'tariff_change')).toEqual([]);
    await ok(s.http('POST', `/tariff-changes/${id}/approve`, { as: 'marketing_manager' }));
    expect(await inbox('marketing_manager', 'tariff_change')).toEqual([]);
    expect(await inbox('gm', 'tariff_change')).toEqual([
      expect.objectContaining({ recordId: id, step: 'pending_gm', stepLabel: '待總經理審批 Waiting for the GM' }),
    ]);
    await ok(s.http('POST', `/tariff-changes/${id}/approve`, { as: 'gm' }));
    expect(await inbox('gm', 'tariff_change')).toEqual([]);
  });
});
