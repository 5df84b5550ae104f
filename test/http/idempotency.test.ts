/**
 * Idempotency-Key (issue 10 item 4): a key replays only the identical request — same user, same route,
 * same record, same body; anything else sent with it is 422 `idempotency_key_reused` and changes nothing.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { addDays, lockStandardTariff, newCustomer, oceanLine, today } from '../support/fixtures';
import { startStack, type Stack } from '../support/stack';

let s: Stack;
let customerNo: string;

beforeAll(async () => {
  s = await startStack();
  await lockStandardTariff(s);
  customerNo = (await s.http('POST', '/customers', { as: 'sales', body: newCustomer() })).body.customerNo;
});
afterAll(async () => s?.close());

const keyed = (key: string) => ({ headers: { 'idempotency-key': key } });
const newQuote = async () => {
  const r = await s.http('POST', '/quotes', {
    as: 'sales',
    body: {
      customerNo,
      validUntil: addDays(today(), 30),
      lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '2' }],
    },
  });
  expect(r.status, JSON.stringify(r.body)).toBe(201);
  return r.body.quoteNo as string;
};
const reused = (r: { status: number; body: any }) => {
  expect(r.status, JSON.stringify(r.body)).toBe(422);
  expect(r.body.code).toBe('idempotency_key_reused');
  expect(r.body.details.reason).toBe('idempotency_key_reused');
};

describe('an Idempotency-Key names one request', () => {
  it('the issue’s example: submit by sales with K, then approve by commerce with K is 422 and applies nothing; a new key approves', async () => {
    const no = await newQuote();
    const submitted = await s.http('POST', `/quotes/${no}/submit`, { as: 'sales', ...keyed('K-issue-10-4') });
    expect(submitted.status).toBe(200);
    expect(submitted.body.status).toBe('commerce_review');

    reused(await s.http('POST', `/quotes/${no}/approve`, { as: 'commerce', ...keyed('K-issue-10-4') }));
    const after = await s.http('GET', `/quotes/${no}`, { as: 'commerce' });
    expect(after.body.status).toBe('commerce_review');
    expect(after.body.history.map((h: { action: string }) => h.action)).not.toContain('review.approved');

    const approved = await s.http('POST', `/quotes/${no}/approve`, {
      as: 'commerce',
      ...keyed('K-issue-10-4-approve'),
    });
    expect(approved.status, JSON.stringify(approved.body)).toBe(200);
    expect(approved.body.status).toBe('awaiting_customer');
    // The first request, sent again as it was, is still a safe retry.
    expect((await s.http('POST', `/quotes/${no}/submit`, { as: 'sales', ...keyed('K-issue-10-4') })).status).toBe(200);
  });

  it('the same user’s key on another record, another step or with another body is 422', async () => {
    const [a, b] = [await newQuote(), await newQuote()];
    expect((await s.http('POST', `/quotes/${a}/submit`, { as: 'sales', ...keyed('K-records') })).status).toBe(200);
    reused(await s.http('POST', `/quotes/${b}/submit`, { as: 'sales', ...keyed('K-records') }));
    reused(await s.http('POST', `/quotes/${a}/withdraw`, { as: 'sales', ...keyed('K-records') }));
    expect((await s.http('GET', `/quotes/${b}`, { as: 'sales' })).body.status).toBe('draft');

    const c = await newQuote();
    const returned = await s.http('POST', `/quotes/${a}/return`, {
      as: 'commerce',
      body: { comment: '太低 too low' },
      ...keyed('K-body'),
    });
    expect(returned.status).toBe(200);
    reused(
      await s.http('POST', `/quotes/${a}/return`, {
        as: 'commerce',
        body: { comment: '另一個理由 another reason' },
        ...keyed('K-body'),
      }),
    );
    // Key order in the body does not make a different request; the retry is answered 200.
    expect(
      (
        await s.http('POST', `/quotes/${a}/return`, {
          as: 'commerce',
          body: { comment: '太低 too low' },
          ...keyed('K-body'),
        })
      ).status,
    ).toBe(200);
    expect((await s.http('GET', `/quotes/${c}`, { as: 'sales' })).body.status).toBe('draft');
  });

  it('a create’s key reused for a step of the record it created is 422, and a retried create still returns the same record', async () => {
    const body = {
      customerNo,
      validUntil: addDays(today(), 30),
      lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '3' }],
    };
    const first = await s.http('POST', '/quotes', { as: 'sales', body, ...keyed('K-create') });
    expect(first.status).toBe(201);
    const again = await s.http('POST', '/quotes', { as: 'sales', body, ...keyed('K-create') });
    expect(again.status).toBe(200);
    expect(again.body.quoteNo).toBe(first.body.quoteNo);
    reused(await s.http('POST', `/quotes/${first.body.quoteNo}/submit`, { as: 'sales', ...keyed('K-create') }));
    expect((await s.http('GET', `/quotes/${first.body.quoteNo}`, { as: 'sales' })).body.status).toBe('draft');
    reused(
      await s.http('POST', '/quotes', {
        as: 'sales',
        body: { ...body, lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '4' }] },
        ...keyed('K-create'),
      }),
    );
  });

  it('another user’s key is 422 without telling what it was used for; customers, tariffs and budgets likewise', async () => {
    const cust = newCustomer();
    expect((await s.http('POST', '/customers', { as: 'sales', body: cust, ...keyed('K-customer') })).status).toBe(201);
    const other = await s.http('POST', '/customers', {
      as: 'commerce',
      body: { ...cust, ownerId: 'sales' },
      ...keyed('K-customer'),
    });
    reused(other);
    expect(other.body.details.firstUsedFor).toBeUndefined();
    expect(JSON.stringify(other.body)).not.toContain('/customers');

    const mine = await s.http('POST', '/customers', { as: 'sales', body: newCustomer(), ...keyed('K-customer') });
    reused(mine);
    expect(mine.body.details.firstUsedFor).toBe('POST /customers');

    const month = '2098-07';
    expect(
      (
        await s.http('PUT', `/container-volume-budgets/${month}`, {
          as: 'sales',
          body: { budgetContainers: 10 },
          ...keyed('K-budget'),
        })
      ).status,
    ).toBe(200);
    reused(
      await s.http('PUT', `/container-volume-budgets/${month}`, {
        as: 'sales',
        body: { budgetContainers: 99 },
        ...keyed('K-budget'),
      }),
    );
    const budget = await s.db
      .selectFrom('container_volume_budgets')
      .selectAll()
      .where('owner_id', '=', 'sales')
      .where('month', '=', month)
      .executeTakeFirst();
    expect(budget?.budget_containers).toBe(10);

    const tariff = await s.http('POST', '/tariffs', {
      as: 'commerce',
      body: { title: 'K', effectiveFrom: addDays(today(), 40), lines: [oceanLine()] },
      ...keyed('K-tariff'),
    });
    expect(tariff.status).toBe(201);
    reused(await s.http('POST', `/tariffs/${tariff.body.versionNo}/submit`, { as: 'commerce', ...keyed('K-tariff') }));
    expect((await s.http('GET', `/tariffs/${tariff.body.versionNo}`, { as: 'commerce' })).body.status).toBe('draft');
  });

  it('a key that names a request in flight refuses a different request sent at the same moment', async () => {
    const no = await newQuote();
    const [submit, withdraw] = await Promise.all([
      s.http('POST', `/quotes/${no}/submit`, { as: 'sales', ...keyed('K-race') }),
      s.http('POST', `/quotes/${no}/withdraw`, { as: 'sales', ...keyed('K-race') }),
    ]);
    const statuses = [submit.status, withdraw.status].sort();
    expect(statuses).toEqual([200, 422]);
  });
});

describe('a retry with the same key is answered from the first request', () => {
  it('a delegation created and revoked twice with one key each is one delegation, revoked once', async () => {
    await s.addUser('idem_delegate', 'operations');
    const body = { toUser: 'idem_delegate', startsOn: addDays(today(), 1), endsOn: addDays(today(), 3) };
    const first = await s.http('POST', '/delegations', { as: 'gm', body, ...keyed('K-delegate') });
    const again = await s.http('POST', '/delegations', { as: 'gm', body, ...keyed('K-delegate') });
    expect(first.status, JSON.stringify(first.body)).toBe(201);
    expect(again.status).toBe(200);
    expect(again.body.id).toBe(first.body.id);
    const mine = (await s.http('GET', '/delegations', { as: 'gm' })).body.items.filter(
      (d: { toUser: string }) => d.toUser === 'idem_delegate',
    );
    expect(mine).toHaveLength(1);

    const revoke = () => s.http('POST', `/delegations/${first.body.id}/revoke`, { as: 'gm', ...keyed('K-revoke') });
    const [r1, r2] = await Promise.all([revoke(), revoke()]);
    expect([r1.status, r2.status]).toEqual([200, 200]);
    expect((await revoke()).status).toBe(200);
    expect(
      (await s.http('POST', `/delegations/${first.body.id}/revoke`, { as: 'gm', ...keyed('K-revoke-2') })).status,
    ).toBe(409);
    const audit = await s.db
      .selectFrom('audit_log')
      .select('action')
      .where('record_type', '=', 'delegation')
      .where('record_id', '=', String(first.body.id))
      .execute();
    expect(audit.map((a) => a.action)).toEqual(['delegation.created', 'delegation.revoked']);
  });
});

describe('the header in the OpenAPI document', () => {
  it('is declared, with one description, on every operation that changes something', async () => {
    const spec = (await s.http('GET', '/openapi.json')).body as {
      paths: Record<string, Record<string, { parameters?: { in: string; name: string; description?: string }[] }>>;
    };
    const writes: string[] = [];
    const missing: string[] = [];
    const descriptions = new Set<string>();
    for (const [path, ops] of Object.entries(spec.paths)) {
      for (const [method, op] of Object.entries(ops)) {
        // Read-only POSTs (the codec, the quote builder's price preview, the billing preview) change nothing and take no key.
        if (
          !['post', 'put', 'patch', 'delete'].includes(method) ||
          path.startsWith('/codec/') ||
          path === '/quotes/preview' ||
          /^\/jobs\/\{[^}]+\}\/billing-preview$/.test(path)
        )
          continue;
        writes.push(`${method} ${path}`);
        const header = op.parameters?.find((p) => p.in === 'header' && p.name === 'idempotency-key');
        if (!header) missing.push(`${method} ${path}`);
        else descriptions.add(header.description ?? '');
      }
    }
    expect(writes.length).toBeGreaterThan(35);
    expect(missing).toEqual([]);
    expect([...descriptions]).toHaveLength(1);
    expect([...descriptions][0]).toContain('idempotency_key_reused');
  });
});
