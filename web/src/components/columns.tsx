/** Table columns many desk tables share. */
import type { TableColumnType } from './DataTable';
import { Money } from '../format/Money';

/**
 * A right-aligned money column over rows with `amount` (decimal string) and `currency` (ISO 4217):
 * separators and the currency's digits (Money). `key` defaults to `amount`.
 */
export function moneyColumn<T extends { amount: string; currency: string }>(
  title: string,
  key = 'amount',
): TableColumnType<T> {
  return {
    title,
    key,
    align: 'right',
    render: (_, r) => <Money amount={r.amount} currency={r.currency} />,
  };
}
