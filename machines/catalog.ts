/** Reference lists of the business (DOMAIN.md): service types, pricing units, currencies. Pure data. */

/** The ten service types 「十種單項報價」 (§3.3.1), in the order of the guideline. */
export const SERVICE_TYPES = [
  'tt',
  'lc',
  'booking',
  'ocean_freight',
  'import_export_agency',
  'inspection',
  'customs_declaration',
  'transport',
  'warehousing',
  'distribution',
] as const;
export type ServiceType = (typeof SERVICE_TYPES)[number];

/**
 * The one table of service type names, `中文 English` (English in sentence case: 海運 Ocean freight — the job's
 * sea stage says the same, machines/job.machine.ts): the API's labels, the documents and the desk read it.
 */
export const SERVICE_TYPE_LABELS: Record<ServiceType, string> = {
  tt: '電匯 T/T',
  lc: '信用證 L/C',
  booking: '訂艙 Booking',
  ocean_freight: '海運 Ocean freight',
  import_export_agency: '進出口 Import/export agency',
  inspection: '報檢 Inspection',
  customs_declaration: '報關 Customs declaration',
  transport: '運送 Transport',
  warehousing: '倉儲 Warehousing',
  distribution: '配送 Distribution',
};

/** What a price is per. `percent_of_value` prices are a rate in per cent, not money. */
export const PRICE_UNITS = [
  'per_20gp',
  'per_40gp',
  'per_40hq',
  'per_shipment',
  'per_kg',
  'per_cbm',
  'percent_of_value',
] as const;
export type PriceUnit = (typeof PRICE_UNITS)[number];

/** The one table of price unit names, `中文 English` (the desk's unit picker reads it too). */
export const PRICE_UNIT_LABELS: Record<PriceUnit, string> = {
  per_20gp: '每20GP櫃 per 20GP',
  per_40gp: '每40GP櫃 per 40GP',
  per_40hq: '每40HQ櫃 per 40HQ',
  per_shipment: '每票 per shipment',
  per_kg: '每公斤 per kg',
  per_cbm: '每立方米 per CBM',
  percent_of_value: '貨值百分比 % of value',
};

/**
 * How many decimals a quantity may carry, per price unit: containers and shipments are counted in
 * whole numbers; weight (kg) and volume (CBM) to the gram and the litre (3 decimals); the declared
 * value of a `percent_of_value` line is money, so its currency's digits (the 2 here is the most any
 * accepted currency has; `quantityDigits` narrows it to the currency).
 */
export const QUANTITY_DIGITS: Record<PriceUnit, number> = {
  per_20gp: 0,
  per_40gp: 0,
  per_40hq: 0,
  per_shipment: 0,
  per_kg: 3,
  per_cbm: 3,
  percent_of_value: 2,
};

/** Accepted currencies and their minor-unit digits (ISO 4217). */
export const CURRENCY_DIGITS = { CNY: 2, USD: 2, HKD: 2, EUR: 2, TWD: 2, GBP: 2, JPY: 0 } as const;
export type Currency = keyof typeof CURRENCY_DIGITS;
export const CURRENCIES = Object.keys(CURRENCY_DIGITS) as Currency[];

/** One tariff line as entered and carried in workflow payloads; money as exact decimal strings. */
export interface TariffLineInput {
  serviceType: ServiceType;
  industry: string;
  commodity: string;
  routeFrom: string;
  routeTo: string;
  unit: PriceUnit;
  currency: Currency;
  price: string;
  budgetCost: string;
  validFrom?: string | null | undefined;
  validTo?: string | null | undefined;
}

/** Decimals a quantity in `unit` may carry (a declared value: the currency's digits). */
export const quantityDigits = (unit: PriceUnit, currency: Currency): number =>
  unit === 'percent_of_value' ? CURRENCY_DIGITS[currency] : QUANTITY_DIGITS[unit];
