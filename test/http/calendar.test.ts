/**
 * The business calendar (issue 14): everyone reads it; only the admin overrides a date (audited,
 * idempotent); a quote step configured in working days (`QUOTE_SLA_COMMERCE_REVIEW=1wd`) falls due at the
 * end of the next working day, the admin's day off skipped.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listAuditForRecord } from '../../db/audit.repository';
import { addWorkingDays } from '../../domain/calendar';
import { endOfBusinessDay } from '../../lib/dates';
import { addDays, lockStandardTariff, newCustomer, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack({ env: { QUOTE_SLA_COMMERCE_REVIEW: '1wd' } });
});
afterAll(async () => s?.close());

const keyed = (key: string) => ({ headers: { 'idempotency-key': key } });

describe('the business calendar 工作日曆', () => {
  it('shows holidays and make-up working days to every role', async () => {
    const r = await s.http('GET', '/calendar?from=2026-10-01&to=2026-10-11', { as: 'sales' });
    expect(r.status).toBe(200);
    expect(r.body.region).toBe('CN');
    expect(r.body.days).toHaveLength(11);
    expect(r.body.days[0]).toMatchObject({ date: '2026-10-01', working: false, source: 'holiday', nameZh: '國慶節' });
    expect(r.body.days[9]).toMatchObject({ date: '2026-10-10', working: true, source: 'make_up' });
    expect((await s.http('GET', '/calendar?from=2026-10-11&to=2026-10-01', { as: 'sales' })).status).toBe(422);
    expect((await s.http('GET', '/calendar?from=2026-01-01&to=2027-12-31', { as: 'sales' })).status).toBe(422);
    expect((await s.http('GET', '/calendar?from=2026-02-30', { as: 'sales' })).status).toBe(400);
  });

  it('the admin overrides a date once per key; others may not; null removes it; each change audited', async () => {
    const body = { working: false, name: '公司年會 company day' };
    expect((await s.http('PUT', '/calendar/days/2030-03-01', { as: 'sales_manager', body })).status).toBe(403);
    const byAuditor = await s.http('PUT', '/calendar/days/2030-03-01', { as: 'auditor', body });
    expect([byAuditor.status, byAuditor.body.details.reason]).toEqual([403, 'read_only']);
    expect(
      (await s.http('PUT', '/calendar/days/2030-03-01', { as: 'admin', body: { working: true } })).body.details.fields,
    ).toEqual([{ path: 'body.name', message: 'required with working' }]);
    const set = await s.http('PUT', '/calendar/days/2030-03-01', { as: 'admin', body, ...keyed('cal-1') });
    expect(set.status).toBe(200);
    expect(set.body).toMatchObject({ date: '2030-03-01', working: false, source: 'override' });
    const retry = await s.http('PUT', '/calendar/days/2030-03-01', { as: 'admin', body, ...keyed('cal-1') });
    expect(retry.status).toBe(200);
    const reused = await s.http('PUT', '/calendar/days/2030-03-02', { as: 'admin', body, ...keyed('cal-1') });
    expect(reused.body.code).toBe('idempotency_key_reused');
    const reset = await s.http('PUT', '/calendar/days/2030-03-01', { as: 'admin', body: { working: null } });
    expect(reset.body).toMatchObject({ working: true, source: 'weekday' });
    const audit = await listAuditForRecord(s.db, 'calendar_day', '2030-03-01');
    expect(audit.map((a) => a.action)).toEqual(['calendar.day_set', 'calendar.day_reset']);
  });
});

describe('a quote step due in working days', () => {
  it('falls due at the end of the next working day, skipping the admin’s day off', async () => {
    const nextWorking = addWorkingDays(today(), 1);
    // The admin gives the next working day off: the step is due at the end of the one after.
    const off = await s.http('PUT', `/calendar/days/${nextWorking}`, {
      as: 'admin',
      body: { working: false, name: '停電 power cut' },
    });
    expect(off.status).toBe(200);
    const expected = endOfBusinessDay(addWorkingDays(nextWorking, 1));
    await lockStandardTariff(s);
    const customer = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body;
    const quote = await s.http('POST', '/quotes', {
      as: 'sales',
      body: {
        customerNo: customer.customerNo,
        validUntil: addDays(today(), 30),
        lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '10' }],
      },
    });
    expect(quote.status).toBe(201);
    const submitted = await s.http('POST', `/quotes/${quote.body.quoteNo}/submit`, { as: 'sales', body: {} });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('commerce_review');
    expect(submitted.body.dueAt).toBe(expected);
    const item = await s.db
      .selectFrom('work_items')
      .select('due_at')
      .where('record_id', '=', quote.body.quoteNo)
      .where('closed_at', 'is', null)
      .executeTakeFirstOrThrow();
    expect(item.due_at?.toISOString()).toBe(expected);
  });
});
