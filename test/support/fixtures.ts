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
