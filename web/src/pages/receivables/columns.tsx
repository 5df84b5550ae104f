/** Table columns the receivables lists share. */
import type { TableColumnType } from 'antd';
import { Link } from 'react-router';
import type { useT } from '../../i18n';

/** The customer column: name and number, linked to the customer's ledger (`/desk/receivables/{customerNo}`). */
export function customerColumn<T extends { customerNo: string; customerName: string }>(
  t: ReturnType<typeof useT>,
): TableColumnType<T> {
  return {
    title: t('客戶', 'Customer'),
    key: 'customer',
    render: (_, r) => (
      <Link to={`/desk/receivables/${encodeURIComponent(r.customerNo)}`}>
        {r.customerName} {r.customerNo}
      </Link>
    ),
  };
}
