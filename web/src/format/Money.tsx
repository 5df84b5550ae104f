/** Amounts per currency, one per line: `USD 12,500.00`. */
import { useConfig } from '../config';
import { formatMoney } from './money';

export function MoneyList({ amounts }: { amounts: readonly { currency: string; amount: string }[] }) {
  const { currencyDigits } = useConfig();
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {amounts.map((a) => (
        <div key={a.currency}>{formatMoney(a.amount, a.currency, currencyDigits)}</div>
      ))}
    </span>
  );
}

export function Money({ amount, currency }: { amount: string; currency: string }) {
  const { currencyDigits } = useConfig();
  return (
    <span style={{ fontVariantNumeric: 'tabular-nums', whiteSpace: 'nowrap' }}>
      {formatMoney(amount, currency, currencyDigits)}
    </span>
  );
}
