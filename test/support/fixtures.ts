/** Business data the tests share. */
import { businessToday } from '../../lib/dates';

export const today = () => businessToday();

export const addDays = (date: string, days: number) => {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
};

export const oceanLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'ocean_freight',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '洛杉磯 Los Angeles',
  unit: 'per_40hq',
  currency: 'USD',
  price: '2450.00',
  budgetCost: '2100.00',
  ...over,
});

export const customsLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'customs_declaration',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '深圳 Shenzhen',
  routeTo: '深圳 Shenzhen',
  unit: 'per_shipment',
  currency: 'CNY',
  price: '350.00',
  budgetCost: '200.00',
  ...over,
});

export const transportLine = (over: Record<string, unknown> = {}) => ({
  serviceType: 'transport',
  industry: '電子 electronics',
  commodity: '手機配件 phone accessories',
  routeFrom: '鹽田港 Yantian',
  routeTo: '東莞工廠 Dongguan factory',
  unit: 'per_40hq',
  currency: 'CNY',
  price: '1800.00',
  budgetCost: '1500.00',
  ...over,
});

export const newCustomer = (over: Record<string, unknown> = {}) => ({
  fullName: `深圳市華南電子有限公司 ${Math.random().toString(36).slice(2, 7)}`,
  address: '深圳市南山區科技園',
  phone: '0755-2661 0000',
  contactPerson: '李經理',
  ...over,
});

/** A locked tariff in force today with ocean freight (line 1), customs declaration (2) and transport (3). */
export async function lockStandardTariff(s: { http: (m: string, p: string, o?: { as?: string; body?: unknown }) => Promise<{ status: number; body: any }> }) {
  const created = await s.http('POST', '/tariffs', {
    as: 'commerce',
    body: { title: '標準報價 standard tariff', effectiveFrom: today(), lines: [oceanLine(), customsLine(), transportLine()] },
  });
  const no = created.body.versionNo as number;
  await s.http('POST', `/tariffs/${no}/submit`, { as: 'commerce' });
  await s.http('POST', `/tariffs/${no}/approve`, { as: 'gm' });
  return no;
}
