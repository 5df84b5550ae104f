/**
 * The line editor of a draft tariff (or a change proposal): one row per line, every field checked as
 * it is typed (lineProblems), the API's own refusals (`details.fields`, e.g. `body.lines.3.price`) shown
 * on their row and field after saving.
 */
import { Button, Input, Select, Tooltip } from 'antd';
import type { ReactNode } from 'react';
import { DataTable } from '../../components/DataTable';
import { useConfig } from '../../config';
import { FIELD_LABELS, fieldLabel, fieldMessage } from '../../api/errors';
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
  /** The input of `field` on line `i`, with its problem (as typed, or the API's) under it. */
  const fieldInput = (field: keyof DraftLine, label: string, l: DraftLine, i: number) => {
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
          // Amounts and dates show whole in their narrow columns: less padding than antd's 11 px a side.
          style={{ paddingInline: 6 }}
          data-testid={`line-${i}-${field}`}
        />
      );
    return (
      <div key={field}>
        {input}
        {problem && (
          <div role="alert" style={{ color: '#a8071a', fontSize: 12 }} data-testid={`line-${i}-${field}-error`}>
            {problem}
          </div>
        )}
      </div>
    );
  };
  /** A column of one field; `title` when its header is not `label` on one line (a narrow money column: stacked). */
  const cell = (field: keyof DraftLine, width: number, label: string, title?: ReactNode) => ({
    title: title ?? label,
    key: field,
    width,
    render: (_: unknown, l: DraftLine, i: number) => fieldInput(field, label, l, i),
  });
  /**
   * Two fields of a line stacked in one column (industry above commodity, from above to, valid from above valid to),
   * so a line with every field fits a 1366 px window and Price and Budget cost are never scrolled out of sight.
   */
  const pair = (a: [keyof DraftLine, string, string], b: [keyof DraftLine, string, string], width: number) => ({
    title: t.stacked(`${a[1]} / ${b[1]}`, `${a[2]} / ${b[2]}`),
    key: `${a[0]}-${b[0]}`,
    width,
    render: (_: unknown, l: DraftLine, i: number) => (
      <div style={{ display: 'flex', flexDirection: 'column', gap: 4 }}>
        {fieldInput(a[0], t(a[1], a[2]), l, i)}
        {fieldInput(b[0], t(b[1], b[2]), l, i)}
      </div>
    ),
  });
  return (
    <div>
      <DataTable<DraftLine>
        rowKey="key"
        size="small"
        dataSource={lines}
        pagination={false}
        // Fits a 1366 px window without scrolling sideways (test/web/wide-tables.test.ts): paired fields stacked.
        columns={[
          { title: '#', key: 'no', width: 36, render: (_, __, i) => i + 1 },
          cell('serviceType', 130, fieldLabel('serviceType', t)),
          pair(['industry', ...FIELD_LABELS.industry!], ['commodity', ...FIELD_LABELS.commodity!], 130),
          pair(['routeFrom', ...FIELD_LABELS.routeFrom!], ['routeTo', ...FIELD_LABELS.routeTo!], 120),
          cell('unit', 112, fieldLabel('unit', t)),
          cell('currency', 80, fieldLabel('currency', t)),
          cell('price', 120, fieldLabel('price', t), t.stacked(...FIELD_LABELS.price!)),
          cell('budgetCost', 120, fieldLabel('budgetCost', t), t.stacked(...FIELD_LABELS.budgetCost!)),
          pair(['validFrom', ...FIELD_LABELS.validFrom!], ['validTo', ...FIELD_LABELS.validTo!], 120),
          {
            title: '',
            key: 'remove',
            width: 40,
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
