/**
 * The line editor of a draft tariff (or a change proposal): one row per line, every field checked as
 * it is typed (lineProblems), the API's own refusals (`details.fields`, e.g. `body.lines.3.price`) shown
 * on their row and field after saving.
 */
import { Button, Input, Select, Tooltip } from 'antd';
import { DataTable } from '../../components/DataTable';
import { useConfig } from '../../config';
import { fieldMessage } from '../../api/errors';
import { normalizeDecimalInput } from '../../format/number';
import { useT } from '../../i18n';
import { CURRENCY_CODES, lineProblems, SERVICE_TYPE_LABELS, UNIT_LABELS, type DraftLine } from './types';

export function LineEditor({
  lines,
  onChange,
  serverErrors,
}: {
  lines: DraftLine[];
  /**
   * Applies a change to the latest lines (an updater, never a copy of `lines` from this render: two edits
   * before the next render — a pick in a select and a keystroke — would otherwise undo each other).
   */
  onChange: (update: (lines: DraftLine[]) => DraftLine[]) => void;
  serverErrors: Record<string, string>;
}) {
  const t = useT();
  const { currencyDigits } = useConfig();
  const set = (i: number, field: keyof DraftLine, value: string) => {
    // Prices as typed with a Chinese input method (full-width digits) or copied (−, 1,250.00) become ASCII.
    const v = field === 'price' || field === 'budgetCost' ? normalizeDecimalInput(value) : value;
    onChange((latest) => latest.map((l, j) => (j === i ? { ...l, [field]: v } : l)));
  };
  const cell = (field: keyof DraftLine, width: number, label: string) => ({
    title: label,
    key: field,
    width,
    render: (_: unknown, l: DraftLine, i: number) => {
      const server = serverErrors[`${i}.${field}`];
      const problem = lineProblems(l, currencyDigits)[field] ?? (server ? fieldMessage(server, t) : undefined);
      const common = {
        status: problem ? ('error' as const) : undefined,
        'aria-label': `${label} ${i + 1}`,
        'aria-invalid': problem ? true : undefined,
      };
      const input =
        field === 'serviceType' ? (
          <Select
            {...common}
            style={{ width: '100%' }}
            value={l.serviceType || undefined}
            onChange={(v: string) => set(i, field, v)}
            options={Object.entries(SERVICE_TYPE_LABELS).map(([v, lb]) => ({ value: v, label: t(lb[0], lb[1]) }))}
          />
        ) : field === 'unit' ? (
          <Select
            {...common}
            style={{ width: '100%' }}
            value={l.unit || undefined}
            onChange={(v: string) => set(i, field, v)}
            options={Object.entries(UNIT_LABELS).map(([v, lb]) => ({ value: v, label: t(lb[0], lb[1]) }))}
          />
        ) : field === 'currency' ? (
          <Select
            {...common}
            style={{ width: '100%' }}
            value={l.currency || undefined}
            onChange={(v: string) => set(i, field, v)}
            options={Object.keys(CURRENCY_CODES).map((c) => ({ value: c, label: c }))}
          />
        ) : (
          <Input
            {...common}
            value={l[field]}
            onChange={(e) => set(i, field, e.target.value)}
            placeholder={field.startsWith('valid') ? 'YYYY-MM-DD' : undefined}
            data-testid={`line-${i}-${field}`}
          />
        );
      return (
        <div>
          {input}
          {problem && (
            <div role="alert" style={{ color: '#a8071a', fontSize: 12 }} data-testid={`line-${i}-${field}-error`}>
              {problem}
            </div>
          )}
        </div>
      );
    },
  });
  return (
    <div>
      <DataTable<DraftLine>
        rowKey="key"
        size="small"
        dataSource={lines}
        pagination={false}
        // Scrolls sideways only with rows to reach (an empty scroll region is not keyboard-reachable).
        scroll={lines.length ? { x: 1500 } : undefined}
        columns={[
          { title: '#', key: 'no', width: 40, render: (_, __, i) => i + 1 },
          cell('serviceType', 170, t('服務類別', 'Service')),
          cell('industry', 120, t('行業', 'Industry')),
          cell('commodity', 140, t('品名', 'Commodity')),
          cell('routeFrom', 120, t('起運地', 'From')),
          cell('routeTo', 120, t('目的地', 'To')),
          cell('unit', 150, t('單位', 'Unit')),
          cell('currency', 90, t('幣別', 'Currency')),
          cell('price', 120, t('價格', 'Price')),
          cell('budgetCost', 120, t('預算成本', 'Budget cost')),
          cell('validFrom', 120, t('有效起', 'Valid from')),
          cell('validTo', 120, t('有效至', 'Valid to')),
          {
            title: '',
            key: 'remove',
            width: 70,
            render: (_, __, i) => (
              <Tooltip title={t('刪除此行', 'Remove this line')}>
                <Button
                  aria-label={`${t('刪除', 'Remove')} ${i + 1}`}
                  danger
                  size="small"
                  onClick={() => onChange((latest) => latest.filter((_, j) => j !== i))}
                >
                  ×
                </Button>
              </Tooltip>
            ),
          },
        ]}
      />
      <Button
        style={{ marginTop: 8 }}
        onClick={() =>
          onChange((latest) => [
            ...latest,
            {
              key: crypto.randomUUID(),
              serviceType: '',
              industry: '',
              commodity: '',
              routeFrom: '',
              routeTo: '',
              unit: '',
              currency: '',
              price: '',
              budgetCost: '',
              validFrom: '',
              validTo: '',
            },
          ])
        }
        data-testid="line-add"
      >
        {t('新增一行', 'Add a line')}
      </Button>
    </div>
  );
}
