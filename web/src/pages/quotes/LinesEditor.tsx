/**
 * The quote line editor of the builder (初始報價), of a revision and of an amendment: pick lines from a
 * tariff version (filter by service type and route), type the quoted price and quantity (whole numbers
 * for containers and shipments), and see live what the API prices (`POST /quotes/preview`, the same
 * functions as a saved quote): amount and discount against the tariff per line, totals per currency,
 * below-cost and beyond-price-authority warnings.
 */
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { Alert, Button, Input, Space, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import { useMemo, useState } from 'react';
import { api, ApiError, unwrap } from '../../api/client';
import { fieldMessage } from '../../api/errors';
import { ErrorState } from '../../components/ErrorState';
import { useDebounced } from '../../hooks/useDebounced';
import { Money, MoneyList } from '../../format/Money';
import { normalizeDecimalInput } from '../../format/number';
import { useT } from '../../i18n';
import {
  decimalProblem,
  newLineKey,
  priceDecimals,
  quantityDecimals,
  SERVICE_TYPE_OPTIONS,
  serviceTypeLabel,
  toBodyLines,
  previewPrices,
  trimDecimals,
  unitLabel,
  type EditLine,
  type QuotePreview,
  type TariffLine,
} from './lines';
import { Picker } from '../../components/Picker';

/** Live pricing of `lines` by the API; the data is null while a line is incomplete. */
export function usePreview(
  lines: readonly EditLine[],
  tariffLines: readonly TariffLine[],
  tariffVersionNo: number | undefined,
) {
  const debounced = useDebounced(lines, 300);
  const complete = debounced.length > 0 && linesValid(debounced, tariffLines);
  return useQuery({
    queryKey: ['quote-preview', tariffVersionNo ?? 'in-force', toBodyLines(debounced)],
    queryFn: () =>
      unwrap(
        api.POST('/quotes/preview', {
          body: { lines: toBodyLines(debounced), ...(tariffVersionNo ? { tariffVersionNo } : {}) },
        }),
      ),
    enabled: complete,
    placeholderData: keepPreviousData,
    retry: false,
    staleTime: 60_000,
  });
}

/** Whether every line's price and quantity pass the checks shown as one types (the API judges again). */
export function linesValid(lines: readonly EditLine[], tariffLines: readonly TariffLine[]): boolean {
  return lines.every((l) => {
    const t = tariffLines.find((x) => x.lineNo === l.tariffLineNo);
    return (
      t &&
      !decimalProblem(l.quotedPrice, priceDecimals(t.unit, t.currency), (z) => z) &&
      !decimalProblem(l.quantity, quantityDecimals(t.unit, t.currency), (z) => z, true)
    );
  });
}

/**
 * Lines are numbered 1, 2, 3 … in the order of the table — the same number in the table's first
 * column, in the warnings and in the API's refusals (`body.lines.2` → line 3); the tariff line a line
 * prices is shown as 「原始報價 #n」.
 */
export function LinesEditor({
  tariffLines,
  value,
  onChange,
  preview,
  previewError,
  onPreviewRetry,
  submitError,
}: {
  tariffLines: readonly TariffLine[];
  value: readonly EditLine[];
  onChange: (lines: EditLine[]) => void;
  preview: QuotePreview | undefined;
  previewError: unknown;
  /** Prices the lines again after the preview's read failed (the error state's retry). */
  onPreviewRetry?: () => void;
  /** The refusal of the last save: its fields are shown on their line as well. */
  submitError?: unknown;
}) {
  const t = useT();
  const [serviceType, setServiceType] = useState<string | undefined>();
  const [route, setRoute] = useState('');
  const byNo = useMemo(() => new Map(tariffLines.map((l) => [l.lineNo, l])), [tariffLines]);
  const shown = tariffLines.filter(
    (l) =>
      (!serviceType || l.serviceType === serviceType) &&
      (!route.trim() ||
        `${l.routeFrom} ${l.routeTo} ${l.commodity}`.toLowerCase().includes(route.trim().toLowerCase())),
  );
  const add = (l: TariffLine) =>
    onChange([
      ...value,
      {
        key: newLineKey(),
        tariffLineNo: l.lineNo,
        quotedPrice: trimDecimals(l.price, priceDecimals(l.unit, l.currency)),
        quantity: '1',
      },
    ]);
  const set = (key: string, patch: Partial<EditLine>) =>
    onChange(value.map((l) => (l.key === key ? { ...l, ...patch } : l)));
  // Preview lines are in the order of `value` (the API prices them in order).
  const priced = (i: number) =>
    preview && preview.lines.length === value.length && preview.lines[i]?.tariffLineNo === value[i]?.tariffLineNo
      ? preview.lines[i]
      : undefined;
  const apiProblems = [
    ...(submitError instanceof ApiError ? submitError.fields : []),
    ...(previewError instanceof ApiError ? previewError.fields : []),
  ];
  const problemAt = (i: number, field: string) => {
    const m = apiProblems.find((p) => p.path === `body.lines.${i}.${field}`)?.message;
    return m ? fieldMessage(m, t) : undefined;
  };
  // The preview prices the lines in the table's order: its i-th line is the table's line i + 1.
  const current = preview && preview.lines.length === value.length ? preview.lines : [];
  // Figures of a preview that priced the lines before the last change: kept in sight, marked as such.
  const outdated = current.length > 0 && !previewPrices(preview, value);
  const lineNoOf = (p: (typeof current)[number]) => current.indexOf(p) + 1;
  const belowCost = current.filter((l) => l.belowCost);
  const beyond = current.filter((l) => l.outsideAuthority);
  const lineName = (p: (typeof current)[number]) =>
    `${t(`第 ${lineNoOf(p)} 行`, `Line ${lineNoOf(p)}`)} ${serviceTypeLabel(p.serviceType)}`;

  return (
    <Space direction="vertical" size="middle" style={{ width: '100%' }}>
      <Card size="small" title={t('原始報價明細', 'Tariff lines in force')}>
        <Space wrap style={{ marginBottom: 12 }}>
          <Picker
            allowClear
            aria-label={t('服務類型', 'Service type')}
            placeholder={t('服務類型', 'Service type')}
            style={{ width: 240 }}
            options={SERVICE_TYPE_OPTIONS}
            value={serviceType}
            onChange={setServiceType}
            data-testid="filter-service-type"
          />
          <Input
            aria-label={t('航線／路線', 'Route')}
            placeholder={t('航線／路線', 'Route')}
            style={{ width: 240 }}
            value={route}
            onChange={(e) => setRoute(e.target.value)}
            data-testid="filter-route"
            allowClear
          />
        </Space>
        <DataTable<TariffLine>
          size="small"
          rowKey="lineNo"
          dataSource={shown}
          pagination={{ pageSize: 8, hideOnSinglePage: true }}
          columns={[
            { title: '#', dataIndex: 'lineNo', width: 48 },
            { title: t('服務', 'Service'), key: 'svc', render: (_, l) => serviceTypeLabel(l.serviceType) },
            { title: t('路線', 'Route'), key: 'route', render: (_, l) => `${l.routeFrom} → ${l.routeTo}` },
            { title: t('品名', 'Commodity'), dataIndex: 'commodity' },
            { title: t('單位', 'Unit'), key: 'unit', render: (_, l) => unitLabel(l.unit) },
            {
              title: t('原始報價', 'Tariff price'),
              key: 'price',
              align: 'right',
              render: (_, l) =>
                l.unit === 'percent_of_value' ? (
                  `${trimDecimals(l.price, 4)} %`
                ) : (
                  <Money amount={l.price} currency={l.currency} />
                ),
            },
            {
              title: t('操作', 'Action'),
              key: 'add',
              render: (_, l) => (
                <Button
                  size="small"
                  onClick={() => add(l)}
                  data-testid={`add-tariff-line-${l.lineNo}`}
                  aria-label={`${t('加入', 'Add')} #${l.lineNo} ${serviceTypeLabel(l.serviceType)}`}
                >
                  {t('加入', 'Add')}
                </Button>
              ),
            },
          ]}
        />
      </Card>

      <Card size="small" title={t('報價明細', 'Quote lines')}>
        <DataTable<EditLine>
          size="small"
          rowKey="key"
          dataSource={value as EditLine[]}
          pagination={false}
          locale={{
            emptyText: (
              <Typography.Text type="secondary">
                {t('請從上方原始報價加入明細', 'Add lines from the tariff above')}
              </Typography.Text>
            ),
          }}
          columns={[
            { title: t('行', 'Line'), key: 'no', width: 56, render: (_, _l, i) => i + 1 },
            {
              title: t('服務', 'Service'),
              key: 'svc',
              render: (_, l) => {
                const tl = byNo.get(l.tariffLineNo);
                return tl ? (
                  <span>
                    {serviceTypeLabel(tl.serviceType)}
                    <br />
                    <Typography.Text type="secondary">
                      {tl.routeFrom} → {tl.routeTo} · {unitLabel(tl.unit)} · {t('原始報價', 'tariff')} #{tl.lineNo}
                    </Typography.Text>
                  </span>
                ) : (
                  `${t('原始報價', 'tariff')} #${l.tariffLineNo}`
                );
              },
            },
            {
              title: t('原始報價', 'Tariff'),
              key: 'tariff',
              align: 'right',
              render: (_, l) => {
                const tl = byNo.get(l.tariffLineNo);
                return tl ? (
                  tl.unit === 'percent_of_value' ? (
                    `${trimDecimals(tl.price, 4)} %`
                  ) : (
                    <Money amount={tl.price} currency={tl.currency} />
                  )
                ) : (
                  ''
                );
              },
            },
            {
              title: t('報價', 'Quoted price'),
              key: 'price',
              render: (_, l, i) => {
                const tl = byNo.get(l.tariffLineNo);
                const problem = tl ? decimalProblem(l.quotedPrice, priceDecimals(tl.unit, tl.currency), t) : null;
                const apiProblem = problemAt(i, 'quotedPrice');
                return (
                  <div>
                    <Input
                      aria-label={`${t('報價', 'Quoted price')} ${t(`第 ${i + 1} 行`, `line ${i + 1}`)}`}
                      aria-invalid={problem || apiProblem ? true : undefined}
                      inputMode="decimal"
                      value={l.quotedPrice}
                      status={problem || apiProblem ? 'error' : undefined}
                      addonAfter={tl?.unit === 'percent_of_value' ? '%' : tl?.currency}
                      style={{ width: 170 }}
                      onChange={(e) => set(l.key, { quotedPrice: normalizeDecimalInput(e.target.value) })}
                      data-testid={`line-price-${i}`}
                    />
                    {(problem || apiProblem) && (
                      <div
                        role="alert"
                        style={{ color: '#a8071a', fontSize: 12 }}
                        data-testid={`line-price-${i}-error`}
                      >
                        {problem ?? apiProblem}
                      </div>
                    )}
                  </div>
                );
              },
            },
            {
              title: t('數量', 'Quantity'),
              key: 'qty',
              render: (_, l, i) => {
                const tl = byNo.get(l.tariffLineNo);
                const problem = tl ? decimalProblem(l.quantity, quantityDecimals(tl.unit, tl.currency), t, true) : null;
                const apiProblem = problemAt(i, 'quantity');
                return (
                  <div>
                    <Input
                      aria-label={`${t('數量', 'Quantity')} ${t(`第 ${i + 1} 行`, `line ${i + 1}`)}`}
                      aria-invalid={problem || apiProblem ? true : undefined}
                      inputMode="decimal"
                      value={l.quantity}
                      status={problem || apiProblem ? 'error' : undefined}
                      style={{ width: 110 }}
                      onChange={(e) => set(l.key, { quantity: normalizeDecimalInput(e.target.value) })}
                      data-testid={`line-quantity-${i}`}
                    />
                    {(problem || apiProblem) && (
                      <div
                        role="alert"
                        style={{ color: '#a8071a', fontSize: 12 }}
                        data-testid={`line-quantity-${i}-error`}
                      >
                        {problem ?? apiProblem}
                      </div>
                    )}
                  </div>
                );
              },
            },
            {
              title: t('金額', 'Amount'),
              key: 'amount',
              align: 'right',
              render: (_, _l, i) => {
                const p = priced(i);
                return p ? <Money amount={p.amount} currency={p.currency} /> : '';
              },
            },
            {
              title: t('折扣', 'Discount'),
              key: 'discount',
              align: 'right',
              render: (_, _l, i) => {
                const p = priced(i);
                return p ? `${p.discountPct} %` : '';
              },
            },
            {
              title: t('提示', 'Flags'),
              key: 'flags',
              render: (_, _l, i) => {
                const p = priced(i);
                return (
                  <Space wrap size={4}>
                    {p?.belowCost && <Tag color="#ad2102">{t('低於成本', 'Below cost')}</Tag>}
                    {p?.outsideAuthority && <Tag color="#874d00">{t('超出權限', 'Beyond authority')}</Tag>}
                  </Space>
                );
              },
            },
            {
              title: t('移除', 'Remove'),
              key: 'remove',
              render: (_, l, i) => (
                <Button
                  size="small"
                  danger
                  aria-label={`${t('移除', 'Remove')} ${t(`第 ${i + 1} 行`, `line ${i + 1}`)}`}
                  onClick={() => onChange(value.filter((x) => x.key !== l.key))}
                >
                  ✕
                </Button>
              ),
            },
          ]}
        />
        <div style={{ marginTop: 12 }}>
          <span data-testid="quote-totals" aria-busy={outdated}>
            <Typography.Text strong>{t('合計', 'Totals')}: </Typography.Text>
            {preview && current.length > 0 ? (
              <MoneyList amounts={preview.totals} />
            ) : (
              <Typography.Text type="secondary">—</Typography.Text>
            )}
          </span>
          {/* Figures of lines since changed are not passed off as current: said until the preview prices these. */}
          {outdated && (
            <Typography.Text type="secondary" data-testid="totals-updating" style={{ marginLeft: 8 }}>
              {t(
                '（以上為修改前的金額，明細有效即重新計算）',
                '(figures before your change; recomputed once the lines are valid)',
              )}
            </Typography.Text>
          )}
        </div>
      </Card>

      {previewError != null && !(previewError instanceof ApiError && previewError.fields.length) && (
        <div data-testid="preview-error">
          <ErrorState compact error={previewError} onRetry={onPreviewRetry} />
        </div>
      )}
      {belowCost.length > 0 && (
        <Alert
          type="warning"
          showIcon
          data-testid="warning-below-cost"
          title={t('低於成本：報價低於預算成本', 'Below cost: quoted under the budgeted cost')}
          description={belowCost.map(lineName).join('、')}
        />
      )}
      {beyond.length > 0 && preview && (
        <Alert
          type="warning"
          showIcon
          data-testid="warning-beyond-authority"
          title={t(
            `超出價格權限（${preview.authorityPct} %）：提交後先送營銷中心經理審批`,
            `Beyond your price authority (${preview.authorityPct} %): the marketing manager approves the price first`,
          )}
          description={beyond.map((l) => `${lineName(l)} −${l.discountPct} %`).join('、')}
        />
      )}
    </Space>
  );
}
