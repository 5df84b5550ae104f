/**
 * Shared bits of the plan screens: the API's types, the current period of a kind, targets shown and edited (the
 * section labels: format/plan-sections.ts).
 */
import { Button, Form, Input, Space } from 'antd';
import dayjs from 'dayjs';
import type { paths } from '../../api/schema';
import { useConfig } from '../../config';
import type { PlanKind } from '../../format/plan-sections';
import { formatMoney } from '../../format/money';
import { amountRule, countRule, normalizeDecimalField, percentRule } from '../../format/number';
import { useT } from '../../i18n';
import { mondayOf } from '../visits/shared';
import { Picker } from '../../components/Picker';

export type Plan = paths['/plans/{planId}']['get']['responses']['200']['content']['application/json'];
export type PlanRow = paths['/plans']['get']['responses']['200']['content']['application/json']['items'][number];
export type Deadline =
  paths['/plans/deadlines']['get']['responses']['200']['content']['application/json']['items'][number];
export type { PlanKind };
export type TargetsValue = NonNullable<Plan['targets']>;

export const KIND_OPTIONS: [PlanKind, string, string][] = [
  ['weekly', '周計劃與總結', 'Weekly plan and summary'],
  ['monthly', '月計劃與總結', 'Monthly plan and summary'],
  ['annual', '年度總結與計劃', 'Annual analysis and plan'],
];

/** The period of `kind` a business date falls in: the Monday, YYYY-MM or YYYY (as domain/plan.ts periodOf). */
export const currentPeriod = (kind: PlanKind, today: string): string =>
  kind === 'weekly' ? mondayOf(today) : kind === 'monthly' ? today.slice(0, 7) : today.slice(0, 4);

/** The previous period of `kind` (a report is written once its period has begun: often the one just ended). */
export const previousPeriod = (kind: PlanKind, period: string): string =>
  kind === 'weekly'
    ? dayjs(period).subtract(7, 'day').format('YYYY-MM-DD')
    : kind === 'monthly'
      ? dayjs(`${period}-01`).subtract(1, 'month').format('YYYY-MM')
      : String(Number(period) - 1);

/** Targets nobody has set yet: each blank (null: not set, shown 「—」), no currency row — never a 0 nobody typed. */
export const NO_TARGETS: TargetsValue = { containers: null, money: [], newCustomers: null, collectionRatePct: null };

/** A target as the plan shows it: its figure, or 「—」 when not set. */
const shown = (v: number | string | null | undefined, unit = ''): string => (v == null ? '—' : `${v}${unit}`);

/** Targets read-only: containers, revenue and margin per currency (never summed), new customers, collection rate. */
export function TargetsText({ targets, testId }: { targets: TargetsValue | null; testId: string }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  if (!targets) return <span data-testid={testId}>{t('未填', 'None')}</span>;
  return (
    <div data-testid={testId} style={{ fontVariantNumeric: 'tabular-nums' }}>
      <div>
        {t('柜量', 'Containers')} {shown(targets.containers)} · {t('新客戶', 'New customers')}{' '}
        {shown(targets.newCustomers)} · {t('回款率', 'Collection rate')} {shown(targets.collectionRatePct, ' %')}
      </div>
      {targets.money.map((m) => (
        <div key={m.currency}>
          {t('營業額', 'Revenue')} {formatMoney(m.revenue, m.currency, currencyDigits)} · {t('毛利', 'Margin')}{' '}
          {formatMoney(m.margin, m.currency, currencyDigits)}
        </div>
      ))}
    </div>
  );
}

/**
 * Targets as form fields under `name` (a Form's field path): containers, new customers, collection rate %,
 * and one row per currency with revenue and margin (amounts checked against the currency's digits). A count or rate
 * left blank is not set (null), a currency without a row has no revenue or margin target.
 */
export function TargetsFields({ name, testId }: { name: (string | number)[]; testId: string }) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const form = Form.useFormInstance();
  const currencies = Object.keys(currencyDigits);
  return (
    <div data-testid={testId}>
      <Space wrap align="start">
        <Form.Item
          name={[...name, 'containers']}
          label={t('柜量', 'Containers')}
          normalize={normalizeDecimalField}
          rules={[countRule(t, { max: 1_000_000 })]}
        >
          <Input style={{ width: 120 }} inputMode="numeric" data-testid={`${testId}-containers`} />
        </Form.Item>
        <Form.Item
          name={[...name, 'newCustomers']}
          label={t('新客戶', 'New customers')}
          normalize={normalizeDecimalField}
          rules={[countRule(t, { max: 100_000 })]}
        >
          <Input style={{ width: 120 }} inputMode="numeric" data-testid={`${testId}-newCustomers`} />
        </Form.Item>
        <Form.Item
          name={[...name, 'collectionRatePct']}
          label={t('回款率 %', 'Collection rate %')}
          normalize={normalizeDecimalField}
          rules={[percentRule(t)]}
        >
          <Input style={{ width: 100 }} data-testid={`${testId}-collectionRatePct`} />
        </Form.Item>
      </Space>
      <Form.List name={[...name, 'money']}>
        {(fields, { add, remove }) => (
          <>
            {fields.map((f) => (
              <Space key={f.key} wrap align="start">
                <Form.Item name={[f.name, 'currency']} label={t('幣別', 'Currency')} rules={[{ required: true }]}>
                  <Picker
                    style={{ width: 100 }}
                    options={currencies.map((c) => ({ value: c, label: c }))}
                    data-testid={`${testId}-currency-${f.name}`}
                  />
                </Form.Item>
                {(['revenue', 'margin'] as const).map((field) => (
                  <Form.Item
                    key={field}
                    name={[f.name, field]}
                    label={field === 'revenue' ? t('營業額', 'Revenue') : t('毛利', 'Margin')}
                    normalize={normalizeDecimalField}
                    dependencies={[[...name, 'money', f.name, 'currency']]}
                    rules={[
                      { required: true },
                      (f2) =>
                        amountRule(
                          currencyDigits[f2.getFieldValue([...name, 'money', f.name, 'currency'])] ?? 2,
                          t,
                          false,
                        ),
                    ]}
                  >
                    <Input style={{ width: 160 }} data-testid={`${testId}-${field}-${f.name}`} />
                  </Form.Item>
                ))}
                <Button onClick={() => remove(f.name)} style={{ marginTop: 30 }}>
                  {t('刪除', 'Remove')}
                </Button>
              </Space>
            ))}
            <Button
              onClick={() => {
                const used = new Set(
                  ((form.getFieldValue([...name, 'money']) ?? []) as { currency?: string }[]).map((m) => m.currency),
                );
                add({ currency: currencies.find((c) => !used.has(c)) ?? currencies[0], revenue: '', margin: '' });
              }}
              disabled={fields.length >= currencies.length}
              data-testid={`${testId}-money-add`}
              style={{ marginBottom: 16 }}
            >
              {t('加一個幣別', 'Add a currency')}
            </Button>
          </>
        )}
      </Form.List>
    </div>
  );
}

/** An amount typed in (separators allowed) written with exactly the currency's digits: `20000.5` → `20000.50`. */
const withDigits = (typed: unknown, digits: number): string => {
  const plain = String(typed ?? '')
    .replace(/,/g, '')
    .trim();
  const m = /^(\d+)(?:\.(\d*))?$/.exec(plain);
  if (!m) return plain; // the API's 400 names it
  const frac = (m[2] ?? '').padEnd(digits, '0');
  return digits === 0 && /^0*$/.test(frac) ? m[1]! : `${m[1]}.${frac}`;
};

/** A typed field's text, or null when left blank (not set). */
const typed = (v: unknown): string | null => {
  const s = v == null ? '' : String(v).trim();
  return s === '' ? null : s;
};

/**
 * Form values of targets as the API takes them (amounts without separators, in the currency's digits); a count or
 * rate left blank is sent as null (not set), never as 0.
 */
export const targetsBody = (v: TargetsValue, digitsOf: Record<string, number>): TargetsValue => ({
  containers: typed(v.containers) === null ? null : Number(typed(v.containers)),
  newCustomers: typed(v.newCustomers) === null ? null : Number(typed(v.newCustomers)),
  collectionRatePct: typed(v.collectionRatePct),
  money: (v.money ?? []).map((m) => ({
    currency: m.currency,
    revenue: withDigits(m.revenue, digitsOf[m.currency] ?? 2),
    margin: withDigits(m.margin, digitsOf[m.currency] ?? 2),
  })),
});
