/**
 * Tariff lines in Excel: the import template, a draft's lines imported from an .xlsx sheet (every bad
 * row reported with its row number and field; nothing imported until every row is valid — the same
 * schema `TariffLines` as the line editor, then the same workflow step, one transaction), and any
 * version's lines exported.
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { findTariffLines, fromLineRow } from '../../db/tariff.repository';
import {
  CURRENCIES,
  PRICE_UNIT_LABELS,
  PRICE_UNITS,
  SERVICE_TYPE_LABELS,
  SERVICE_TYPES,
  type ServiceType,
  type PriceUnit,
} from '../../machines/catalog';
import { formatUnitPrice } from '../../lib/money';
import { readSheet, writeSheet, XLSX_MEDIA_TYPE, type SheetColumn } from '../../lib/xlsx-sheet';
import { tariffWorkflowId } from '../../workflows/ids';
import { tariffStepUpdate } from '../../workflows/tariff.definitions';
import { actorOf, currentUser, idempotencyKeyOf, requireRole } from '../auth';
import { mayReadBudget } from '../quotes/budget-access';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { errorResponses } from '../schemas';
import { sendStep } from '../steps';
import { finishedMessage } from './edit-tariff-lines';
import { TariffDetail, TariffLines, VersionParams } from './schemas';
import { loadTariffVersion, tariffDetail } from './views';
import { rowProblems, SheetImportBody, XLSX_BODY_LIMIT } from '../sheet-import';

export const TARIFF_LINE_COLUMNS: readonly SheetColumn[] = [
  {
    key: 'serviceType',
    label: '服務類別',
    width: 24,
    note: `One of: ${SERVICE_TYPES.join(', ')} (or its label, e.g. 海運 Ocean freight)`,
  },
  { key: 'industry', label: '行業' },
  { key: 'commodity', label: '品名', width: 22 },
  { key: 'routeFrom', label: '起運地' },
  { key: 'routeTo', label: '目的地' },
  { key: 'unit', label: '單位', width: 20, note: `One of: ${PRICE_UNITS.join(', ')}` },
  { key: 'currency', label: '幣別', width: 12, note: `One of: ${CURRENCIES.join(', ')}` },
  { key: 'price', label: '價格', numeric: true, note: 'Unit price, at most the currency’s digits; % of value: a rate' },
  { key: 'budgetCost', label: '預算成本', numeric: true },
  { key: 'validFrom', label: '有效起', note: 'YYYY-MM-DD, optional', date: true },
  { key: 'validTo', label: '有效至', formerLabels: ['有效迄'], note: 'YYYY-MM-DD, optional', date: true },
];

const REQUIRED = TARIFF_LINE_COLUMNS.filter((c) => !c.key.startsWith('valid')).map((c) => c.key);

/** Labels typed instead of keys (「海運 ocean freight」, 「海運」, "ocean freight") → the key. */
function byLabel<K extends string>(labels: Record<K, string>): Map<string, K> {
  const m = new Map<string, K>();
  for (const [k, label] of Object.entries(labels) as [K, string][]) {
    m.set(label.toLowerCase(), k);
    const [zh, ...en] = label.split(' ');
    m.set(zh!.toLowerCase(), k);
    if (en.length) m.set(en.join(' ').toLowerCase(), k);
  }
  return m;
}
const SERVICE_BY_LABEL = byLabel<ServiceType>(SERVICE_TYPE_LABELS);
const UNIT_BY_LABEL = byLabel<PriceUnit>(PRICE_UNIT_LABELS);

const HELP = [
  '原始報價明細匯入範本 Tariff lines import template',
  '第一列為欄位名稱，每列一條明細；空白列略過。 Row 1 names the columns; one line per row; empty rows are skipped.',
  `服務類別 serviceType: ${SERVICE_TYPES.map((s) => `${s} (${SERVICE_TYPE_LABELS[s]})`).join('; ')}`,
  `單位 unit: ${PRICE_UNITS.map((u) => `${u} (${PRICE_UNIT_LABELS[u]})`).join('; ')}`,
  `幣別 currency: ${CURRENCIES.join(', ')}`,
  '價格與預算成本以幣別位數為限（貨值百分比：費率，最多 100，4 位小數）。 Prices and budgeted costs to the currency’s digits (% of value: a rate up to 100, 4 decimals).',
  '有效起 / 有效至 validFrom / validTo: YYYY-MM-DD，可留空 optional.',
  '匯入時任何一列有誤則整批不匯入，並列出列號與欄位。 If any row is wrong nothing is imported; each error names its row and column.',
];

export function tariffSheetRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const xlsx = {
      tags: ['tariffs'],
      produces: [XLSX_MEDIA_TYPE],
      response: { 200: z.unknown().describe('The .xlsx workbook'), ...errorResponses },
    };

    app.get(
      '/tariffs/lines-template.xlsx',
      { schema: { ...xlsx, summary: 'The .xlsx template for importing a draft’s lines (header row and notes)' } },
      async (_req, reply) => {
        const body = await writeSheet('原始報價 Tariff', TARIFF_LINE_COLUMNS, [], HELP);
        return reply
          .type(XLSX_MEDIA_TYPE)
          .header('content-disposition', 'attachment; filename="tariff-lines-template.xlsx"')
          .send(body);
      },
    );

    app.get(
      '/tariffs/:versionNo/lines.xlsx',
      {
        schema: {
          ...xlsx,
          params: VersionParams,
          summary:
            'Export a tariff version’s lines to .xlsx (whoever may read the version; the budgeted-cost column only for those who read cost budgets)',
        },
      },
      async (req, reply) => {
        const user = currentUser(req);
        const row = await loadTariffVersion(deps, user, req.params.versionNo);
        const lines = (await findTariffLines(deps.db, row.version_no)).map(fromLineRow);
        // The budgeted-cost column only for a budget reader (api/quotes/budget-access.ts); the others' sheet has none.
        const readsBudget = await mayReadBudget(deps, user);
        const body = await writeSheet(
          `V${row.version_no}`,
          readsBudget ? TARIFF_LINE_COLUMNS : TARIFF_LINE_COLUMNS.filter((c) => c.key !== 'budgetCost'),
          lines.map(({ lineNo: _lineNo, ...l }) => ({
            ...l,
            price: formatUnitPrice(l.price, l.unit, l.currency),
            budgetCost: formatUnitPrice(l.budgetCost, l.unit, l.currency),
            validFrom: l.validFrom ?? null,
            validTo: l.validTo ?? null,
          })),
          HELP,
        );
        return reply
          .type(XLSX_MEDIA_TYPE)
          .header('content-disposition', `attachment; filename="tariff-v${row.version_no}.xlsx"`)
          .send(body);
      },
    );

    app.post(
      '/tariffs/:versionNo/lines/import',
      {
        bodyLimit: XLSX_BODY_LIMIT,
        schema: {
          tags: ['tariffs'],
          summary:
            'Replace a draft’s lines with the rows of an .xlsx sheet (commerce): all rows valid or nothing imported (422 lists each bad row and field in details.rows)',
          headers: IdempotencyHeaders,
          params: VersionParams,
          body: SheetImportBody,
          response: { 200: TariffDetail, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, ['commerce'], 'import tariff lines');
        const key = idempotencyKeyOf(req);
        const row = await loadTariffVersion(deps, user, req.params.versionNo);
        const rows = await readSheet(req.body.file, TARIFF_LINE_COLUMNS, { required: REQUIRED, maxRows: 500 });
        const lines = rows.map(({ values }) => {
          const service = values.serviceType?.toLowerCase();
          const unit = values.unit?.toLowerCase();
          return {
            ...values,
            serviceType: (service && SERVICE_BY_LABEL.get(service)) ?? values.serviceType,
            unit: (unit && UNIT_BY_LABEL.get(unit)) ?? values.unit,
            currency: values.currency?.toUpperCase(),
          };
        });
        const parsed = TariffLines.safeParse(lines);
        if (!parsed.success) {
          throw rowProblems(rows, parsed.error.issues);
        }
        await sendStep(deps, {
          workflowId: tariffWorkflowId(deps.temporalConfig.workflowIdPrefix, row.version_no),
          update: tariffStepUpdate,
          command: {
            event: { type: 'lines.replaced', actor: actorOf(user), lineCount: parsed.data.length },
            lines: parsed.data,
            idempotencyKey: key,
          },
          idempotencyKey: key,
          recordType: 'tariff',
          recordId: String(row.version_no),
          finishedMessage: finishedMessage(row.status, row.version_no),
        });
        return tariffDetail(deps, user, row.version_no);
      },
    );
  };
}
