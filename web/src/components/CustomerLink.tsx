/** A customer as the desk prints it (`C0001 name`, format/labels.ts customerText), linked to its card or ledger. */
import { Link } from 'react-router';
import { customerText } from '../format/labels';

export function CustomerLink({
  customerNo,
  customerName,
  to = 'card',
}: {
  customerNo: string;
  customerName?: string | null | undefined;
  /** The customer card 客戶資料卡 (default) or the customer's ledger 欠款臺帳. */
  to?: 'card' | 'ledger';
}) {
  const path = to === 'ledger' ? '/desk/receivables/' : '/desk/customers/';
  return <Link to={`${path}${encodeURIComponent(customerNo)}`}>{customerText(customerNo, customerName)}</Link>;
}
