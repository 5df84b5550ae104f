/**
 * Money as the API sends it (exact decimal strings), shown with thousands separators and exactly the
 * currency's digits — by string arithmetic, never through floating point. Digits come from
 * `GET /client-config` (`currencyDigits`); an amount with more decimals than its currency has is shown
 * as it is (the API never sends one).
 */
export function formatAmount(amount: string, digits: number): string {
  const m = /^(-?)(\d+)(?:\.(\d+))?$/.exec(amount.trim());
  if (!m) return amount;
  const [, sign, int = '0', frac = ''] = m;
  const grouped = int.replace(/^0+(?=\d)/, '').replace(/\B(?=(\d{3})+(?!\d))/g, ',');
  const trimmed = frac.replace(/0+$/, '');
  const shown = trimmed.length > digits ? trimmed : frac.slice(0, Math.max(digits, trimmed.length)).padEnd(digits, '0');
  return `${sign}${grouped}${shown ? `.${shown}` : ''}`;
}

/** `USD 12,500.00` */
export const formatMoney = (amount: string, currency: string, digitsOf: Record<string, number>): string =>
  `${currency} ${formatAmount(amount, digitsOf[currency] ?? 2)}`;

/**
 * A margin per cent as the documents print it (documents/format.ts `marginPctText`): `14.29 %`, or `—`
 * on a line without revenue (a company-paid fee), where a margin per cent means nothing.
 */
export const marginPctText = (revenue: string, marginPct: string): string =>
  /^-?0*(\.0*)?$/.test(revenue.trim()) ? '—' : `${marginPct} %`;
