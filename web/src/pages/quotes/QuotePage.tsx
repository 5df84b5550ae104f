/**
 * The quote page: where the chain is (step bar: who acts next, due, overdue), the steps I may take
 * (ActionBar, from the record's `actions` only), the lines, every revision with its differences, the
 * amendment report, commerce's review context, the internal quote and cost budget with margins per
 * currency, the contract with its clause changes (beside the budget when the GM approves), the three
 * PDFs and the full history (who, when, on whose behalf, comment).
 */
import { CreditWarnings } from '../../components/CreditWarnings';
import { ReturnedBanner } from '../../components/ReturnedBanner';
import { ErrorState } from '../../components/ErrorState';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { lazy } from 'react';
import { Alert, App, Button, Col, Descriptions, Empty, Row, Space, Spin, Tag } from 'antd';
import { Card } from '../../components/Card';
import { Typography } from '../../components/Typography';
import { DataTable } from '../../components/DataTable';
import type { TableColumnsType as ColumnsType } from '../../components/DataTable';
import { useParams } from 'react-router';
import { Link } from 'react-router';
import { api, ApiError, unwrap } from '../../api/client';
import type { paths } from '../../api/schema';
import { currentToken } from '../../auth/session';
import { ActionBar, type LazyStepForms } from '../../actions/ActionBar';
import { useConfig } from '../../config';
import { formatDateTime, formatDueAt } from '../../format/dates';
import { CUSTOMER_STATUS_LABELS, labelOf, QUOTE_STATUS_LABELS, ROLE_LABELS, customerText } from '../../format/labels';
import { Money, MoneyList } from '../../format/Money';
import { marginPctText } from '../../format/money';
import { useT } from '../../i18n';
import { useMay, useMe } from '../../layout/useMe';
import { serviceTypeLabel, trimDecimals, unitLabel, type PricedLine, type QuoteDetail } from './lines';
import { TableScroll } from '../../components/TableScroll';
import { QUOTE_FORM_STEPS } from './formSteps';
import { RiskAssessmentDetails } from '../prospects/shared';
import './quote.css';
import { moneyColumn } from '../../components/columns';
import { CustomerLink } from '../../components/CustomerLink';

/** The chain in order (§3.3.4–§3.3.11); price approval only when a line is beyond authority. */
const CHAIN = [
  'draft',
  'pending_price_approval',
  'commerce_review',
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
] as const;
const ENDED = new Set(['refused', 'expired', 'withdrawn', 'cancelled']);
const AFTER_APPROVAL = new Set([
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
  'refused',
]);

type Revision = QuoteDetail['revisions'][number];
type History = QuoteDetail['history'][number];
const PROJECT_LABELS: Record<string, readonly [string, string]> = {
  projectName: ['項目名稱', 'Project name'],
  cargoDescription: ['貨物描述', 'Cargo'],
  estimatedMonthlyContainers: ['預計月櫃量', 'Containers a month'],
  settlementCycle: ['結算週期', 'Settlement cycle'],
  remarks: ['備註', 'Remarks'],
};
type BudgetLine = {
  id: string;
  label: string;
  kind: string;
  currency: string;
  revenue: string;
  cost: string;
  margin: string;
  marginPct: string;
  payer?: string;
};
type BudgetTotal = { currency: string; revenue: string; cost: string; margin: string; marginPct: string };

/** Differences of `rev` against `prev`, by tariff line: added, removed, changed price / quantity. */
function revisionDiff(prev: Revision | undefined, rev: Revision, t: ReturnType<typeof useT>): string[] {
  if (!prev) return [t('首次報價', 'First revision')];
  const before = new Map(prev.lines.map((l) => [l.tariffLineNo, l]));
  const after = new Map(rev.lines.map((l) => [l.tariffLineNo, l]));
  const out: string[] = [];
  for (const l of rev.lines) {
    const b = before.get(l.tariffLineNo);
    if (!b) out.push(`+ #${l.tariffLineNo} ${serviceTypeLabel(l.serviceType)} ${l.quotedPrice} × ${l.quantity}`);
    else {
      if (b.quotedPrice !== l.quotedPrice)
        out.push(
          `#${l.tariffLineNo} ${t('報價', 'price')} ${trimDecimals(b.quotedPrice, 2)} → ${trimDecimals(l.quotedPrice, 2)}`,
        );
      if (b.quantity !== l.quantity)
        out.push(
          `#${l.tariffLineNo} ${t('數量', 'quantity')} ${trimDecimals(b.quantity, 0)} → ${trimDecimals(l.quantity, 0)}`,
        );
    }
  }
  for (const l of prev.lines)
    if (!after.has(l.tariffLineNo)) out.push(`− #${l.tariffLineNo} ${serviceTypeLabel(l.serviceType)}`);
  return out.length ? out : [t('明細未變', 'Lines unchanged')];
}

/**
 * Where the chain is: one box per step in order, numbered (✓ done), zh-Hant and English under each other
 * (English first in English mode); the current step marked (red when overdue or ended). Boxes wrap to
 * more rows on a narrow window rather than squeezing their names.
 */
function ChainBar({
  chain,
  current,
  stopped,
  complete,
}: {
  chain: readonly string[];
  current: number;
  stopped: boolean;
  complete: boolean;
}) {
  const t = useT();
  return (
    <ol className="chain-bar" aria-label={t('報價流程', 'Quote chain')} data-testid="chain-bar">
      {chain.map((s, i) => {
        const [zh, en] = labelOf(QUOTE_STATUS_LABELS, s);
        const done = complete || i < current;
        const state = done ? 'done' : i === current ? (stopped ? 'stopped' : 'current') : 'todo';
        return (
          <li
            key={s}
            className={`chain-step ${state}`}
            aria-current={i === current && !complete ? 'step' : undefined}
            data-testid={`chain-${s}`}
          >
            <span className="chain-no" aria-hidden="true">
              {done ? '✓' : i + 1}
            </span>
            <span className="chain-name">
              <span>{t.lang === 'en' ? en : zh}</span>
              <span className="chain-second">{t.lang === 'en' ? zh : en}</span>
            </span>
            {done && <span className="sr-only">{t('（已完成）', '(done)')}</span>}
          </li>
        );
      })}
    </ol>
  );
}

/** Opens a PDF of the API in a new tab: fetched with the bearer token, shown from a blob URL. */
async function openPdf(path: string, onError: (m: string) => void) {
  const tab = window.open('', '_blank');
  const res = await fetch(path, { headers: { authorization: `Bearer ${currentToken() ?? ''}` } });
  if (!res.ok) {
    tab?.close();
    const body = (await res.json().catch(() => ({}))) as { message?: string };
    return onError(body.message ?? `HTTP ${res.status}`);
  }
  const url = URL.createObjectURL(await res.blob());
  if (tab) tab.location.href = url;
  else window.location.assign(url);
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

/** A unit price of a line: money in the line's currency, or a per-cent rate for `percent_of_value`. */
const unitPrice = (l: { unit: string; currency: string }, amount: string) =>
  l.unit === 'percent_of_value' ? `${trimDecimals(amount, 4)} %` : <Money amount={amount} currency={l.currency} />;

function LinesTable({ lines, testId }: { lines: readonly PricedLine[]; testId?: string }) {
  const t = useT();
  // The budgeted cost only for its readers (api/quotes/budget-access.ts): the others see no cost column at all.
  const readsCost = useMay().may('readCostBudgets');
  return (
    <DataTable<PricedLine>
      data-testid={testId}
      size="small"
      rowKey="lineNo"
      pagination={false}
      dataSource={lines as PricedLine[]}
      columns={[
        { title: '#', dataIndex: 'lineNo', width: 40 },
        { title: t('服務', 'Service'), key: 'svc', render: (_, l) => serviceTypeLabel(l.serviceType) },
        { title: t('路線', 'Route'), key: 'route', render: (_, l) => `${l.routeFrom} → ${l.routeTo}` },
        { title: t('單位', 'Unit'), key: 'unit', render: (_, l) => unitLabel(l.unit) },
        { title: t('原始報價', 'Tariff'), key: 'tp', align: 'right', render: (_, l) => unitPrice(l, l.tariffPrice) },
        ...(readsCost
          ? [
              {
                title: t('預算成本', 'Budgeted cost'),
                key: 'bc',
                align: 'right' as const,
                render: (_: unknown, l: PricedLine) => unitPrice(l, l.budgetCost ?? ''),
              },
            ]
          : []),
        { title: t('報價', 'Quoted'), key: 'qp', align: 'right', render: (_, l) => unitPrice(l, l.quotedPrice) },
        { title: t('數量', 'Qty'), key: 'qty', align: 'right', render: (_, l) => trimDecimals(l.quantity, 0) },
        moneyColumn(t('金額', 'Amount'), 'amt'),
        { title: t('折扣', 'Discount'), key: 'disc', align: 'right', render: (_, l) => `${l.discountPct} %` },
        {
          title: t('提示', 'Flags'),
          key: 'flags',
          render: (_, l) => (
            <Space size={4} wrap>
              {l.belowCost && <Tag color="#ad2102">{t('低於成本', 'Below cost')}</Tag>}
              {l.outsideAuthority && <Tag color="#874d00">{t('超出權限', 'Beyond authority')}</Tag>}
            </Space>
          ),
        },
      ]}
    />
  );
}

/** Revenue, cost, margin and margin % of a budget line or a currency's total, in its currency. */
function marginColumns<R extends BudgetTotal>(t: ReturnType<typeof useT>): ColumnsType<R> {
  return [
    {
      title: t('收入', 'Revenue'),
      key: 'r',
      align: 'right',
      render: (_, l) => <Money amount={l.revenue} currency={l.currency} />,
    },
    {
      title: t('成本', 'Cost'),
      key: 'c',
      align: 'right',
      render: (_, l) => <Money amount={l.cost} currency={l.currency} />,
    },
    {
      title: t('毛利', 'Margin'),
      key: 'm',
      align: 'right',
      render: (_, l) => <Money amount={l.margin} currency={l.currency} />,
    },
    {
      title: t('毛利率', 'Margin %'),
      key: 'p',
      align: 'right',
      render: (_, l) => marginPctText(l.revenue, l.marginPct),
    },
  ];
}

type CostAccounting = NonNullable<QuoteDetail['costAccounting']>;
type ActualRow = { currency: string; budgetCost: string; actualCost: string; variance: string; variancePct: string };

/** Budget, actual, variance (actual − budget; over budget in red) and variance % of a cost line or a currency's total. */
function varianceColumns<R extends ActualRow>(t: ReturnType<typeof useT>): ColumnsType<R> {
  return [
    {
      title: t('預算成本', 'Budget'),
      key: 'b',
      align: 'right',
      render: (_, l) => <Money amount={l.budgetCost} currency={l.currency} />,
    },
    {
      title: t('實際成本', 'Actual'),
      key: 'a',
      align: 'right',
      render: (_, l) => <Money amount={l.actualCost} currency={l.currency} />,
    },
    {
      title: t('差異', 'Variance'),
      key: 'v',
      align: 'right',
      render: (_, l) => {
        const over = !/^-|^0*(\.0*)?$/.test(l.variance);
        return (
          <span style={over ? { color: '#a8071a' } : undefined} data-over={over || undefined}>
            {over && '+'}
            <Money amount={l.variance} currency={l.currency} />
          </span>
        );
      },
    },
    {
      title: t('差異率', 'Variance %'),
      key: 'p',
      align: 'right',
      // A cost no budget line foresaw has no budget to compare with.
      render: (_, l) => marginPctText(l.budgetCost, l.variancePct),
    },
  ];
}

/**
 * The actual-vs-budget sheet 成本核算 once settlement entered the actual costs: each budget line (and each
 * unbudgeted cost) and the total per currency, budget vs actual vs variance, with who entered it and when.
 */
function CostAccountingSection({ costs }: { costs: CostAccounting }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  return (
    <div data-testid="cost-accounting">
      <Typography.Title level={4} style={{ fontSize: 15, marginTop: 12 }}>
        {t('成本核算（實際與預算）', 'Cost accounting (actual against budget)')}
      </Typography.Title>
      <DataTable<CostAccounting['lines'][number]>
        data-testid="cost-accounting-lines"
        size="small"
        pagination={false}
        rowKey={(l) => `${l.budgetLineId ?? `+${l.label}`}|${l.currency}`}
        dataSource={costs.lines}
        columns={[
          {
            title: t('項目', 'Item'),
            key: 'i',
            render: (_, l) =>
              l.budgetLineId ? (
                l.label
              ) : (
                <>
                  {l.label} <Tag>{t('預算外', 'Unbudgeted')}</Tag>
                </>
              ),
          },
          ...varianceColumns<CostAccounting['lines'][number]>(t),
        ]}
      />
      <DataTable<CostAccounting['totals'][number]>
        data-testid="cost-accounting-totals"
        style={{ marginTop: 8 }}
        size="small"
        pagination={false}
        rowKey="currency"
        dataSource={costs.totals}
        columns={[
          { title: t('幣別合計', 'Total per currency'), dataIndex: 'currency' },
          ...varianceColumns<CostAccounting['totals'][number]>(t),
        ]}
      />
      <Typography.Paragraph type="secondary" style={{ marginTop: 8 }}>
        {t('實際成本登記', 'Actual costs entered by')}: {costs.enteredByName ?? costs.enteredBy} ·{' '}
        {formatDateTime(costs.enteredAt, businessTimeZone)}
      </Typography.Paragraph>
    </div>
  );
}

function BudgetCard({ quote }: { quote: QuoteDetail }) {
  const t = useT();
  const iq = quote.internalQuote;
  if (!iq) return null;
  const lines = iq.budget.lines as unknown as BudgetLine[];
  const totals = iq.budget.totals as unknown as BudgetTotal[];
  const project = iq.project as Record<string, unknown>;
  return (
    <Card size="small" title={t('內部報價與成本預算', 'Internal quote and cost budget')} data-testid="budget-card">
      <Descriptions
        size="small"
        column={2}
        items={Object.entries(project)
          .filter(([, v]) => v !== null && v !== undefined && v !== '')
          .map(([k, v]) => ({
            key: k,
            label: PROJECT_LABELS[k] ? t.label(PROJECT_LABELS[k]) : k,
            children: String(v),
          }))}
      />
      <Typography.Title level={4} style={{ fontSize: 15 }}>
        {t('費用科目', 'Fee items')}
      </Typography.Title>
      <DataTable
        size="small"
        pagination={false}
        rowKey={(f) => `${f.name}|${f.currency}|${f.payer}`}
        dataSource={iq.feeItems}
        locale={{ emptyText: <Typography.Text type="secondary">{t('無', 'None')}</Typography.Text> }}
        columns={[
          { title: t('科目', 'Item'), dataIndex: 'name' },
          moneyColumn<(typeof iq.feeItems)[number]>(t('金額', 'Amount'), 'a'),
          {
            title: t('付款方', 'Payer'),
            key: 'p',
            render: (_, f) => (f.payer === 'company' ? t('公司承擔', 'Company') : t('客戶承擔', 'Customer')),
          },
        ]}
      />
      <Typography.Title level={4} style={{ fontSize: 15, marginTop: 12 }}>
        {t('成本預算', 'Cost budget')}
      </Typography.Title>
      <DataTable<BudgetLine>
        size="small"
        pagination={false}
        rowKey="id"
        dataSource={lines}
        columns={[{ title: t('項目', 'Item'), dataIndex: 'label' }, ...marginColumns<BudgetLine>(t)]}
      />
      <DataTable<BudgetTotal>
        data-testid="budget-totals"
        style={{ marginTop: 8 }}
        size="small"
        pagination={false}
        rowKey="currency"
        dataSource={totals}
        columns={[
          { title: t('幣別合計', 'Total per currency'), dataIndex: 'currency' },
          ...marginColumns<BudgetTotal>(t),
        ]}
      />
      {iq.budgetApprovedBy && (
        <Typography.Paragraph style={{ marginTop: 8 }}>
          {t('預算已核准', 'Budget approved by')}: {iq.budgetApprovedByName ?? iq.budgetApprovedBy}
        </Typography.Paragraph>
      )}
      {quote.costAccounting && <CostAccountingSection costs={quote.costAccounting} />}
    </Card>
  );
}

function ContractCard({ quote }: { quote: QuoteDetail }) {
  const t = useT();
  const { businessTimeZone } = useConfig();
  const c = quote.contract;
  if (!c) return null;
  return (
    <Card size="small" title={t('合同', 'Contract')} data-testid="contract-card">
      <Descriptions
        size="small"
        // Half the page wide beside the budget on large screens: one column there, so no value wraps.
        column={{ xs: 1, sm: 2, md: 2, lg: 2, xl: 1, xxl: 2 }}
        items={[
          {
            key: 'no',
            label: t('合同號', 'Contract no'),
            children: c.contractNo ? (
              <strong data-testid="contract-no">{c.contractNo}</strong>
            ) : (
              t('待總經理審批後編號', 'Numbered on the GM’s approval')
            ),
          },
          {
            key: 'tpl',
            label: t('範本版本', 'Template'),
            children: (
              <span style={{ whiteSpace: 'nowrap' }} data-testid="contract-template">
                v{c.templateVersion}
              </span>
            ),
          },
          { key: 'by', label: t('編輯人', 'Drafted by'), children: c.draftedByName ?? c.draftedBy },
          { key: 'signed', label: t('簽約日期', 'Signed on'), children: c.signedOn ?? '—' },
          ...c.approvals.map((a, i) => ({
            key: `a${i}`,
            label: t.label(labelOf(ROLE_LABELS, a.role)),
            children: `${a.userName ?? a.userId} · ${formatDateTime(a.at, businessTimeZone)}`,
          })),
        ]}
      />
      <Typography.Title level={4} style={{ fontSize: 15 }}>
        {t('條款變更（相對標準條款）', 'Clause changes (against the standard terms)')}
      </Typography.Title>
      {c.clauseChanges.length === 0 ? (
        <Typography.Text type="secondary">{t('採用標準條款，無變更', 'Standard terms, no changes')}</Typography.Text>
      ) : (
        c.clauseChanges.map((cl) => (
          <div key={cl.no} style={{ marginBottom: 8 }}>
            <strong>
              {cl.no} {cl.title}
            </strong>
            <div style={{ whiteSpace: 'pre-wrap' }}>{cl.text}</div>
          </div>
        ))
      )}
    </Card>
  );
}

/**
 * The internal quote's budget and the contract side by side (each full width when alone); near the top
 * while the GM approves them together (`testId` gm-approval), else below the revisions.
 */
function BudgetAndContract({ quote, testId }: { quote: QuoteDetail; testId?: string }) {
  const both = Boolean(quote.internalQuote && quote.contract);
  if (!quote.internalQuote && !quote.contract) return null;
  return (
    <Row gutter={12} style={{ marginTop: 12 }} data-testid={testId}>
      {quote.internalQuote && (
        <Col xs={24} xl={both ? 12 : 24}>
          <BudgetCard quote={quote} />
        </Col>
      )}
      {quote.contract && (
        <Col xs={24} xl={both ? 12 : 24}>
          <ContractCard quote={quote} />
        </Col>
      )}
    </Row>
  );
}

type PaymentRecordView = NonNullable<
  paths['/quotes/{quoteNo}/review-context']['get']['responses']['200']['content']['application/json']['paymentRecord']
>;

/** The customer's aging line per currency as of today and its credit hold (from the review context). */
function PaymentRecord({ record }: { record: PaymentRecordView }) {
  const t = useT();
  return (
    <Space direction="vertical" size={2} data-testid="payment-record">
      {record.creditHold && (
        <Tag color="red">
          {t('信用凍結', 'Credit hold')}: {record.creditHold.reason}
        </Tag>
      )}
      {record.currencies.length === 0 && t('無未收款', 'Nothing outstanding')}
      {record.currencies.map((r) => (
        <span key={r.currency}>
          {t('未收', 'Outstanding')} <Money amount={r.outstanding} currency={r.currency} />
          {' · '}
          {t('逾期', 'Overdue')} <Money amount={r.overdue} currency={r.currency} />
          {r.oldestBucket &&
            r.oldestBucket.key !== 'not_due' &&
            ` (${t(r.oldestBucket.labelZh, r.oldestBucket.labelEn)})`}
          {Number(r.disputed) !== 0 && (
            <>
              {' · '}
              {t('爭議中', 'Disputed')} <Money amount={r.disputed} currency={r.currency} />
            </>
          )}
        </span>
      ))}
      <Typography.Text type="secondary">
        {t('截至', 'As of')} {record.asOf}
      </Typography.Text>
    </Space>
  );
}

type ReviewContextView =
  paths['/quotes/{quoteNo}/review-context']['get']['responses']['200']['content']['application/json'];

/**
 * The prospect's risk assessment 風險評估 (§3.2.1) in the review context: its place in the prospects
 * pipeline, the assessment in force, or a warning when a prospective customer has none (the contract is
 * not blocked by it).
 */
function ProspectRisk({ context: c }: { context: ReviewContextView }) {
  const t = useT();
  if (!c.riskAssessment && !c.riskAssessmentMissing && !c.prospect) return null;
  return (
    <div data-testid="review-risk" style={{ marginBottom: 12 }}>
      <Typography.Title level={4} style={{ fontSize: 15 }}>
        {t('風險評估', 'Risk assessment')}
        {c.prospect && (
          <Typography.Text style={{ fontSize: 14, fontWeight: 400, marginLeft: 8 }} data-testid="review-prospect-stage">
            {t('開發階段', 'Pipeline stage')}: {t(c.prospect.stageLabel.zh, c.prospect.stageLabel.en)}
          </Typography.Text>
        )}
      </Typography.Title>
      {c.riskAssessment ? (
        <RiskAssessmentDetails assessment={c.riskAssessment} testId="review-risk-assessment" />
      ) : c.riskAssessmentMissing ? (
        <Alert
          type="warning"
          showIcon
          data-testid="review-risk-missing"
          title={t(
            '預備客戶尚未記錄風險評估（不阻擋合同）',
            'A prospective customer without a risk assessment (the contract is not blocked)',
          )}
        />
      ) : (
        <Typography.Text>{t('無風險評估', 'No risk assessment')}</Typography.Text>
      )}
    </div>
  );
}

function ReviewContext({ quoteNo }: { quoteNo: string }) {
  const t = useT();
  const ctx = useQuery({
    queryKey: ['quote', quoteNo, 'review-context'],
    queryFn: () => unwrap(api.GET('/quotes/{quoteNo}/review-context', { params: { path: { quoteNo } } })),
  });
  if (!ctx.data)
    return ctx.isError ? <ErrorState compact error={ctx.error} onRetry={() => void ctx.refetch()} /> : <Spin />;
  const c = ctx.data;
  return (
    <Card size="small" title={t('審核參考', 'Review context')} data-testid="review-context">
      <Descriptions
        size="small"
        column={3}
        items={[
          {
            key: 'c',
            label: t('客戶', 'Customer'),
            children: customerText(c.customer.customerNo, c.customer.fullName),
          },
          {
            key: 's',
            label: t('客戶狀態', 'Status'),
            children: t.label(labelOf(CUSTOMER_STATUS_LABELS, c.customer.status)),
          },
          { key: 'i', label: t('行業', 'Industry'), children: c.customer.industry ?? '—' },
          { key: 'cr', label: t('信用狀況', 'Credit standing'), children: c.customer.creditStanding ?? '—' },
          { key: 'pt', label: t('付款條件', 'Payment terms'), children: c.customer.paymentTerms ?? '—' },
          ...(c.paymentRecord
            ? [
                {
                  key: 'pr',
                  label: t('付款紀錄', 'Payment record'),
                  children: <PaymentRecord record={c.paymentRecord} />,
                },
              ]
            : []),
        ]}
      />
      <ProspectRisk context={c} />
      <Typography.Title level={4} style={{ fontSize: 15 }}>
        {t('該客戶過往報價', 'The customer’s earlier prices')}
      </Typography.Title>
      <DataTable
        size="small"
        pagination={{ pageSize: 5, hideOnSinglePage: true }}
        rowKey={(e) => `${e.quoteNo}:${e.revision}:${e.line.lineNo}`}
        dataSource={c.earlierQuotedPrices}
        locale={{
          emptyText: <Typography.Text type="secondary">{t('無過往報價', 'No earlier quotes')}</Typography.Text>,
        }}
        columns={[
          {
            title: t('報價號', 'Quote'),
            key: 'q',
            render: (_, e) => <Link to={`/desk/quotes/${e.quoteNo}`}>{e.quoteNo}</Link>,
          },
          {
            title: t('服務', 'Service'),
            key: 's',
            render: (_, e) => `${serviceTypeLabel(e.line.serviceType)} ${e.line.routeFrom} → ${e.line.routeTo}`,
          },
          {
            title: t('報價', 'Quoted'),
            key: 'p',
            align: 'right',
            render: (_, e) => <Money amount={e.line.quotedPrice} currency={e.line.currency} />,
          },
          { title: t('折扣', 'Discount'), key: 'd', align: 'right', render: (_, e) => `${e.line.discountPct} %` },
          { title: t('狀態', 'Status'), key: 'st', render: (_, e) => t.label(labelOf(QUOTE_STATUS_LABELS, e.status)) },
        ]}
      />
    </Card>
  );
}

// The steps' forms (antd Form, Select, Input): a module of its own, fetched once the step buttons are drawn.
const loadStepForms = () => import('./StepForms');
const QuoteStepForms = lazy(loadStepForms);

export default function QuotePage() {
  const { quoteNo = '' } = useParams();
  const t = useT();
  const { businessTimeZone } = useConfig();
  const me = useMe();
  const { message } = App.useApp();
  const queryClient = useQueryClient();
  const quote = useQuery({
    queryKey: ['quote', quoteNo],
    queryFn: () => unwrap(api.GET('/quotes/{quoteNo}', { params: { path: { quoteNo } } })),
    retry: (n, e) => !(e instanceof ApiError && e.status < 500) && n < 1,
    refetchOnWindowFocus: false,
  });

  if (quote.error instanceof ApiError && quote.error.status === 404)
    return <ErrorState error={quote.error} title={['找不到此報價', 'No such quote']} />;
  if (quote.isError) return <ErrorState error={quote.error} onRetry={() => void quote.refetch()} />;
  if (!quote.data) return <Spin />;
  const q = quote.data;

  const ended = ENDED.has(q.status);
  const chain = CHAIN.filter((s) => s !== 'pending_price_approval' || q.needsPriceApproval || q.status === s);
  const lastLive = ended
    ? ([...q.history].reverse().find((h) => h.fromState && (CHAIN as readonly string[]).includes(h.fromState))
        ?.fromState ?? 'draft')
    : q.status;
  const current = Math.max(0, chain.indexOf(lastLive as (typeof CHAIN)[number]));
  const statusLabel = t.label(labelOf(QUOTE_STATUS_LABELS, q.status));
  const revisions = [...q.revisions].sort((a, b) => a.revision - b.revision);
  const gmApproval = q.status === 'contract_approval' || q.status === 'budget_review';
  const reviewer = me.data && me.data.role !== 'sales';

  const forms: LazyStepForms = {
    steps: QUOTE_FORM_STEPS,
    load: loadStepForms,
    host: (render) => <QuoteStepForms quote={q} businessTimeZone={businessTimeZone} render={render} />,
  };
  const onDone = async () => {
    message.success(t('已送出', 'Done'));
    await Promise.all([
      queryClient.invalidateQueries({ queryKey: ['quote', quoteNo] }),
      queryClient.invalidateQueries({ queryKey: ['inbox'] }),
      queryClient.invalidateQueries({ queryKey: ['quotes'] }),
    ]);
  };
  const pdf = (path: string) => void openPdf(path, (m) => void message.error(m));

  return (
    <section aria-labelledby="quote-title">
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={2} id="quote-title" style={{ fontSize: 22, marginBottom: 0 }}>
          {t('報價', 'Quote')} {q.quoteNo}{' '}
          <Tag color={ended ? 'default' : 'blue'} data-testid="quote-status">
            {statusLabel}
          </Tag>
          {q.contractNo && (
            <Tag color="#237804" data-testid="quote-contract-no">
              {t('合同號', 'Contract')} {q.contractNo}
            </Tag>
          )}
        </Typography.Title>
        <Space wrap>
          <Button
            onClick={() => pdf(`/quotes/${q.quoteNo}/quote-sheet.pdf`)}
            disabled={!AFTER_APPROVAL.has(q.status)}
            data-testid="pdf-quote-sheet"
          >
            {t('報價單 PDF', 'Quote sheet PDF')}
          </Button>
          {/* The cost budget is a commercial secret: only for its readers (api/quotes/budget-access.ts). */}
          {me.data?.may.readCostBudgets && (
            <Button
              onClick={() => pdf(`/quotes/${q.quoteNo}/cost-budget.pdf`)}
              disabled={!q.internalQuote}
              data-testid="pdf-cost-budget"
            >
              {t('成本預算表 PDF', 'Cost budget PDF')}
            </Button>
          )}
          <Button
            onClick={() => pdf(`/quotes/${q.quoteNo}/contract.pdf`)}
            disabled={!q.contractNo}
            data-testid="pdf-contract"
          >
            {t('合同書 PDF', 'Contract PDF')}
          </Button>
        </Space>
      </Space>
      <div style={{ marginTop: 8 }}>
        <ReturnedBanner history={q.history} actions={q.actions} pendingRole={q.pendingRole} />
      </div>
      <Descriptions
        size="small"
        style={{ marginTop: 8 }}
        column={{ xs: 1, sm: 2, lg: 3, xl: 4 }}
        items={[
          {
            key: 'c',
            label: t('客戶', 'Customer'),
            children: <CustomerLink customerNo={q.customerNo} customerName={q.customerName} />,
          },
          { key: 'o', label: t('業務員', 'Salesperson'), children: q.ownerName ?? q.ownerId },
          { key: 'v', label: t('有效期至', 'Valid until'), children: q.validUntil },
          {
            key: 'r',
            label: t('版本', 'Revision'),
            children: `${q.revision} · ${t('原始報價', 'tariff')} v${q.tariffVersionNo}`,
          },
          { key: 't', label: t('合計', 'Totals'), children: <MoneyList amounts={q.totals} /> },
        ]}
      />

      <Card size="small" style={{ marginTop: 12 }} title={t('流程', 'Where it is')} data-testid="step-bar">
        <ChainBar chain={chain} current={current} stopped={ended || q.overdue} complete={q.status === 'costed'} />
        <Space wrap style={{ marginTop: 12 }} data-testid="next-actor">
          {ended ? (
            <Tag color="default">{statusLabel}</Tag>
          ) : q.pendingRole ? (
            <>
              <span>
                {t('下一步', 'Next')}: <strong>{t.label(labelOf(ROLE_LABELS, q.pendingRole))}</strong>
              </span>
              {q.dueAt && (
                <span>
                  {t('到期', 'Due')}: {formatDueAt(q.dueAt, businessTimeZone)}
                </span>
              )}
              {q.overdue && <Tag color="#a8071a">{t('逾期', 'Overdue')}</Tag>}
            </>
          ) : (
            <span>{t('流程已完成', 'Chain complete')}</span>
          )}
        </Space>
      </Card>

      <CreditWarnings warnings={q.creditWarnings} />

      <Card size="small" style={{ marginTop: 12 }} title={t('我可辦理的步驟', 'My steps')}>
        <ActionBar actions={q.actions} forms={forms} onDone={() => void onDone()} />
      </Card>

      {gmApproval && <BudgetAndContract quote={q} testId="gm-approval" />}

      <Card
        size="small"
        style={{ marginTop: 12 }}
        title={`${t('報價明細', 'Lines')} (${t('版本', 'revision')} ${q.revision})`}
      >
        <TableScroll label={t('報價明細', 'Lines')}>
          <LinesTable lines={q.lines} testId="quote-lines" />
        </TableScroll>
      </Card>

      {reviewer && (
        <div style={{ marginTop: 12 }}>
          <ReviewContext quoteNo={q.quoteNo} />
        </div>
      )}

      {q.amendment && (
        <Card
          size="small"
          style={{ marginTop: 12 }}
          title={t('變更報告', 'Amendment report')}
          data-testid="amendment-report"
        >
          <Descriptions
            size="small"
            column={1}
            items={[
              { key: 'f', label: t('自版本', 'From revision'), children: q.amendment.fromRevision },
              {
                key: 'c',
                label: t('變更', 'Changed'),
                children:
                  q.amendment.changed.map((c) => `#${c.tariffLineNo}: ${c.fields.join(', ')}`).join('；') || '—',
              },
              {
                key: 'a',
                label: t('新增', 'Added'),
                children: q.amendment.added.map((n) => `#${n}`).join(', ') || '—',
              },
              {
                key: 'r',
                label: t('移除', 'Removed'),
                children: q.amendment.removed.map((n) => `#${n}`).join(', ') || '—',
              },
              {
                key: 'n',
                label: t('需重新審批', 'Approvals needed again'),
                children: q.amendment.approvalsNeededAgain.join(', ') || '—',
              },
              {
                key: 'k',
                label: t('保留的審批', 'Approvals kept'),
                children: q.amendment.approvalsKept.join(', ') || '—',
              },
            ]}
          />
        </Card>
      )}

      <Card size="small" style={{ marginTop: 12 }} title={t('歷次版本', 'Revisions')} data-testid="revisions">
        <DataTable<Revision>
          size="small"
          rowKey="revision"
          pagination={false}
          dataSource={revisions.slice().reverse()}
          columns={[
            { title: t('版本', 'Revision'), dataIndex: 'revision', width: 80 },
            { title: t('時間', 'When'), key: 'at', render: (_, r) => formatDateTime(r.createdAt, businessTimeZone) },
            { title: t('建立人', 'By'), key: 'by', render: (_, r) => r.createdByName ?? r.createdBy },
            {
              title: t('合計', 'Totals'),
              key: 'tot',
              align: 'right',
              render: (_, r) => <MoneyList amounts={r.totals} />,
            },
            {
              title: t('與前一版的差異', 'Differences from the previous'),
              key: 'diff',
              render: (_, r) => (
                <div data-testid={`revision-diff-${r.revision}`}>
                  {revisionDiff(
                    revisions.find((p) => p.revision === r.revision - 1),
                    r,
                    t,
                  ).map((d) => (
                    <div key={d}>{d}</div>
                  ))}
                  {r.reason && <Typography.Text type="secondary">{r.reason}</Typography.Text>}
                </div>
              ),
            },
          ]}
        />
      </Card>

      {!gmApproval && <BudgetAndContract quote={q} />}

      <Card size="small" style={{ marginTop: 12 }} title={t('歷程', 'History')} data-testid="history">
        {q.history.length === 0 ? (
          <Empty />
        ) : (
          <DataTable<History>
            size="small"
            pagination={false}
            rowKey={(h, i) => `${h.at}:${h.action}:${i}`}
            dataSource={q.history}
            columns={[
              { title: t('時間', 'When'), key: 'at', render: (_, h) => formatDateTime(h.at, businessTimeZone) },
              {
                title: t('辦理人', 'Who'),
                key: 'who',
                render: (_, h) => `${h.actorName ?? h.actorId} · ${t.label(labelOf(ROLE_LABELS, h.actorRole))}`,
              },
              {
                title: t('代理', 'On behalf of'),
                key: 'obo',
                render: (_, h) => h.onBehalfOfName ?? h.onBehalfOf ?? '',
              },
              { title: t('步驟', 'Step'), key: 'action', render: (_, h) => t(h.actionLabel.zh, h.actionLabel.en) },
              {
                title: t('狀態', 'State'),
                key: 'st',
                render: (_, h) =>
                  `${h.fromStateLabel ? t(h.fromStateLabel.zh, h.fromStateLabel.en) : '—'} → ${h.toStateLabel ? t(h.toStateLabel.zh, h.toStateLabel.en) : '—'}`,
              },
              { title: t('意見', 'Comment'), key: 'c', render: (_, h) => h.comment ?? '' },
            ]}
          />
        )}
      </Card>
    </section>
  );
}
