/** Shapes of the tariff screens, from the generated client. */
import type { paths } from '../../api/schema';
import { normalizeDecimalInput, numberProblem } from '../../format/number';
import { splitLabels, type Label } from '../../format/labels';
import {
  PRICE_UNIT_LABELS as PRICE_UNIT_TABLE,
  SERVICE_TYPE_LABELS as SERVICE_TYPE_TABLE,
} from '../../../../machines/catalog';

export type TariffSummary =
  paths['/tariffs']['get']['responses']['200']['content']['application/json']['items'][number];
export type TariffDetail = paths['/tariffs/{versionNo}']['get']['responses']['200']['content']['application/json'];
export type TariffLineView = TariffDetail['lines'][number];
export type LineBody = NonNullable<
  paths['/tariffs/{versionNo}/lines']['put']['requestBody']
>['content']['application/json']['lines'][number];
export type ServiceType = LineBody['serviceType'];
export type PriceUnit = LineBody['unit'];
export type Currency = LineBody['currency'];
export type ChangeDetail =
  paths['/tariff-changes/{changeId}']['get']['responses']['200']['content']['application/json'];

/** Every service type: the one table in machines/catalog.ts. */
export const SERVICE_TYPE_LABELS: Record<ServiceType, Label> = splitLabels(SERVICE_TYPE_TABLE);
/** Every price unit: the one table in machines/catalog.ts. */
export const UNIT_LABELS: Record<PriceUnit, Label> = splitLabels(PRICE_UNIT_TABLE);
export const CURRENCY_CODES: Record<Currency, true> = {
  CNY: true,
  USD: true,
  HKD: true,
  EUR: true,
  TWD: true,
  GBP: true,
  JPY: true,
};

export const lineFields = [
  'serviceType',
  'industry',
  'commodity',
  'routeFrom',
  'routeTo',
  'unit',
  'currency',
  'price',
  'budgetCost',
  'validFrom',
  'validTo',
] as const;

/** A line as the editor holds it: every field a string ('' = empty). */
export type DraftLine = Record<(typeof lineFields)[number], string> & { key: string };

/**
 * What is wrong with a draft line as typed, field → message (zh / en), shown as the user types. The API
 * checks the same again on save and its answer (`details.fields`) is shown per row and field too.
 */
export function lineProblems(l: DraftLine, digitsOf: Record<string, number>): Partial<Record<keyof DraftLine, string>> {
  const p: Partial<Record<keyof DraftLine, string>> = {};
  for (const f of [
    'serviceType',
    'industry',
    'commodity',
    'routeFrom',
    'routeTo',
    'unit',
    'currency',
    'price',
    'budgetCost',
  ] as const) {
    if (!l[f].trim()) p[f] = '必填 required';
  }
  for (const f of ['price', 'budgetCost'] as const) {
    if (!l[f].trim()) continue;
    // The desk's one number rule (lib/number-input.ts): a per-cent rate 0–100 with 4 decimals, money in its currency's digits.
    const problem = numberProblem(
      normalizeDecimalInput(l[f]),
      l.unit === 'percent_of_value'
        ? { decimals: 4, max: 100 }
        : { decimals: l.currency ? (digitsOf[l.currency] ?? 2) : 4, currency: l.currency || undefined },
    );
    if (problem) p[f] = `${problem.zh} ${problem.en}`;
  }
  for (const f of ['validFrom', 'validTo'] as const) {
    if (l[f] && !/^\d{4}-\d{2}-\d{2}$/.test(l[f])) p[f] = '日期格式 YYYY-MM-DD';
  }
  if (l.validFrom && l.validTo && l.validFrom > l.validTo && !p.validTo)
    p.validTo = '不可早於起始日 must not be before validFrom';
  return p;
}

/**
 * An amount as the API stores it (4 decimals, `2100.0000`) with the zeros beyond `digits` dropped
 * (`2100.00`), so that a copied line is sent back in the currency's digits.
 */
export function trimAmount(amount: string, digits: number): string {
  const [int, frac = ''] = amount.split('.');
  const kept = frac.replace(/0+$/, '');
  const places = Math.max(digits, kept.length);
  return places === 0 ? (int ?? '') : `${int}.${frac.padEnd(places, '0').slice(0, places)}`;
}

/** `digitsOf`: minor-unit digits per currency (a per-cent rate keeps up to 4 decimals, trimmed). */
export const toDraft = (
  // budgetCost: null on a tariff read by a role that does not read cost budgets (api/quotes/budget-access.ts).
  l: Partial<Omit<TariffLineView, 'budgetCost'>> &
    Partial<Omit<LineBody, 'budgetCost'>> & { budgetCost?: string | null },
  key: string,
  digitsOf: Record<string, number> = {},
): DraftLine => {
  const digits = l.unit === 'percent_of_value' ? 0 : (digitsOf[l.currency ?? ''] ?? 2);
  return {
    key,
    serviceType: l.serviceType ?? '',
    industry: l.industry ?? '',
    commodity: l.commodity ?? '',
    routeFrom: l.routeFrom ?? '',
    routeTo: l.routeTo ?? '',
    unit: l.unit ?? '',
    currency: l.currency ?? '',
    price: l.price ? trimAmount(l.price, digits) : '',
    budgetCost: l.budgetCost ? trimAmount(l.budgetCost, digits) : '',
    validFrom: l.validFrom ?? '',
    validTo: l.validTo ?? '',
  };
};

/** The API body of a draft line (empty validity left out). */
export const toBody = (l: DraftLine): LineBody => ({
  serviceType: l.serviceType as ServiceType,
  industry: l.industry.trim(),
  commodity: l.commodity.trim(),
  routeFrom: l.routeFrom.trim(),
  routeTo: l.routeTo.trim(),
  unit: l.unit as PriceUnit,
  currency: l.currency as Currency,
  price: l.price.trim(),
  budgetCost: l.budgetCost.trim(),
  ...(l.validFrom ? { validFrom: l.validFrom } : {}),
  ...(l.validTo ? { validTo: l.validTo } : {}),
});

const STATUS_COLOURS: Record<string, string> = { pending_gm: '#ad4e00', discarded: 'default', draft: '#531dab' };

/**
 * Where a version stands today: a locked version in force, superseded or upcoming (by its dates); any
 * other by its workflow status, named by the API's `statusLabel` (domain/labels.ts).
 */
export function versionStanding(
  v: Pick<TariffSummary, 'status' | 'statusLabel' | 'effectiveFrom' | 'effectiveTo'>,
  today: string,
): [string, string, string] {
  if (v.status === 'locked') {
    if (v.effectiveTo && v.effectiveTo <= today) return ['已被取代', 'Superseded', 'default'];
    if (v.effectiveFrom > today) return ['待生效', 'Upcoming', '#1f5fa8'];
    return ['生效中', 'In force', '#237804'];
  }
  return [v.statusLabel.zh, v.statusLabel.en, STATUS_COLOURS[v.status] ?? 'default'];
}

/**
 * `details.fields` of a 400 → `{ "<row>.<field>": message }` for the editor (paths like `body.lines.3.price`;
 * the row index is 0-based here, shown as line 4 in the table's first column).
 */
export function fieldErrors(fields: { path: string; message: string }[]): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of fields) {
    const m = /lines\.(\d+)(?:\.(\w+))?/.exec(f.path);
    if (m) out[`${m[1]}.${m[2] ?? 'serviceType'}`] = f.message;
  }
  return out;
}
