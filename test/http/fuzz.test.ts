/**
 * Property-based fuzzing of every operation of the published OpenAPI document, over real HTTP with
 * tokens of roles the route allows. Each case breaks the request on purpose — a body, path, query or
 * header the schema refuses, broken JSON, a content type that is not JSON, an unusable Idempotency-Key,
 * a record that does not exist — and adds hostile noise (SQL and script fragments, template syntax,
 * path traversal, invalid UTF-8, 100 KB strings, deep nesting, extreme numbers, odd headers). The answer
 * must be a 4xx in the `{ code, message, details }` shape, never a 5xx or a hang, and no table may change.
 *
 * FUZZ_SEED replays a run (fast-check prints the seed of a failure); FUZZ_CASES sets cases per operation.
 */
import fc from 'fast-check';
import { sql } from 'kysely';
import { afterAll, describe, expect, it } from 'vitest';
import { JOB_EXCEPTION_RAISERS } from '../../machines/job.machine';
import { ROLES, type Role } from '../../machines/roles';
import {
  addDays,
  customsLine,
  lockStandardTariff,
  newCustomer,
  oceanLine,
  signedContract,
  today,
  transportLine,
} from '../support/fixtures';
import { startStack } from '../support/stack';

const SEED = Number(process.env.FUZZ_SEED ?? 20260417);
const CASES_PER_OPERATION = Number(process.env.FUZZ_CASES ?? 240);
/** Requests sent at once in one property run. */
const BATCH = 4;
const REQUEST_TIMEOUT_MS = 15_000;

const MANAGERS: readonly Role[] = ['sales_manager', 'marketing_manager', 'gm'];
const JOB_HANDS = JOB_EXCEPTION_RAISERS;
/** Roles allowed on each write; reads are open to every role except the auditors' own routes. */
const ALLOWED: Record<string, readonly Role[]> = {
  'POST /customers': ['sales', 'sales_manager', 'commerce'],
  'PATCH /customers/{customerNo}': ['sales', 'sales_manager', 'marketing_manager', 'commerce', 'gm'],
  'POST /customers/{customerNo}/status': ['sales_manager', 'marketing_manager', 'commerce', 'gm'],
  'POST /tariffs': ['commerce'],
  'PUT /tariffs/{versionNo}/lines': ['commerce'],
  'POST /tariffs/{versionNo}/submit': ['commerce'],
  'POST /tariffs/{versionNo}/approve': ['gm'],
  'POST /tariffs/{versionNo}/return': ['gm'],
  'POST /tariffs/{versionNo}/discard': ['commerce'],
  'POST /tariff-changes': ['sales', 'commerce'],
  'POST /tariff-changes/{changeId}/approve': ['marketing_manager', 'gm'],
  'POST /tariff-changes/{changeId}/reject': ['marketing_manager', 'gm'],
  'POST /tariff-changes/{changeId}/withdraw': ['sales', 'commerce'],
  'POST /quotes': ['sales'],
  'PUT /quotes/{quoteNo}/lines': ['sales'],
  'POST /quotes/{quoteNo}/submit': ['sales'],
  'POST /quotes/{quoteNo}/price-approve': ['marketing_manager'],
  'POST /quotes/{quoteNo}/price-return': ['marketing_manager'],
  'POST /quotes/{quoteNo}/approve': ['commerce'],
  'POST /quotes/{quoteNo}/return': ['commerce'],
  'POST /quotes/{quoteNo}/confirm': ['sales'],
  'POST /quotes/{quoteNo}/refuse': ['sales'],
  'POST /quotes/{quoteNo}/withdraw': ['sales'],
  'POST /quotes/{quoteNo}/cancel': ['sales_manager', 'marketing_manager', 'gm'],
  'POST /quotes/{quoteNo}/amend': ['sales'],
  'POST /quotes/{quoteNo}/internal-quote': ['commerce'],
  'POST /quotes/{quoteNo}/budget-approve': ['gm'],
  'POST /quotes/{quoteNo}/budget-return': ['gm'],
  'POST /quotes/{quoteNo}/contract': ['commerce'],
  'POST /quotes/{quoteNo}/contract-review': ['marketing_manager'],
  'POST /quotes/{quoteNo}/contract-return': ['marketing_manager', 'gm'],
  'POST /quotes/{quoteNo}/contract-approve': ['gm'],
  'POST /quotes/{quoteNo}/sign': ['sales', 'commerce'],
  'POST /quotes/{quoteNo}/costs': ['settlement'],
  'POST /delegations': MANAGERS,
  'POST /delegations/{id}/revoke': MANAGERS,
  'POST /jobs': ['sales', 'operations', 'commerce'],
  'POST /jobs/{jobNo}/steps/{step}': ['ocean'], // for the step of SEARCH_KEYS
  'POST /jobs/{jobNo}/exceptions': JOB_HANDS,
  'POST /jobs/{jobNo}/exceptions/{exceptionId}/resolve': JOB_HANDS,
  'POST /jobs/{jobNo}/exceptions/{exceptionId}/progress': JOB_HANDS,
  'PUT /container-volume-budgets/{month}': ['sales', 'sales_manager'],
  'POST /receipts': ['finance'],
  'POST /receipts/{receiptId}/allocations': ['finance'],
  'POST /receipts/{receiptId}/refunds': ['finance'],
  'POST /receivables/{receivableId}/entries': ['finance', 'settlement'],
  'PUT /contracts/{contractNo}/payment-terms': ['commerce', 'gm'],
  'POST /contracts/{contractNo}/credit-override': ['sales_manager', 'gm'],
  'POST /jobs/{jobNo}/credit-override': ['sales_manager', 'gm'],
  'PUT /customers/{customerNo}/credit-limits/{currency}': ['commerce', 'gm'],
  'PUT /collection-targets/{month}/{ownerId}': ['sales_manager', 'gm'],
  'PUT /customers/{customerNo}/collection-plan': ['sales', 'sales_manager'],
  'POST /customers/{customerNo}/collection-calls': ['sales', 'sales_manager'],
  'POST /write-offs': ['sales', 'settlement'],
  'POST /write-offs/{writeOffId}/approve': ['gm'],
  'POST /write-offs/{writeOffId}/return': ['gm'],
  'POST /write-offs/{writeOffId}/refuse': ['gm'],
  'POST /write-offs/{writeOffId}/resubmit': ['sales', 'settlement'],
  'PUT /calendar/days/{date}': ['admin'],
  'POST /visits': ['sales'],
  'POST /visits/{visitId}/appointment': ['sales'],
  'POST /visits/{visitId}/record': ['sales'],
  'POST /visits/{visitId}/cancel': ['sales'],
  'POST /visit-follow-ups/{followUpId}/done': ['sales', 'sales_manager'],
  'POST /visit-plans/{week}/submit': ['sales'],
  'PUT /diaries/{day}': ['sales'],
  'POST /diaries/{day}/comments': ['sales_manager'],
  'POST /collection-cases/{caseId}/propose': ['sales', 'sales_manager'],
  'POST /collection-cases/{caseId}/approve': ['gm'],
  'POST /collection-cases/{caseId}/reject': ['gm'],
  'POST /statements': ['finance', 'settlement'],
  'POST /statements/{statementId}/send': ['finance', 'settlement'],
  'POST /statements/{statementId}/confirm': ['finance', 'settlement', 'sales', 'sales_manager'],
  'POST /statements/{statementId}/dispute': ['finance', 'settlement', 'sales', 'sales_manager'],
  'POST /disputes/{disputeId}/notes': ['finance', 'settlement', 'sales', 'sales_manager'],
  'POST /disputes/{disputeId}/resolve': ['finance', 'settlement', 'sales', 'sales_manager'],
  'POST /finance-balances': ['finance'],
  'POST /balance-differences/{differenceId}/notes': ['finance'],
  'POST /balance-differences/{differenceId}/resolve': ['finance'],
  'POST /plans': ['sales'],
  'PUT /plans/{planId}': ['sales'],
  'POST /plans/{planId}/submit': ['sales'],
  'POST /plans/{planId}/accept': ['sales_manager'],
  'POST /plans/{planId}/return': ['sales_manager'],
  'POST /prospects': ['sales'],
  'POST /prospects/{prospectId}/contact': ['sales'],
  'POST /prospects/{prospectId}/appointment': ['sales'],
  'POST /prospects/{prospectId}/negotiate': ['sales'],
  'POST /prospects/{prospectId}/lose': ['sales'],
  'POST /prospects/{prospectId}/reopen': ['sales'],
  'POST /prospects/{prospectId}/risk-assessment': ['sales'],
  'POST /codec/decode': ['auditor', 'admin', 'gm'],
  'POST /codec/encode': ['admin'],
};
const rolesFor = (key: string, path: string): readonly Role[] =>
  ALLOWED[key] ?? (path.startsWith('/audit') ? ['auditor', 'admin'] : ROLES);

// ---------------------------------------------------------------------------------------------------
// The stack and its records: every path parameter can point at a real, live record.

// No write rate limit: thousands of refused writes per role would otherwise be answered 429 before any check.
const s = await startStack({ env: { RATE_LIMIT_WRITES_PER_MINUTE: '0' } });
afterAll(async () => s.close());

async function created(res: Promise<{ status: number; body: any }>) {
  const r = await res;
  expect(r.status, JSON.stringify(r.body).slice(0, 300)).toBeLessThan(300);
  return r.body;
}
await s.addUser('fuzz_delegate', 'operations');
const contract = await signedContract(s);
const versionNo = await lockStandardTariff(s);
const customer = await created(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }));
const quote = await created(
  s.http('POST', '/quotes', {
    as: 'sales',
    body: {
      customerNo: customer.customerNo,
      validUntil: addDays(today(), 30),
      lines: [{ tariffLineNo: 1, quotedPrice: '2450.00', quantity: '10' }],
    },
  }),
);
const change = await created(
  s.http('POST', '/tariff-changes', {
    as: 'sales',
    body: {
      baseVersionNo: versionNo,
      reason: 'fuzz',
      effectiveFrom: addDays(today(), 1),
      lines: [oceanLine({ price: '2399.00' }), customsLine(), transportLine()],
    },
  }),
);
const delegation = await created(
  s.http('POST', '/delegations', {
    as: 'sales_manager',
    body: { toUser: 'fuzz_delegate', startsOn: addDays(today(), 1), endsOn: addDays(today(), 3) },
  }),
);
await created(s.http('POST', `/delegations/${delegation.id}/revoke`, { as: 'sales_manager' }));
const job = await created(
  s.http('POST', '/jobs', {
    as: 'sales',
    body: {
      contractNo: contract.contractNo,
      direction: 'import',
      containers: { type: '40HQ', count: 1 },
      cargo: 'fuzz',
      portOfLoading: 'Los Angeles',
      portOfDischarge: 'Yantian',
    },
  }),
);
const raised = await created(
  s.http('POST', `/jobs/${job.jobNo}/exceptions`, {
    as: 'finance',
    body: { stage: 'payment', type: 'payment_anomaly', description: 'fuzz', customerNotified: false },
  }),
);
// A receivable of the job (as billing raises them, with its invoice entry) and a receipt of the customer.
const receivable = await s.db
  .insertInto('receivables')
  .values({
    job_no: job.jobNo,
    customer_no: contract.customerNo,
    contract_no: contract.contractNo,
    label: 'fuzz',
    source: 'service',
    currency: 'CNY',
    amount: '100.00',
    // Invoiced yesterday: outstanding at the end of both statements' periods below (yesterday, today).
    invoice_date: addDays(today(), -1),
    payment_terms: 'monthly_statement+15',
    due_date: addDays(today(), 30),
  })
  .returning('id')
  .executeTakeFirstOrThrow();
await s.db
  .insertInto('receivable_entries')
  .values({
    receivable_id: receivable.id,
    customer_no: contract.customerNo,
    currency: 'CNY',
    kind: 'invoice',
    amount: '100.00',
    entry_date: addDays(today(), -1),
    created_by: 'system',
  })
  .execute();
const receipt = await created(
  s.http('POST', '/receipts', {
    as: 'finance',
    body: {
      customerNo: contract.customerNo,
      payer: 'fuzz',
      currency: 'CNY',
      amount: '50.00',
      receivedOn: today(),
      reference: 'fuzz',
    },
  }),
);
// A collection case of the customer (closed: no workflow behind it).
const collectionCase = await s.db
  .insertInto('collection_cases')
  .values({
    customer_no: contract.customerNo,
    currency: 'CNY',
    owner_id: 'sales',
    status: 'closed',
    opened_on: today(),
    overdue_at_open: '100.00',
    oldest_due_date: today(),
    proposal: null,
    closed_at: new Date(),
    closed_reason: 'paid',
  })
  .returning('id')
  .executeTakeFirstOrThrow();

// A write-off proposal on it, waiting for the GM.
const writeOff = await s.db
  .insertInto('write_offs')
  .values({
    receivable_id: receivable.id,
    customer_no: contract.customerNo,
    currency: 'CNY',
    amount: '10.00',
    reason: 'fuzz',
    status: 'proposed',
    proposed_by: 'sales',
    proposed_role: 'sales',
  })
  .returning('id')
  .executeTakeFirstOrThrow();

// A statement of the customer, sent, with one line disputed (an open dispute case).
const statement = await created(
  s.http('POST', '/statements', {
    as: 'finance',
    body: { customerNo: contract.customerNo, periodFrom: today(), periodTo: today() },
  }),
);
await created(s.http('POST', `/statements/${statement.id}/send`, { as: 'finance', body: {} }));
const disputed = await created(
  s.http('POST', `/statements/${statement.id}/dispute`, {
    as: 'sales',
    body: { lines: [{ lineNo: 1, amount: '1.00', reason: 'fuzz' }] },
  }),
);
const dispute = disputed.sections[0].lines[0].dispute;
const sentStatement = await created(
  s.http('POST', '/statements', {
    as: 'finance',
    // One statement per customer and day: the day before the first one's.
    body: { customerNo: contract.customerNo, periodFrom: addDays(today(), -1), periodTo: addDays(today(), -1) },
  }),
);
await created(s.http('POST', `/statements/${sentStatement.id}/send`, { as: 'finance', body: {} }));

// Finance's balances, one row differing from the ledger: an open difference.
const upload = await created(
  s.http('POST', '/finance-balances', {
    as: 'finance',
    body: {
      asOf: today(),
      format: 'csv',
      file: Buffer.from(`customerNo,currency,balance\r\n${contract.customerNo},CNY,1.00\r\n`).toString('base64'),
    },
  }),
);
const planTargets = { containers: 1, money: [], newCustomers: 0, collectionRatePct: '90' };
const plan = await created(
  s.http('POST', '/plans', {
    as: 'sales',
    body: { kind: 'monthly', period: today().slice(0, 7), nextTargets: planTargets, sections: {} },
  }),
);
const prospectCustomer = await created(s.http('POST', '/customers', { as: 'sales', body: newCustomer() }));
const prospect = await created(
  s.http('POST', '/prospects', { as: 'sales', body: { customerNo: prospectCustomer.customerNo } }),
);

/** Path parameters naming a record: the handler answers 404 when it does not exist. */
const RECORDS: Record<string, string> = {
  customerNo: customer.customerNo,
  versionNo: String(versionNo),
  changeId: String(change.changeId),
  quoteNo: quote.quoteNo,
  id: String(delegation.id),
  jobNo: job.jobNo,
  exceptionId: String(raised.exceptions[0].id),
  userId: 'fuzz_delegate',
  receiptId: String(receipt.id),
  receivableId: String(receivable.id),
  contractNo: contract.contractNo,
  writeOffId: String(writeOff.id),
  caseId: String(collectionCase.id),
  statementId: String(sentStatement.id),
  disputeId: String(dispute.id),
  uploadId: String(upload.id),
  differenceId: String(upload.differences[0].id),
  planId: String(plan.id),
  ownerId: 'sales',
  prospectId: String(prospect.id),
};
/** Other path parameters (search keys): a valid value, but "no such record" is not an error for them. */
const SEARCH_KEYS: Record<string, string> = {
  recordType: 'quote',
  recordId: quote.quoteNo,
  step: 'sea.booked',
  month: '2099-01',
  date: '2099-01-01',
  week: '2099-01-05',
  day: '2099-01-01',
  currency: 'CNY',
};

const tokens = Object.fromEntries(await Promise.all(ROLES.map(async (r) => [r, await s.token(r)] as const))) as Record<
  Role,
  string
>;

/**
 * Row count and content hash of every table but the migration bookkeeping and `idempotency_keys` (a
 * well-formed, authenticated request binds its Idempotency-Key for good, whatever the answer; the noise
 * headers send such keys), in one query.
 */
const tableNames = (
  await sql<{ name: string }>`
    select table_name as name from information_schema.tables
    where table_schema = 'public' and table_type = 'BASE TABLE' and table_name not like 'kysely_migration%'
      and table_name <> 'idempotency_keys'
      and table_name <> 'rate_limits' -- per-user write counters: every write counts, refused or not
    order by table_name`.execute(s.db)
).rows.map((r) => r.name);
const stateQuery = sql.join(
  tableNames.map(
    (t) =>
      sql`select ${t} as t, count(*)::text as n, coalesce(md5(string_agg(x::text, '|' order by x::text)), '') as h from ${sql.table(t)} x`,
  ),
  sql` union all `,
);
async function tableState(): Promise<Record<string, string>> {
  const { rows } = await sql<{ t: string; n: string; h: string }>`${stateQuery}`.execute(s.db);
  return Object.fromEntries(rows.map((r) => [r.t, `${r.n} rows ${r.h}`]));
}
const baseline = await tableState();

// ---------------------------------------------------------------------------------------------------
// The operations, from the OpenAPI 3.1 document the server publishes.

interface JsonSchema {
  type?: string | string[];
  properties?: Record<string, JsonSchema>;
  required?: string[];
  additionalProperties?: boolean | JsonSchema;
  items?: JsonSchema;
  anyOf?: JsonSchema[];
  enum?: unknown[];
  const?: unknown;
  minLength?: number;
  maxLength?: number;
  pattern?: string;
  minimum?: number;
  maximum?: number;
  minItems?: number;
  maxItems?: number;
}
interface Parameter {
  in: 'path' | 'query' | 'header' | 'cookie';
  name: string;
  required?: boolean;
  schema: JsonSchema;
}
interface Operation {
  key: string;
  method: string;
  path: string;
  params: Parameter[];
  body: JsonSchema | undefined;
}

const spec = (await s.http('GET', '/openapi.json')).body as {
  openapi: string;
  paths: Record<
    string,
    Record<string, { parameters?: Parameter[]; requestBody?: { content: Record<string, { schema: JsonSchema }> } }>
  >;
};
const operations: Operation[] = Object.entries(spec.paths).flatMap(([path, ops]) =>
  Object.entries(ops).map(([method, op]) => ({
    key: `${method.toUpperCase()} ${path}`,
    method: method.toUpperCase(),
    path,
    params: op.parameters ?? [],
    body: op.requestBody?.content['application/json']?.schema,
  })),
);

// ---------------------------------------------------------------------------------------------------
// Hostile material.

/** Stands for invalid UTF-8 bytes; replaced on the wire (see `wire`). */
const BAD_UTF8_MARK = '\uE000';
const BAD_UTF8 = [
  [0xff],
  [0xc0, 0x80],
  [0xed, 0xa0, 0x80],
  [0x80],
  [0xe2, 0x82],
  [0xf8, 0x88, 0x80, 0x80, 0x80],
  [0xfe, 0xff],
].map((b) => Buffer.from(b));
const FRAGMENTS = [
  "'; drop table customers; --",
  "' OR '1'='1",
  '"; select pg_sleep(30); --',
  '<script>alert(1)</script>',
  '"><img src=x onerror=alert(1)>',
  '${7*7}',
  '{{7*7}}',
  '#{7*7}',
  '../../etc/passwd',
  '..\\..\\windows\\win.ini',
  '%00',
  '\u0000',
  '\u0007',
  '\u202e',
  '\ud800',
  '\ufeff',
  '😀',
  'Ａ',
  'null',
  'undefined',
  'NaN',
  '-0',
  '1e309',
  '__proto__',
  'constructor',
  '$where',
  '%s%n%x',
  '\\',
  '"',
  '\r\n',
  ' ',
  BAD_UTF8_MARK,
  'C2099-99999',
  'Q2099-999999',
];
const fragment = fc.constantFrom(...FRAGMENTS);
/** A string of `length` code units that starts and ends with a letter, so trimming keeps its length. */
const longString = (min: number, max: number) =>
  fc
    .tuple(fc.integer({ min, max: Math.max(min, max) }), fragment)
    .map(([n, f]) => `A${f.repeat(Math.ceil(n / Math.max(1, f.length)))}`.slice(0, Math.max(1, n - 1)) + 'Z');
const hostileString = fc.oneof(
  { weight: 4, arbitrary: fragment },
  { weight: 3, arbitrary: fc.array(fragment, { minLength: 1, maxLength: 6 }).map((p) => p.join('')) },
  { weight: 2, arbitrary: fc.string({ unit: 'binary', maxLength: 40 }) },
  { weight: 1, arbitrary: longString(1_000, 100_000) },
);
/** Hostile strings short enough for a URL. */
const shortString = hostileString.filter((v) => v.length <= 60);
const hostileNumber = fc.oneof(
  fc.constantFrom(-1, 0, 1.5, -0.5, 1e308, -1e308, 2 ** 31, -(2 ** 31) - 1, 2 ** 53 + 2, Number.MIN_VALUE),
  fc.double({ noNaN: true, noDefaultInfinity: true }),
  fc.integer(),
);
const hostileKey = fc.oneof(
  fc.constantFrom(
    'status',
    'ownerId',
    'approvedBy',
    'contractNo',
    'customerNo',
    'versionNo',
    'totals',
    'revision',
    'id',
    'role',
    'prototype',
    '',
    ' ',
  ),
  fragment,
  fc.string({ maxLength: 20 }),
);
/** Stands for nested objects or arrays, 50 to 10,000 levels deep, written out on the wire (see `wire`). */
const DEEP_MARK = '\uE001';
const deepValue = fc
  .tuple(fc.integer({ min: 50, max: 10_000 }), fc.boolean())
  .map(([depth, arrays]) => `${DEEP_MARK}${depth}:${arrays ? 'a' : 'o'}${DEEP_MARK}`);
const anything: fc.Arbitrary<unknown> = fc.oneof(
  hostileString,
  hostileNumber,
  fc.boolean(),
  fc.constant(null),
  deepValue,
  fc.array(hostileString, { maxLength: 4 }),
  fc.dictionary(hostileKey, hostileString, { maxKeys: 4 }),
);

/** A copy of `o` with `key` set, own and enumerable even for `__proto__`. */
function withKey(o: unknown, key: string, value: unknown): Record<string, unknown> {
  const copy = { ...(o as Record<string, unknown>) };
  Object.defineProperty(copy, key, { value, enumerable: true, configurable: true, writable: true });
  return copy;
}
function without(o: unknown, key: string): Record<string, unknown> {
  const copy = { ...(o as Record<string, unknown>) };
  delete copy[key];
  return copy;
}

// ---------------------------------------------------------------------------------------------------
// Values from a schema: plausible ones (maybe valid, maybe not) and ones the schema must refuse.

type Kind = 'string' | 'integer' | 'fraction' | 'boolean' | 'null' | 'array' | 'object';
const KINDS: Record<Kind, fc.Arbitrary<unknown>> = {
  string: hostileString,
  integer: fc.constantFrom(0, -1, 7, 2 ** 31, -(2 ** 53)),
  fraction: fc.constantFrom(1.5, -0.25, 1e308, -1e308, 3.14159),
  boolean: fc.boolean(),
  null: fc.constant(null),
  array: fc.array(anything, { maxLength: 3 }),
  object: fc.dictionary(hostileKey, anything, { maxKeys: 3 }),
};
const kindOf = (v: unknown): Kind =>
  v === null
    ? 'null'
    : Array.isArray(v)
      ? 'array'
      : typeof v === 'number'
        ? Number.isInteger(v)
          ? 'integer'
          : 'fraction'
        : (typeof v as Kind);

/** The kinds of JSON value a schema may accept; undefined when it accepts anything. */
function acceptedKinds(sc: JsonSchema): Set<Kind> | undefined {
  if (sc.anyOf) {
    const all = new Set<Kind>();
    for (const branch of sc.anyOf) {
      const k = acceptedKinds(branch);
      if (!k) return undefined;
      k.forEach((x) => all.add(x));
    }
    return all;
  }
  if (sc.enum) return new Set(sc.enum.map(kindOf));
  if (sc.const !== undefined) return new Set([kindOf(sc.const)]);
  if (sc.type === undefined) return undefined;
  return new Set(
    [sc.type]
      .flat()
      .flatMap((t): Kind[] => (t === 'number' ? ['integer', 'fraction'] : t === 'integer' ? ['integer'] : [t as Kind])),
  );
}

function wrongType(sc: JsonSchema): fc.Arbitrary<unknown> | undefined {
  const ok = acceptedKinds(sc);
  if (!ok) return undefined;
  const wrong = (Object.keys(KINDS) as Kind[]).filter((k) => !ok.has(k));
  return wrong.length ? fc.oneof(...wrong.map((k) => KINDS[k])) : undefined;
}

/** Strings one of whose form the schema forbids: enum, pattern (before and after trimming), length. */
function badString(sc: JsonSchema, maxExtra = 100_000): fc.Arbitrary<string> | undefined {
  const candidates = hostileString.filter((v) => v.length <= Math.max(60, maxExtra));
  const allowed = allowedStrings(sc);
  if (allowed) return candidates.filter((v) => !allowed.includes(v) && !allowed.includes(v.trim()));
  const options: fc.Arbitrary<string>[] = [];
  if (sc.maxLength !== undefined) options.push(longString(sc.maxLength + 1, sc.maxLength + maxExtra));
  if (sc.pattern) {
    const re = new RegExp(sc.pattern, 'u');
    options.push(candidates.filter((v) => !re.test(v) && !re.test(v.trim())));
  }
  if ((sc.minLength ?? 0) >= 1) options.push(fc.constant(''));
  return options.length ? fc.oneof(...options) : undefined;
}
/** The only strings a schema accepts, when it is an enum or a union of them. */
function allowedStrings(sc: JsonSchema): string[] | undefined {
  if (sc.enum) return sc.enum.every((v) => typeof v === 'string') ? (sc.enum as string[]) : undefined;
  if (sc.const !== undefined) return typeof sc.const === 'string' ? [sc.const] : undefined;
  if (sc.anyOf) {
    const parts = sc.anyOf.map(allowedStrings);
    return parts.every((p) => p) ? (parts.flat() as string[]) : undefined;
  }
  return undefined;
}

/** Values the schema refuses, or undefined when it refuses nothing. */
function invalid(sc: JsonSchema, depth = 0): fc.Arbitrary<unknown> | undefined {
  const options = [wrongType(sc), violation(sc, depth)].filter((a): a is fc.Arbitrary<unknown> => a !== undefined);
  return options.length ? fc.oneof(...options) : undefined;
}

function violation(sc: JsonSchema, depth: number): fc.Arbitrary<unknown> | undefined {
  if (sc.anyOf) {
    // `X | null`: anything X refuses but null.
    const nonNull = sc.anyOf.filter((b) => b.type !== 'null');
    if (nonNull.length === 1 && sc.anyOf.length === 2) return invalid(nonNull[0]!, depth)?.filter((v) => v !== null);
    return allowedStrings(sc) ? badString(sc) : undefined;
  }
  if (sc.enum || sc.const !== undefined) return badString(sc);
  switch (sc.type) {
    case 'string':
      return badString(sc);
    case 'integer':
    case 'number': {
      const options: fc.Arbitrary<unknown>[] = [];
      if (sc.minimum !== undefined) options.push(fc.integer({ min: 1, max: 1_000_000 }).map((d) => sc.minimum! - d));
      if (sc.maximum !== undefined)
        options.push(
          fc.integer({ min: 1, max: 1_000_000 }).map((d) => sc.maximum! + d),
          fc.constant(1e300),
        );
      if (sc.type === 'integer') options.push(fc.integer({ min: 0, max: 1000 }).map((n) => n + 0.5));
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'array': {
      const options: fc.Arbitrary<unknown>[] = [];
      if (sc.maxItems !== undefined) options.push(fc.constant(Array.from({ length: sc.maxItems + 1 }, () => 0)));
      if ((sc.minItems ?? 0) >= 1) options.push(fc.constant([]));
      const item = sc.items && depth < 6 ? invalid(sc.items, depth + 1) : undefined;
      if (item) options.push(fc.array(item, { minLength: 1, maxLength: 2 }));
      return options.length ? fc.oneof(...options) : undefined;
    }
    case 'object':
      return depth < 6 ? brokenObject(sc, depth) : undefined;
    default:
      return undefined;
  }
}

/** An object the schema refuses: an unknown key (strict schemas), a required key missing, or a bad value. */
function brokenObject(sc: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> | undefined {
  const props = sc.properties ?? {};
  const base = plausibleObject(sc, depth);
  const options: fc.Arbitrary<Record<string, unknown>>[] = [];
  if (sc.additionalProperties === false) {
    const unknownKey = hostileKey.filter((k) => !Object.hasOwn(props, k));
    options.push(fc.tuple(base, unknownKey, anything).map(([o, k, v]) => withKey(o, k, v)));
  }
  if (sc.required?.length) options.push(fc.tuple(base, fc.constantFrom(...sc.required)).map(([o, k]) => without(o, k)));
  const breakable = Object.entries(props).flatMap(([k, p]) => {
    const bad = invalid(p, depth + 1);
    return bad ? [fc.tuple(base, bad).map(([o, v]) => withKey(o, k, v))] : [];
  });
  if (breakable.length) options.push(fc.oneof(...breakable));
  return options.length ? fc.oneof(...options) : undefined;
}

function plausible(sc: JsonSchema, depth = 0): fc.Arbitrary<unknown> {
  if (depth > 6) return anything;
  if (sc.enum) return fc.constantFrom(...sc.enum);
  if (sc.const !== undefined) return fc.constant(sc.const);
  if (sc.anyOf) return fc.oneof(...sc.anyOf.map((b) => plausible(b, depth + 1)));
  switch ([sc.type].flat()[0]) {
    case 'string': {
      const options: fc.Arbitrary<string>[] = [
        hostileString.map((v) =>
          sc.maxLength !== undefined && v.length > sc.maxLength ? v.slice(0, sc.maxLength) : v,
        ),
      ];
      if (sc.pattern) {
        try {
          options.push(fc.stringMatching(new RegExp(sc.pattern)));
        } catch {
          /* a pattern fast-check cannot generate from */
        }
      }
      return fc.oneof(...options);
    }
    case 'integer':
      return fc.integer({ min: Math.max(sc.minimum ?? -1e9, -1e9), max: Math.min(sc.maximum ?? 1e9, 1e9) });
    case 'number':
      return fc.double({ min: sc.minimum ?? -1e9, max: sc.maximum ?? 1e9, noNaN: true });
    case 'boolean':
      return fc.boolean();
    case 'null':
      return fc.constant(null);
    case 'array':
      return fc.array(sc.items ? plausible(sc.items, depth + 1) : anything, {
        minLength: Math.min(sc.minItems ?? 0, 3),
        maxLength: Math.min(sc.maxItems ?? 3, 3),
      });
    case 'object':
      return plausibleObject(sc, depth);
    default:
      return anything;
  }
}

function plausibleObject(sc: JsonSchema, depth: number): fc.Arbitrary<Record<string, unknown>> {
  const required = new Set(sc.required ?? []);
  const fields = Object.entries(sc.properties ?? {}).map(([k, p]) => {
    const value = fc.oneof({ weight: 4, arbitrary: plausible(p, depth + 1) }, { weight: 1, arbitrary: anything });
    return fc.tuple(
      fc.constant(k),
      required.has(k)
        ? value.map((v) => ({ v }))
        : fc.option(
            value.map((v) => ({ v })),
            { nil: undefined },
          ),
    );
  });
  return fc.tuple(...fields).map((entries) => {
    let o: Record<string, unknown> = {};
    for (const [k, box] of entries) if (box) o = withKey(o, k, box.v);
    return o;
  });
}

// ---------------------------------------------------------------------------------------------------
// Requests.

interface FuzzRequest {
  op: string;
  /** How the case is made invalid. */
  breaker: string;
  /** A read that may be valid: any status below 500 will do. */
  mayPass: boolean;
  role: Role;
  method: string;
  url: string;
  headers: Record<string, string>;
  body: Buffer | undefined;
  /** A NUL character is in a path parameter or a declared query parameter (refused with 400). */
  nulInUrl: boolean;
}

/** Percent-encodes the UTF-8 bytes (lone surrogates become U+FFFD instead of throwing). */
const encode = (v: string) =>
  [...Buffer.from(v, 'utf8')]
    .map((b) =>
      /[A-Za-z0-9\-_.~]/.test(String.fromCharCode(b))
        ? String.fromCharCode(b)
        : `%${b.toString(16).toUpperCase().padStart(2, '0')}`,
    )
    .join('');
const BAD_PERCENT = ['%', '%zz', '%E0%A4%A', '%C0', '%ED%A0%80%'];

/** JSON text with the deep-nesting marks written out and the invalid-UTF-8 marks replaced by invalid bytes. */
function wire(json: string): Buffer {
  const text = json.replace(
    new RegExp(`"${DEEP_MARK}(\\d+):([ao])${DEEP_MARK}"`, 'g'),
    (_, depth: string, kind: string) =>
      kind === 'a'
        ? `${'['.repeat(Number(depth))}${']'.repeat(Number(depth))}`
        : `${'{"a":'.repeat(Number(depth))}null${'}'.repeat(Number(depth))}`,
  );
  const parts = text.split(BAD_UTF8_MARK);
  return Buffer.concat(
    parts.flatMap((p, i) =>
      i === 0 ? [Buffer.from(p, 'utf8')] : [BAD_UTF8[i % BAD_UTF8.length]!, Buffer.from(p, 'utf8')],
    ),
  );
}
const json = (v: unknown) => JSON.stringify(v) ?? 'null';

/** JSON that does not parse, whatever the value: each form is invalid for any input text. */
const SYNTAX_BREAKS: ((t: string) => Buffer)[] = [
  (t) => wire(`${t}}`),
  (t) => wire(`{${t}`),
  (t) => wire(`[${t},]`),
  (t) => Buffer.concat([Buffer.from([0xff, 0xfe]), wire(t)]),
  (t) => wire(`{'a': ${t}}`),
  (t) => wire(`{"a": ${t}, }`),
  (t) => wire(`// comment\n${t}`),
  (t) => wire(`{"a": "\u0001${t.replace(/["\\]/g, '')}"}`),
  () => Buffer.from('NaN'),
  () => Buffer.from('undefined'),
  () => Buffer.alloc(0),
];
/** Media types Fastify has no parser for: 415 whatever the body. */
const NOT_JSON = [
  'text/plain',
  'text/plain; charset=utf-8',
  'text/html',
  'application/xml',
  'text/xml',
  'application/x-www-form-urlencoded',
  'multipart/form-data; boundary=fuzz',
  'application/octet-stream',
  'application/jsonp',
  'application/json-patch+json',
  'image/png',
  '*/*',
];
/** Media types around JSON: only ever sent with a body that is invalid anyway. */
const ODD_JSON = [
  'application/json',
  'application/json; charset=utf-8',
  'APPLICATION/JSON',
  'application/json;charset=latin1',
  'application/json; boundary=x',
  ...NOT_JSON,
];

const printable = fc.integer({ min: 0x21, max: 0x7e }).map((c) => String.fromCharCode(c));
const headerValue = fc.oneof(
  fc.constantFrom(
    "'; drop table customers; --",
    '<script>alert(1)</script>',
    '${7*7}',
    '../../etc/passwd',
    '%00',
    '-1',
    '9'.repeat(40),
    'null',
  ),
  fc.string({ unit: printable, minLength: 1, maxLength: 200 }),
);
/** Never valid after the client trims it: too long, or a forbidden character inside. */
const badIdempotencyKey = fc.oneof(
  fc.integer({ min: 129, max: 600 }).map((n) => 'k'.repeat(n)),
  fc
    .tuple(
      fc.string({ unit: printable, maxLength: 20 }),
      fc.constantFrom(
        ' ',
        "'",
        '"',
        '<',
        '>',
        '/',
        '\\',
        '$',
        '{',
        '}',
        '%',
        '#',
        '&',
        '*',
        ',',
        ';',
        '=',
        '@',
        '~',
        '|',
        '!',
      ),
      fc.string({ unit: printable, maxLength: 20 }),
    )
    .map(([a, c, b]) => `k${a}${c}${b}k`),
);
const noiseHeaders = fc.dictionary(
  fc.constantFrom(
    'x-forwarded-for',
    'x-request-id',
    'accept',
    'accept-language',
    'origin',
    'referer',
    'user-agent',
    'if-match',
    'cookie',
    'x-http-method-override',
    'idempotency-key',
  ),
  headerValue,
  { maxKeys: 3 },
);
const noiseQuery = fc.array(
  fc.oneof(
    fc
      .tuple(fc.oneof(hostileKey, fc.constant('limit')), fc.oneof(shortString, fc.constant('')))
      .map(([k, v]) => `${encode(k)}=${encode(v)}`),
    fc.constantFrom('&&', '=', '[]=1', 'a[b]=1', '%', '%zz', 'a=%FF', 'a=%C0%80', '__proto__[x]=1'),
  ),
  { maxLength: 3 },
);

/** Strings a parameter schema refuses (numbers are coerced, so "1e3" or " 7 " may pass), at most `maxExtra` past its length. */
function badParamValue(sc: JsonSchema, maxExtra: number): fc.Arbitrary<string> | undefined {
  if (sc.type === 'integer' || sc.type === 'number') {
    const ok = (v: string) => {
      const n = Number(v);
      return (
        v.trim() !== '' &&
        Number.isFinite(n) &&
        (sc.type === 'number' || Number.isInteger(n)) &&
        n >= (sc.minimum ?? -Infinity) &&
        n <= (sc.maximum ?? Infinity)
      );
    };
    return fc
      .oneof(
        fc.constantFrom('abc', '1.5', '-1', '0', '2147483648', '9'.repeat(40), '1e400', 'Infinity', '0x'),
        hostileString.filter((v) => v.length <= maxExtra),
      )
      .filter((v) => !ok(v));
  }
  return badString(sc, maxExtra);
}
/** Well-formed values naming no record, for the parameters that name one: the handler answers 404. */
const missingRecord: Record<string, fc.Arbitrary<string>> = {
  customerNo: shortString.filter(
    (v) => v.length >= 1 && v.length <= 64 && v !== RECORDS.customerNo && !/^\.{1,2}$/.test(v),
  ),
  versionNo: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  changeId: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  id: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  exceptionId: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  userId: fc.integer({ min: 0, max: 999_999 }).map((n) => `no-such-user-${n}`),
  jobNo: fc.integer({ min: 0, max: 999_999 }).map((n) => `J1999-${String(n).padStart(6, '0')}`),
  quoteNo: fc.integer({ min: 0, max: 999_999 }).map((n) => `Q1999-${String(n).padStart(6, '0')}`),
  receiptId: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  receivableId: fc.integer({ min: 10_000_000, max: 2_147_483_647 }).map(String),
  contractNo: fc.integer({ min: 0, max: 99_999 }).map((n) => `HT1999-${String(n).padStart(5, '0')}`),
};

/** The request parts a breaker sets. */
interface Parts {
  path?: Record<string, string>;
  /** The path parameter written as is, not percent-encoded. */
  rawPath?: string;
  query?: string[];
  headers?: Record<string, string>;
  body?: Buffer;
  /** A media type for the body; null sends no body at all. */
  contentType?: string | null;
  /** The body is invalid whatever its media type claims. */
  bodyBroken?: boolean;
}
interface Breaker {
  weight: number;
  parts: fc.Arbitrary<Parts>;
  /** Only for reads: the request may be valid, so a 2xx is fine too (a read changes nothing). */
  mayPass?: boolean;
}

/** Every way this operation can be made invalid on purpose (and, for reads, hostile but valid). */
function breakersOf(op: Operation): Record<string, Breaker> {
  const b: Record<string, Breaker> = {};
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  const headerParams = op.params.filter((p) => p.in === 'header');
  const write = op.method !== 'GET';
  const nullable = op.body ? (acceptedKinds(op.body)?.has('null') ?? true) : false;
  const anyBody = op.body
    ? fc.oneof({ weight: 3, arbitrary: plausible(op.body) }, { weight: 1, arbitrary: anything })
    : anything;
  /** A noise body for a write (maybe valid: the breaker must refuse the request anyway); none for a read. */
  const noiseBody: fc.Arbitrary<Parts> = write ? anyBody.map((v) => ({ body: wire(json(v)) })) : fc.constant({});

  const badBody = op.body ? invalid(op.body) : undefined;
  if (badBody) b.body = { weight: 8, parts: badBody.map((v) => ({ body: wire(json(v)), bodyBroken: true })) };
  if (write) {
    b.syntax = {
      weight: 2,
      parts: fc
        .tuple(anyBody, fc.constantFrom(...SYNTAX_BREAKS))
        .map(([v, brk]) => ({ body: brk(json(v)), bodyBroken: true })),
    };
    b.contentType = {
      weight: 2,
      parts: fc
        .tuple(anyBody, fc.constantFrom(...NOT_JSON))
        .map(([v, ct]) => ({ body: wire(json(v)), contentType: ct })),
    };
  }
  if (headerParams.some((p) => p.name === 'idempotency-key')) {
    b.idempotencyHeader = {
      weight: 2,
      parts: fc
        .tuple(noiseBody, badIdempotencyKey)
        .map(([parts, key]) => ({ ...parts, headers: { 'idempotency-key': key } })),
    };
  } else if (nullable) {
    // Comment-only steps read the key in the handler, before anything else: a valid body with a bad key.
    const validBody = fc.constantFrom(undefined, '{}', 'null', '{"comment":null}', '{"comment":"fuzz"}');
    b.idempotencyHandler = {
      weight: 2,
      parts: fc.tuple(validBody, badIdempotencyKey).map(([body, key]) => ({
        headers: { 'idempotency-key': key },
        ...(body === undefined ? { contentType: null } : { body: Buffer.from(body) }),
      })),
    };
  }
  for (const p of headerParams.filter((x) => x.name !== 'idempotency-key')) {
    const bad = badParamValue(p.schema, 1_000)?.filter((v) => /^[\x21-\x7e]([\x20-\x7e]*[\x21-\x7e])?$/.test(v));
    if (bad)
      b[`header:${p.name}`] = {
        weight: 1,
        parts: fc.tuple(noiseBody, bad).map(([parts, value]) => ({ ...parts, headers: { [p.name]: value } })),
      };
  }
  for (const p of pathParams) {
    const bad = badParamValue(p.schema, 300)?.filter((v) => v.length > 0 && !/^\.{1,2}$/.test(v));
    if (bad)
      b[`path:${p.name}`] = {
        weight: 2,
        parts: fc.tuple(noiseBody, bad).map(([parts, value]) => ({ ...parts, path: { [p.name]: value } })),
      };
    const missing = missingRecord[p.name];
    if (missing)
      b[`missing:${p.name}`] = {
        weight: 2,
        parts: fc.tuple(noiseBody, missing).map(([parts, value]) => ({ ...parts, path: { [p.name]: value } })),
      };
  }
  if (pathParams.length) {
    const names = fc.constantFrom(...pathParams.map((p) => p.name));
    b.badPercent = {
      weight: 1,
      parts: fc
        .tuple(noiseBody, names, fc.constantFrom(...BAD_PERCENT))
        .map(([parts, name, raw]) => ({ ...parts, rawPath: name, path: { [name]: raw } })),
    };
  }
  if (queryParams.length) {
    // Every query schema of the API is a strict object.
    const unknownKey = hostileKey.filter((k) => k !== '' && !queryParams.some((p) => p.name === k));
    b.queryUnknown = {
      weight: 2,
      parts: fc
        .tuple(unknownKey, fc.oneof(shortString, fc.constant('')))
        .map(([k, v]) => ({ query: [`${encode(k)}=${encode(v)}`] })),
    };
    for (const p of queryParams) {
      const bad = badParamValue(p.schema, 200);
      if (bad)
        b[`query:${p.name}`] = { weight: 2, parts: bad.map((v) => ({ query: [`${encode(p.name)}=${encode(v)}`] })) };
    }
    if (queryParams.some((p) => p.required))
      b.queryMissing = { weight: 1, parts: fc.constant({ query: [] as string[] }) };
  }
  if (!write && queryParams.length) {
    // Hostile but possibly valid values in every query parameter: a read may answer 2xx, never 5xx.
    b.hostileRead = { weight: 3, parts: fc.constant({ query: [] as string[] }), mayPass: true };
  }
  return b;
}

function requestArb(op: Operation): fc.Arbitrary<FuzzRequest> {
  const breakers = Object.entries(breakersOf(op));
  const choice: fc.Arbitrary<[string, Parts, boolean]> = breakers.length
    ? fc.oneof(
        ...breakers.map(([name, br]) => ({
          weight: br.weight,
          arbitrary: br.parts.map((parts) => [name, parts, br.mayPass ?? false] as [string, Parts, boolean]),
        })),
      )
    : fc.constant(['none (takes no input)', {}, true] as [string, Parts, boolean]);
  const pathParams = op.params.filter((p) => p.in === 'path');
  const queryParams = op.params.filter((p) => p.in === 'query');
  // Plausible values for the query parameters a breaker leaves alone.
  const plausibleQuery = fc.tuple(
    ...queryParams.map((p) =>
      fc.option(
        plausible(p.schema)
          .filter((v) => String(v).length <= 60)
          .map((v) => `${encode(p.name)}=${encode(String(v))}`),
        { nil: undefined },
      ),
    ),
  );
  const requiredQuery = queryParams.filter((p) => p.required);

  return fc
    .record({
      choice,
      role: fc.constantFrom(...rolesFor(op.key, op.path)),
      headers: noiseHeaders,
      noiseQuery,
      plausibleQuery,
      contentType: fc.oneof(
        { weight: 5, arbitrary: fc.constant('application/json') },
        { weight: 2, arbitrary: fc.constantFrom(...ODD_JSON) },
      ),
    })
    .map(({ choice: [breaker, parts, mayPass], role, headers, noiseQuery: nq, plausibleQuery: pq, contentType }) => {
      const values: Record<string, string> = {};
      for (const p of pathParams)
        values[p.name] = parts.path?.[p.name] ?? RECORDS[p.name] ?? SEARCH_KEYS[p.name] ?? 'x';
      const path = op.path.replace(/\{(\w+)\}/g, (_, name: string) =>
        name === parts.rawPath ? values[name]! : encode(values[name]!),
      );
      const given = pq.filter((x): x is string => x !== undefined);
      let query: string[];
      if (breaker === 'queryMissing')
        query = given.filter((g) => !requiredQuery.some((p) => g.startsWith(`${encode(p.name)}=`)));
      else if (parts.query?.length) query = [...given, ...parts.query];
      else {
        // Required query parameters get a plausible value, so the breaker is what refuses the request.
        const missing = requiredQuery.filter((p) => !given.some((g) => g.startsWith(`${encode(p.name)}=`)));
        query = [...given, ...missing.map((p) => `${encode(p.name)}=${encode(String(p.schema.enum?.[0] ?? 'x'))}`)];
      }
      const declared = [...Object.values(values), ...query.map((q) => safeDecode(q))];
      // Unknown keys would make a hostile read invalid; everywhere else they are noise.
      if (breaker !== 'queryMissing' && breaker !== 'hostileRead') query.push(...nq);
      const allHeaders: Record<string, string> = { ...headers, ...(parts.headers ?? {}) };
      const body = parts.contentType === null ? undefined : parts.body;
      // An empty body is only refused as JSON: under another media type it would be no body at all.
      const oddType = body?.length ? contentType : 'application/json';
      if (body !== undefined)
        allHeaders['content-type'] = parts.contentType ?? (parts.bodyBroken ? oddType : 'application/json');
      const req: FuzzRequest = {
        op: op.key,
        breaker,
        mayPass,
        role,
        method: op.method,
        url: `${path}${query.length ? `?${query.join('&')}` : ''}`,
        headers: allHeaders,
        body,
        nulInUrl: declared.some((v) => v.includes('\u0000')),
      };
      Object.defineProperty(req, fc.toStringMethod, { value: () => describeRequest(req), enumerable: false });
      return req;
    });
}

function safeDecode(v: string): string {
  try {
    return decodeURIComponent(v);
  } catch {
    return v;
  }
}

function describeRequest(r: FuzzRequest): string {
  const body =
    r.body === undefined
      ? 'no body'
      : `${r.body.length} bytes ${JSON.stringify(r.body.subarray(0, 300).toString('latin1'))}`;
  const headers = Object.fromEntries(
    Object.entries(r.headers).map(([k, v]) => [k, v.length > 120 ? `${v.slice(0, 120)}… (${v.length})` : v]),
  );
  return `[${r.breaker}] ${r.role} ${r.method} ${r.url.length > 300 ? `${r.url.slice(0, 300)}… (${r.url.length})` : r.url} ${JSON.stringify(headers)} ${body}`;
}

interface Answer {
  status: number;
  body: unknown;
}
async function send(r: FuzzRequest): Promise<Answer> {
  let res: Response;
  try {
    res = await fetch(`${s.baseUrl}${r.url}`, {
      method: r.method,
      headers: { ...r.headers, authorization: `Bearer ${tokens[r.role]}` },
      redirect: 'manual',
      signal: AbortSignal.timeout(REQUEST_TIMEOUT_MS),
      ...(r.body !== undefined ? { body: r.body } : {}),
    });
  } catch (e) {
    throw new Error(`no answer within ${REQUEST_TIMEOUT_MS} ms (${(e as Error).message}) to ${describeRequest(r)}`);
  }
  const text = await res.text();
  let body: unknown = text;
  try {
    body = JSON.parse(text);
  } catch {
    /* left as text: the shape check reports it */
  }
  return { status: res.status, body };
}

function check(r: FuzzRequest, a: Answer): void {
  const what = `${a.status} ${JSON.stringify(a.body).slice(0, 300)} for ${describeRequest(r)}`;
  expect(a.status, what).toBeLessThan(500);
  if (!r.mayPass) expect(a.status, what).toBeGreaterThanOrEqual(400);
  if (a.status >= 400) {
    const e = a.body as { code?: unknown; message?: unknown; details?: unknown };
    expect(
      typeof e?.code === 'string' &&
        typeof e.message === 'string' &&
        typeof e.details === 'object' &&
        e.details !== null &&
        !Array.isArray(e.details),
      `error shape: ${what}`,
    ).toBe(true);
  }
}

// ---------------------------------------------------------------------------------------------------

let cases = 0;
const numRuns = Math.ceil(CASES_PER_OPERATION / BATCH);

describe(`fuzzing every operation of the OpenAPI document (seed ${SEED}, ${numRuns * BATCH} cases each)`, () => {
  it('finds the operations in an OpenAPI 3.1 document', () => {
    expect(spec.openapi).toBe('3.1.0');
    expect(operations.length).toBeGreaterThan(50);
  });

  it.each(operations)(
    '$key: refuses broken and hostile requests with a 4xx in the error shape and changes nothing',
    async (op) => {
      const arb = requestArb(op);
      await fc.assert(
        fc.asyncProperty(fc.array(arb, { minLength: BATCH, maxLength: BATCH }), async (batch) => {
          const answers = await Promise.all(batch.map(send));
          cases += batch.length;
          batch.forEach((r, i) => check(r, answers[i]!));
          expect(await tableState()).toEqual(baseline);
        }),
        { seed: SEED, numRuns, interruptAfterTimeLimit: 240_000, markInterruptAsFailure: true },
      );
    },
    300_000,
  );

  it('sent every case, at least 10,000 in all', () => {
    expect(cases).toBeGreaterThanOrEqual(operations.length * numRuns * BATCH);
    if (!process.env.FUZZ_CASES) expect(cases).toBeGreaterThanOrEqual(10_000);
  });
});
