/**
 * The filter bar of the list pages (receivables: aging, collection schedule and cases, collection rate,
 * statements, disputes, write-offs): a wrapping row above the table, and its labelled fields, each zh + en —
 * a customer number searched on Enter, a status chosen from a page's own status labels, a month
 * (`YYYY-MM`) and an as-of date (`YYYY-MM-DD`). The fields hold what the page keeps (its state or URL);
 * they change nothing else.
 */
import { Input, Space } from 'antd';
import type { ReactNode } from 'react';
import { useT } from '../i18n';
import { DateInput, MonthInput } from './DateInput';
import { Picker } from './Picker';

/** The row of filters (and links) above a list's table. */
export function FilterBar({ children }: { children: ReactNode }) {
  return (
    <Space style={{ marginBottom: 12 }} wrap>
      {children}
    </Space>
  );
}

/** A customer number, searched on Enter or the search button; `onSearch` gets it trimmed (`''`: all). */
export function CustomerNoFilter({ value, onSearch }: { value: string; onSearch: (customerNo: string) => void }) {
  const t = useT();
  return (
    <label>
      {t('客戶編號', 'Customer no.')}{' '}
      <Input.Search
        aria-label={t('客戶編號', 'Customer no.')}
        allowClear
        defaultValue={value}
        style={{ width: 220 }}
        onSearch={(v) => onSearch(v.trim())}
      />
    </label>
  );
}

/** A status from `labels` (each `[zh, en, …]`, in the order shown), or none (cleared: all statuses). */
export function StatusFilter<S extends string>({
  value,
  onChange,
  labels,
  width = 180,
}: {
  value: S | undefined;
  onChange: (status: S | undefined) => void;
  labels: Record<S, readonly [string, string, ...string[]]>;
  width?: number;
}) {
  const t = useT();
  return (
    <label>
      {t('狀態', 'Status')}{' '}
      <Picker<S>
        aria-label={t('狀態', 'Status')}
        allowClear
        placeholder={t('全部狀態', 'All statuses')}
        style={{ width }}
        value={value}
        onChange={onChange}
        options={(Object.keys(labels) as S[]).map((k) => ({ value: k, label: t(labels[k][0], labels[k][1]) }))}
      />
    </label>
  );
}

/** A month `YYYY-MM` (never empty); `id` names the label the field is labelled by. */
export function MonthFilter({
  id,
  value,
  onChange,
  testId,
}: {
  id: string;
  value: string;
  onChange: (month: string) => void;
  testId?: string;
}) {
  const t = useT();
  return (
    <>
      <span id={id}>{t('月份', 'Month')}</span>
      <MonthInput
        allowClear={false}
        aria-labelledby={id}
        value={value}
        onChange={(v) => v && onChange(v)}
        data-testid={testId}
      />
    </>
  );
}

/** An as-of date `YYYY-MM-DD` (never empty). */
export function AsOfFilter({
  value,
  onChange,
  testId,
}: {
  value: string;
  onChange: (asOf: string) => void;
  testId: string;
}) {
  const t = useT();
  return (
    <label>
      {t('截至日期', 'As of')}{' '}
      <DateInput
        aria-label={t('截至日期', 'As of')}
        data-testid={testId}
        allowClear={false}
        value={value}
        onChange={(d) => d && onChange(d)}
      />
    </label>
  );
}

/**
 * A salesperson of the caller's sight (`salespeople` of the API's answer), or none (cleared: all of them). Shown
 * only when there is someone to pick (a salesperson reads their own only). `testId` is the select's data-testid.
 */
export function SalespersonFilter({
  salespeople,
  value,
  onChange,
  testId,
}: {
  salespeople: readonly { id: string; name: string }[];
  value: string | undefined;
  onChange: (ownerId: string | undefined) => void;
  testId: string;
}) {
  const t = useT();
  if (salespeople.length === 0) return null;
  return (
    <label>
      {t('業務員', 'Salesperson')}{' '}
      <Picker<string>
        aria-label={t('業務員', 'Salesperson')}
        placeholder={t('全部業務員', 'All salespeople')}
        allowClear
        style={{ minWidth: 220 }}
        value={value}
        onChange={onChange}
        data-testid={testId}
        options={salespeople.map((p) => ({ value: p.id, label: p.name }))}
      />
    </label>
  );
}
