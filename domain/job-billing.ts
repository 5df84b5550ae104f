/**
 * What a billed job's customer owes 「應收」: every contracted line that applies to this job, the
 * internal quote's customer-paid fee items, and the charges entered at billing. Pure: the recording
 * activity loads the inputs and stores the result.
 *
 * Per contracted line (price × base, rounded once, half-even, to the currency's digits):
 * - per-container (`per_20gp`, `per_40gp`, `per_40hq`): this job's containers of that type (none of
 *   that type: the line is not this job's);
 * - `per_shipment`: once per job;
 * - `per_kg`, `per_cbm`: the contracted quantity (a job records no weight or volume of its own);
 * - `percent_of_value`: rate % × the declared cargo value the job records, else × the value the
 *   contract was priced on (its quantity).
 */
import { chargeOf, formatMoney, moneyText, parseDecimal, type Decimal } from '../lib/money';
import { CONTAINER_UNITS } from './container-pricing';
import { SERVICE_TYPE_LABELS, type Currency, type PriceUnit, type ServiceType } from '../machines/catalog';

/** A contracted line as the quote's revision holds it (exact decimal strings). */
export interface ContractLine {
  lineNo: number;
  serviceType: string;
  routeFrom: string;
  routeTo: string;
  unit: PriceUnit;
  currency: Currency;
  quotedPrice: string;
  quantity: string;
}

/** One receivable line; `amount` exact in the currency's digits. */
export interface ReceivableLine {
  label: string;
  source: 'service' | 'fee_item' | 'actual_charge';
  currency: string;
  amount: string;
}

/** The declared cargo value of a job: exact decimal in its currency. */
export interface DeclaredValue {
  currency: Currency;
  amount: string;
}

/** price × base (÷ 100 for a per-cent rate), rounded once half-even to the currency's digits, as a decimal string. */
export function lineCharge(price: string, base: string, currency: Currency, percent: boolean): string {
  return formatMoney(chargeOf(price, base, currency, percent), currency);
}

/**
 * Why the declared value cannot bill the contract's per-cent-of-value lines (each must be in the
 * value's currency), or null. `path` names the field to blame.
 */
export function declaredValueProblem(lines: readonly ContractLine[], value: DeclaredValue | null): string | null {
  if (!value) return null;
  const other = lines.find((l) => l.unit === 'percent_of_value' && l.currency !== value.currency);
  return other
    ? `must be in ${other.currency}, the currency of contract line ${other.lineNo} (${other.serviceType}, per cent of value)`
    : null;
}

/**
 * A receivable's label as people read it: one billed before service types were labelled starts with the
 * raw key (`customs_declaration Yantian→Dongguan`), shown with the service type's label instead
 * (`報關 Customs declaration Yantian→Dongguan`); any other label is returned as it is.
 */
export function receivableLabel(label: string): string {
  const key = label.split(' ', 1)[0] as ServiceType;
  return Object.hasOwn(SERVICE_TYPE_LABELS, key) ? `${SERVICE_TYPE_LABELS[key]}${label.slice(key.length)}` : label;
}

/** The receivables of one job (see the module comment for each unit). */
export function receivablesOf(
  job: { containerType: string; containerCount: number; declaredValue: DeclaredValue | null },
  lines: readonly ContractLine[],
  customerFeeItems: readonly { name: string; currency: Currency; amount: string }[],
  charges: readonly { label: string; currency: string; amount: string }[],
): ReceivableLine[] {
  const rows: ReceivableLine[] = [];
  for (const l of lines) {
    const label = receivableLabel(`${l.serviceType} ${l.routeFrom}→${l.routeTo}`);
    const type = CONTAINER_UNITS[l.unit];
    if (l.unit === 'percent_of_value') {
      const base = job.declaredValue?.currency === l.currency ? job.declaredValue.amount : l.quantity;
      rows.push({
        label: `${label} ${l.quotedPrice}% × ${moneyText(base, l.currency)}`,
        source: 'service',
        currency: l.currency,
        amount: lineCharge(l.quotedPrice, base, l.currency, true),
      });
      continue;
    }
    const base = type
      ? type === job.containerType
        ? String(job.containerCount)
        : null
      : l.unit === 'per_shipment'
        ? '1'
        : l.quantity;
    if (base === null) continue;
    rows.push({
      label,
      source: 'service',
      currency: l.currency,
      amount: lineCharge(l.quotedPrice, base, l.currency, false),
    });
  }
  for (const f of customerFeeItems)
    rows.push({ label: f.name, source: 'fee_item', currency: f.currency, amount: f.amount });
  for (const c of charges)
    rows.push({
      label: c.label,
      source: 'actual_charge',
      currency: c.currency,
      amount: lineCharge(c.amount, '1', c.currency as Currency, false),
    });
  return rows;
}

/**
 * The total of `lines` per currency, in the order each currency first appears; never summed across
 * currencies. Amounts exact decimal strings in the currency's digits.
 */
export function totalsPerCurrency(
  lines: readonly { currency: string; amount: string }[],
): { currency: string; amount: string }[] {
  const sums = new Map<string, Decimal>();
  for (const l of lines) {
    const c = l.currency.trim();
    const prev = sums.get(c);
    sums.set(c, prev ? prev.plus(parseDecimal(l.amount)) : parseDecimal(l.amount));
  }
  return [...sums].map(([currency, v]) => ({ currency, amount: formatMoney(v, currency as Currency) }));
}
