/**
 * Realistic starting data, entered the way people enter it: users in the users table (as an
 * administrator would), the standard tariff drafted by commerce and locked by the GM over HTTP, each
 * salesperson's customers over HTTP, and a token per user minted with the API's own JWT settings.
 */
import { upsertUser } from '../db/user.repository';
import { businessToday } from '../lib/dates';
import { mintToken } from '../lib/tokens';
import type { QuoteLineInput } from '../lib/pricing';
import type { Role } from '../machines/roles';
import type { HttpClient } from './http';
import type { Stack } from './stack';

interface Cast {
  sales: string[];
  salesManager: string;
  commerce: string[];
  gm: string;
  marketingManager: string;
  settlement: string;
}

export interface Seeded {
  cast: Cast;
  tokens: Map<string, string>;
  tariffVersionNo: number;
  /** Customer numbers per salesperson. */
  customers: Map<string, string[]>;
  tariffLines: TariffLine[];
}

export interface TariffLine {
  serviceType: string;
  industry: string;
  commodity: string;
  routeFrom: string;
  routeTo: string;
  unit: string;
  currency: string;
  price: string;
  budgetCost: string;
}

const ELECTRONICS = '電子 electronics';
const PHONE_PARTS = '手機配件 phone accessories';
const FURNITURE = '家具 furniture';

/** The standard tariff 「原始報價」: ocean freight on three lanes, booking, customs, inspection, transport, warehousing, distribution, agency. */
const STANDARD_TARIFF: TariffLine[] = [
  {
    serviceType: 'ocean_freight',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '深圳 Shenzhen',
    routeTo: '洛杉磯 Los Angeles',
    unit: 'per_40hq',
    currency: 'USD',
    price: '2450.00',
    budgetCost: '2100.00',
  },
  {
    serviceType: 'ocean_freight',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '上海 Shanghai',
    routeTo: '鹿特丹 Rotterdam',
    unit: 'per_40hq',
    currency: 'USD',
    price: '1850.00',
    budgetCost: '1600.00',
  },
  {
    serviceType: 'ocean_freight',
    industry: FURNITURE,
    commodity: '木製家具 wooden furniture',
    routeFrom: '寧波 Ningbo',
    routeTo: '漢堡 Hamburg',
    unit: 'per_20gp',
    currency: 'USD',
    price: '1200.00',
    budgetCost: '1000.00',
  },
  {
    serviceType: 'booking',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '深圳 Shenzhen',
    routeTo: '洛杉磯 Los Angeles',
    unit: 'per_shipment',
    currency: 'CNY',
    price: '500.00',
    budgetCost: '300.00',
  },
  {
    serviceType: 'customs_declaration',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '深圳 Shenzhen',
    routeTo: '深圳 Shenzhen',
    unit: 'per_shipment',
    currency: 'CNY',
    price: '350.00',
    budgetCost: '200.00',
  },
  {
    serviceType: 'inspection',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '深圳 Shenzhen',
    routeTo: '深圳 Shenzhen',
    unit: 'per_shipment',
    currency: 'CNY',
    price: '400.00',
    budgetCost: '250.00',
  },
  {
    serviceType: 'transport',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '鹽田港 Yantian',
    routeTo: '東莞工廠 Dongguan factory',
    unit: 'per_40hq',
    currency: 'CNY',
    price: '1800.00',
    budgetCost: '1500.00',
  },
  {
    serviceType: 'warehousing',
    industry: FURNITURE,
    commodity: '木製家具 wooden furniture',
    routeFrom: '寧波 Ningbo',
    routeTo: '寧波 Ningbo',
    unit: 'per_cbm',
    currency: 'CNY',
    price: '45.00',
    budgetCost: '30.00',
  },
  {
    serviceType: 'distribution',
    industry: FURNITURE,
    commodity: '木製家具 wooden furniture',
    routeFrom: '漢堡 Hamburg',
    routeTo: '柏林 Berlin',
    unit: 'per_shipment',
    currency: 'EUR',
    price: '600.00',
    budgetCost: '450.00',
  },
  {
    serviceType: 'import_export_agency',
    industry: ELECTRONICS,
    commodity: PHONE_PARTS,
    routeFrom: '深圳 Shenzhen',
    routeTo: '洛杉磯 Los Angeles',
    unit: 'percent_of_value',
    currency: 'USD',
    price: '1.5000',
    budgetCost: '1.0000',
  },
];

/** Combined quotes a salesperson typically makes: tariff line numbers (1-based) and quantities. */
const BUNDLES: { line: number; quantity: string }[][] = [
  [
    { line: 1, quantity: '2' },
    { line: 4, quantity: '1' },
    { line: 5, quantity: '1' },
    { line: 7, quantity: '2' },
  ],
  [
    { line: 2, quantity: '4' },
    { line: 5, quantity: '2' },
    { line: 6, quantity: '1' },
  ],
  [
    { line: 3, quantity: '3' },
    { line: 8, quantity: '66' },
    { line: 9, quantity: '3' },
  ],
  [
    { line: 1, quantity: '1' },
    { line: 5, quantity: '1' },
    { line: 10, quantity: '180000.00' },
  ],
  [
    { line: 2, quantity: '2' },
    { line: 4, quantity: '1' },
  ],
];

/** Money in cents × (1 − pct/100), as a decimal string with two places. */
function discounted(price: string, pctTimes10: number): string {
  const [i, f = ''] = price.split('.');
  const cents = BigInt(i!) * 100n + BigInt((f + '00').slice(0, 2));
  const v = (cents * BigInt(1000 - pctTimes10)) / 1000n;
  return `${v / 100n}.${String(v % 100n).padStart(2, '0')}`;
}

/** The lines of chain `n`: one of the bundles, some lines 2 % under the tariff (within the 5 % authority). */
export function quoteLines(n: number, tariff: TariffLine[] = STANDARD_TARIFF): QuoteLineInput[] {
  const bundle = BUNDLES[n % BUNDLES.length]!;
  return bundle.map(({ line, quantity }, i) => {
    const t = tariff[line - 1]!;
    const quotedPrice = t.unit === 'percent_of_value' ? t.price : (n + i) % 2 === 0 ? discounted(t.price, 20) : t.price;
    return { tariffLineNo: line, quotedPrice, quantity };
  });
}

function castOf(users: number): Cast {
  return {
    sales: Array.from({ length: users }, (_, i) => `bench-sales-${i + 1}`),
    salesManager: 'bench-sales-manager',
    commerce: ['bench-commerce-1', 'bench-commerce-2'],
    gm: 'bench-gm',
    marketingManager: 'bench-marketing-manager',
    settlement: 'bench-settlement',
  };
}

function expect(r: { status: number; body: any }, ok: number[], what: string) {
  if (!ok.includes(r.status)) throw new Error(`${what}: HTTP ${r.status} ${JSON.stringify(r.body).slice(0, 300)}`);
  return r.body;
}

export async function seed(
  stack: Stack,
  http: HttpClient,
  users: number,
  customersPerSales: number,
  log: (m: string) => void,
): Promise<Seeded> {
  const cast = castOf(users);
  const people: [string, Role, string | null][] = [
    [cast.salesManager, 'sales_manager', null],
    ...cast.sales.map((id): [string, Role, string | null] => [id, 'sales', cast.salesManager]),
    ...cast.commerce.map((id): [string, Role, string | null] => [id, 'commerce', null]),
    [cast.gm, 'gm', null],
    [cast.marketingManager, 'marketing_manager', null],
    [cast.settlement, 'settlement', null],
  ];
  for (const [id, role, manager] of people) {
    await upsertUser(stack.db.db, {
      id,
      display_name: `Bench ${role} ${id.split('-').pop()}`,
      role,
      manager_id: manager,
    });
  }
  const tokens = new Map<string, string>();
  for (const [id] of people) tokens.set(id, await mintToken(stack.appConfig.jwt, id, 12 * 3600));
  const as = (id: string) => tokens.get(id)!;

  // The standard tariff: commerce drafts and submits, the GM locks it.
  const created = expect(
    await http.request('POST', '/tariffs', {
      token: as(cast.commerce[0]!),
      body: { title: '標準報價 standard tariff (bench)', effectiveFrom: businessToday(), lines: STANDARD_TARIFF },
    }),
    [201],
    'create the tariff',
  );
  const versionNo = created.versionNo as number;
  expect(
    await http.request('POST', `/tariffs/${versionNo}/submit`, { token: as(cast.commerce[0]!) }),
    [200],
    'submit the tariff',
  );
  expect(await http.request('POST', `/tariffs/${versionNo}/approve`, { token: as(cast.gm) }), [200], 'lock the tariff');
  log(`Tariff version ${versionNo} locked with ${STANDARD_TARIFF.length} lines`);

  // Each salesperson enters their customers.
  const customers = new Map<string, string[]>();
  await Promise.all(
    cast.sales.map(async (sales, i) => {
      const mine: string[] = [];
      for (let j = 1; j <= customersPerSales; j++) {
        const body = expect(
          await http.request('POST', '/customers', {
            token: as(sales),
            idempotencyKey: `bench-customer-${i + 1}-${j}`,
            body: {
              fullName: `深圳市華南電子有限公司 Bench S${i + 1} C${j}`,
              address: `深圳市南山區科技園 ${j} 號`,
              phone: `0755-2661 ${String(1000 + i * 10 + j)}`,
              contactPerson: '李經理 Manager Li',
              industry: ELECTRONICS,
            },
          }),
          [201, 200],
          `create a customer of ${sales}`,
        );
        mine.push(body.customerNo as string);
      }
      customers.set(sales, mine);
    }),
  );
  log(`${people.length} users, ${users * customersPerSales} customers`);
  return { cast, tokens, tariffVersionNo: versionNo, customers, tariffLines: STANDARD_TARIFF };
}
