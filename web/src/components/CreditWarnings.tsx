/**
 * The credit-limit warning 信用額度警示 of a quote or job (`creditWarnings` of its API view): per currency,
 * the limit, open receivables, signed unbilled work, this record's new work and by how much the exposure
 * exceeds the limit. A warning only: it blocks nothing.
 */
import { Alert } from 'antd';
import { Money } from '../format/Money';
import { useT } from '../i18n';

export interface CreditWarning {
  currency: string;
  limit: string;
  openReceivables: string;
  unbilledWork: string;
  newExposure: string;
  exposure: string;
  over: string;
}

export function CreditWarnings({ warnings }: { warnings: readonly CreditWarning[] | undefined }) {
  const t = useT();
  if (!warnings?.length) return null;
  return (
    <Alert
      type="warning"
      showIcon
      style={{ marginTop: 12, marginBottom: 12 }}
      data-testid="credit-warnings"
      title={t('超出客戶信用額度', 'Over the customer’s credit limit')}
      description={warnings.map((w) => (
        <div key={w.currency}>
          {t('額度', 'limit')} <Money amount={w.limit} currency={w.currency} /> · {t('未收應收', 'open receivables')}{' '}
          <Money amount={w.openReceivables} currency={w.currency} /> · {t('已簽未開票', 'signed, unbilled')}{' '}
          <Money amount={w.unbilledWork} currency={w.currency} /> · {t('本次新增', 'this one')}{' '}
          <Money amount={w.newExposure} currency={w.currency} /> · {t('超出', 'over by')}{' '}
          <strong>
            <Money amount={w.over} currency={w.currency} />
          </strong>
        </div>
      ))}
    />
  );
}
