/**
 * `GET /me` `may` (api/capabilities.ts): what the desk offers outside a record's actions — menus and "new …" buttons —
 * is the route's own verdict. For every role, a read capability is true exactly when its route answers (not 403),
 * and a write capability exactly when the route lets the role through to its own checks; a delegate gets a
 * delegable capability of the delegator's role for as long as the delegation runs.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { plusDays } from '../../domain/calendar';
import { ROLES } from '../../machines/roles';
import { today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
beforeAll(async () => {
  s = await startStack();
});
afterAll(async () => s?.close());

const mayOf = async (as: string) => {
  const me = await s.http('GET', '/me', { as });
  expect(me.status).toBe(200);
  return me.body.may as Record<string, boolean>;
};

/** A read capability and a GET its menu opens (403 when the role may not read it). */
const READS: Record<string, string> = {
  readLedger: '/receivables',
  readBalances: '/finance-balances',
  readVisits: '/visit-plans',
  readProspects: '/prospects',
  readPlans: '/plans',
  readAudit: '/audit',
  readContractTemplates: '/contract-templates',
};

/** A write capability and a request whose route checks the role before anything else (403 when not allowed). */
const WRITES: Record<string, { method: 'POST' | 'PUT'; path: string; body: object }> = {
  createQuote: {
    method: 'POST',
    path: '/quotes',
    body: {
      customerNo: 'C2000-99999',
      validUntil: '2099-01-01',
      lines: [{ tariffLineNo: 1, quotedPrice: '1.00', quantity: '1' }],
    },
  },
  createTariff: { method: 'POST', path: '/tariffs', body: { title: 'probe', effectiveFrom: '2000-01-01', lines: [] } },
  delegate: {
    method: 'POST',
    path: '/delegations',
    body: { toUser: 'nobody', startsOn: today(), endsOn: today() },
  },
};

describe('GET /me may', () => {
  it('says of every read menu exactly what its route answers, for every role', async () => {
    for (const role of ROLES) {
      const may = await mayOf(role);
      for (const [cap, path] of Object.entries(READS)) {
        const res = await s.http('GET', path, { as: role });
        expect(res.status === 403, `${role} ${cap} ${path} → ${res.status}`).toBe(!may[cap]);
      }
    }
  });

  it('says of "new …" buttons exactly who the route lets through, for every role', async () => {
    for (const role of ROLES) {
      const may = await mayOf(role);
      for (const [cap, w] of Object.entries(WRITES)) {
        const res = await s.http(w.method, w.path, { as: role, body: w.body });
        expect(res.status === 403, `${role} ${cap} → ${res.status} ${JSON.stringify(res.body).slice(0, 200)}`).toBe(
          !may[cap],
        );
        expect(res.status, `${role} ${cap}: a probe never writes`).not.toBe(201);
      }
    }
  });

  it('a delegate of the sales manager may read visits and plans while the delegation runs, and not after', async () => {
    expect((await mayOf('commerce')).readVisits).toBe(false);
    const d = await s.http('POST', '/delegations', {
      as: 'sales_manager',
      body: { toUser: 'commerce', startsOn: today(), endsOn: plusDays(today(), 1) },
    });
    expect(d.status).toBe(201);
    const may = await mayOf('commerce');
    expect(may.readVisits).toBe(true);
    // The plans a delegated acceptance needs: offered and read while the delegation runs (issue 13).
    expect(may.readPlans).toBe(true);
    expect((await s.http('GET', '/plans', { as: 'commerce' })).status).toBe(200);
    // Routes that take no delegate offer nothing through the delegation.
    expect(may.delegate).toBe(false);
    expect((await s.http('GET', '/visit-plans', { as: 'commerce' })).status).not.toBe(403);
    expect((await s.http('POST', `/delegations/${d.body.id}/revoke`, { as: 'sales_manager' })).status).toBe(200);
    const after = await mayOf('commerce');
    expect([after.readVisits, after.readPlans]).toEqual([false, false]);
    expect((await s.http('GET', '/plans', { as: 'commerce' })).status).toBe(403);
  });
});
