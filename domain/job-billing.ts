/**
 * What a billed job's customer owes 「應收」: the contract's service lines for this job, the internal
 * quote's customer-paid fee items, and the charges entered at billing. Pure: the recording activity
 * loads the inputs and stores the result.
 */
import { currencyDigits, fromScaled, roundHalfEven, toScaled } from '../lib/money';
import type { Currency, PriceUnit } from '../machines/catalog';

/** A contracted line as the quote's revision holds it (exact decimal strings). */
export interface ContractLine {
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

const CONTAINER_UNITS: Partial<Record<PriceUnit, string>> = { per_20gp: '20GP', per_40gp: '40GP', per_40hq: '40HQ' };

/** `amount` rounded half-even to the currency's digits. */
const inCurrency = (scaled: bigint, currency: Currency) => fromScaled(roundHalfEven(scaled, currencyDigits(currency)), currencyDigits(currency));

/**
 * The receivables of one job. Per-container lines are billed for this job's containers of that type,
 * per-shipment lines once; fee items the customer bears as entered; charges as entered.
 */
export function receivablesOf(
  job: { containerType: string; containerCount: number },
  lines: readonly ContractLine[],
  customerFeeItems: readonly { name: string; currency: Currency; amount: string }[],
  charges: readonly { label: string; currency: string; amount: string }[],
): ReceivableLine[] {
  const rows: ReceivableLine[] = [];
  for (const l of lines) {
    const type = CONTAINER_UNITS[l.unit];
    const count = type ? (type === job.containerType ? job.containerCount : 0) : l.unit === 'per_shipment' ? 1 : 0;
    if (count === 0) continue;
    rows.push({ label: `${l.serviceType} ${l.routeFrom}→${l.routeTo}`, source: 'service', currency: l.currency, amount: inCurrency(toScaled(l.quotedPrice) * BigInt(count), l.currency) });
  }
  for (const f of customerFeeItems) rows.push({ label: f.name, source: 'fee_item', currency: f.currency, amount: f.amount });
  for (const c of charges) rows.push({ label: c.label, source: 'actual_charge', currency: c.currency, amount: inCurrency(toScaled(c.amount), c.currency as Currency) });
  return rows;
}
