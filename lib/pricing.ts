/**
 * Quote pricing, cost budget and cost accounting as pure functions over exact decimals (lib/money.ts).
 * Rounding: each line amount is rounded half-even to its currency's minor unit; totals add rounded
 * amounts; percentages are rounded half-even to 2 decimals.
 */
import { quantityDigits, type Currency, type PriceUnit, type ServiceType } from '../machines/catalog';
import { AppError } from './errors';
import {
  amountDigitsProblem,
  chargeOf,
  Decimal,
  decimalPlaces,
  formatMoney,
  formatUnitPrice,
  MAX_DECIMAL,
  parseDecimal,
  percentOf,
  roundToCurrency,
  withinLimit,
} from './money';

export interface TariffLineForPricing {
  lineNo: number;
  serviceType: ServiceType;
  industry: string;
  commodity: string;
  routeFrom: string;
  routeTo: string;
  unit: PriceUnit;
  currency: Currency;
  price: string;
  budgetCost: string;
}

export interface QuoteLineInput {
  tariffLineNo: number;
  quotedPrice: string;
  quantity: string;
}

export interface PricedLine extends Omit<TariffLineForPricing, 'lineNo' | 'price'> {
  lineNo: number;
  tariffLineNo: number;
  tariffPrice: string;
  quotedPrice: string;
  quantity: string;
  /** quotedPrice × quantity (÷ 100 for per-cent units), in the currency's minor unit. */
  amount: string;
  /** How far below the tariff price, in per cent (negative when above). */
  discountPct: string;
  belowCost: boolean;
  outsideAuthority: boolean;
}

export interface CurrencyAmount {
  currency: Currency;
  amount: string;
}

export interface PricedQuote {
  lines: PricedLine[];
  totals: CurrencyAmount[];
  needsPriceApproval: boolean;
  belowCost: boolean;
}

/** price × quantity (÷ 100 for per-cent units), rounded once, half-even, to the currency's minor unit. */
const lineAmount = (price: string, quantity: string, unit: PriceUnit, currency: Currency): Decimal =>
  chargeOf(price, quantity, currency, unit === 'percent_of_value');

function sumByCurrency<T extends { currency: Currency }>(items: T[], pick: (t: T) => Decimal): Map<Currency, Decimal> {
  const m = new Map<Currency, Decimal>();
  for (const it of items) m.set(it.currency, (m.get(it.currency) ?? new Decimal(0)).plus(pick(it)));
  return m;
}

/** One refused field of a request: `path` relative to the body (e.g. `lines.0.quantity`). */
export interface FieldProblem {
  path: string;
  message: string;
}

/**
 * Why quote lines cannot be priced on `tariff`, field by field (empty when they can): a unit price
 * with more decimals than its currency (a per-cent rate: 4 decimals, at most 100), a quantity with
 * more decimals than its unit takes (`quantityDigits`: whole containers and shipments), or a line
 * amount, line cost (budgeted cost × quantity) or per-currency total beyond what storage holds
 * (|amount| < 10^14, MAX_DECIMAL). Lines naming no tariff line are skipped (the caller reports them).
 * `prefix` is prepended to each path (`lines` → `lines.0.quotedPrice`).
 */
export function quoteLineProblems(
  tariff: TariffLineForPricing[],
  inputs: QuoteLineInput[],
  prefix = 'lines',
): FieldProblem[] {
  const byNo = new Map(tariff.map((t) => [t.lineNo, t]));
  const problems: FieldProblem[] = [];
  const revenue = new Map<Currency, Decimal>();
  const cost = new Map<Currency, Decimal>();
  inputs.forEach((input, i) => {
    const t = byNo.get(input.tariffLineNo);
    if (!t) return;
    const at = (f: string) => `${prefix}.${i}.${f}`;
    const before = problems.length;
    if (t.unit === 'percent_of_value') {
      if (parseDecimal(input.quotedPrice).gt(100))
        problems.push({
          path: at('quotedPrice'),
          message: `quotedPrice: a per-cent rate is at most 100, got ${input.quotedPrice}`,
        });
    } else {
      const p = amountDigitsProblem('quotedPrice', input.quotedPrice, t.currency);
      if (p) problems.push({ path: at('quotedPrice'), message: p });
    }
    const qDigits = quantityDigits(t.unit, t.currency);
    if (decimalPlaces(input.quantity) > qDigits) {
      problems.push({
        path: at('quantity'),
        message: `quantity: a ${t.unit} quantity takes ${qDigits === 0 ? 'whole numbers' : `at most ${qDigits} decimals`}, got ${input.quantity}`,
      });
    }
    if (problems.length > before) return;
    const amount = lineAmount(input.quotedPrice, input.quantity, t.unit, t.currency);
    const lineCost = lineAmount(t.budgetCost, input.quantity, t.unit, t.currency);
    if (!withinLimit(amount) || !withinLimit(lineCost)) {
      problems.push({
        path: at('quantity'),
        message: `quantity: ${input.quotedPrice} × ${input.quantity} (or the budgeted cost × quantity) exceeds the largest amount, ${MAX_DECIMAL} ${t.currency}`,
      });
      return;
    }
    revenue.set(t.currency, (revenue.get(t.currency) ?? new Decimal(0)).plus(amount));
    cost.set(t.currency, (cost.get(t.currency) ?? new Decimal(0)).plus(lineCost));
  });
  for (const [currency, total] of revenue) {
    if (!withinLimit(total) || !withinLimit(cost.get(currency) ?? new Decimal(0))) {
      problems.push({
        path: prefix,
        message: `the ${currency} total of the lines exceeds the largest amount, ${MAX_DECIMAL} ${currency}`,
      });
    }
  }
  return problems;
}

/** Throws AppError `bad_request` listing `problems` as `details.fields` (paths under `root`, e.g. `body`); returns when there are none. */
export function refuseProblems(problems: FieldProblem[], root = 'body'): void {
  if (!problems.length) return;
  const fields = problems.map((p) => ({ path: `${root}.${p.path}`, message: p.message }));
  throw new AppError('bad_request', `Invalid request: ${problems.map((p) => p.message).join('; ')}`.slice(0, 500), {
    fields,
  });
}

/**
 * Prices quote lines against their tariff lines and the salesperson's authority (max discount in per
 * cent): pure arithmetic. Callers first refuse what `quoteLineProblems` finds (the API before a
 * workflow starts, the pricing activity again). Throws Error for a line naming no tariff line.
 */
export function priceQuote(
  tariff: TariffLineForPricing[],
  inputs: QuoteLineInput[],
  authorityPct: string,
): PricedQuote {
  const byNo = new Map(tariff.map((t) => [t.lineNo, t]));
  const authority = parseDecimal(authorityPct);
  const lines = inputs.map((input, i): PricedLine => {
    const t = byNo.get(input.tariffLineNo);
    if (!t) throw new Error(`tariff line ${input.tariffLineNo} does not exist`);
    const tariffPrice = parseDecimal(t.price);
    const quoted = parseDecimal(input.quotedPrice);
    const amount = lineAmount(input.quotedPrice, input.quantity, t.unit, t.currency);
    const discount = percentOf(tariffPrice.minus(quoted), tariffPrice);
    const { lineNo: _n, price: _p, ...rest } = t;
    return {
      ...rest,
      lineNo: i + 1,
      tariffLineNo: t.lineNo,
      tariffPrice: formatUnitPrice(t.price, t.unit, t.currency),
      budgetCost: formatUnitPrice(t.budgetCost, t.unit, t.currency),
      quotedPrice: formatUnitPrice(input.quotedPrice, t.unit, t.currency),
      quantity: input.quantity,
      amount: formatMoney(amount, t.currency),
      discountPct: discount,
      belowCost: quoted.lt(parseDecimal(t.budgetCost)),
      // Exact: (tariff − quoted) / tariff > authority / 100, without the rounding of discountPct.
      outsideAuthority: tariffPrice.gt(0) && tariffPrice.minus(quoted).times(100).gt(authority.times(tariffPrice)),
    };
  });
  const totals = [...sumByCurrency(lines, (l) => parseDecimal(l.amount))].map(([currency, v]) => ({
    currency,
    amount: formatMoney(v, currency),
  }));
  return {
    lines,
    totals,
    needsPriceApproval: lines.some((l) => l.outsideAuthority),
    belowCost: lines.some((l) => l.belowCost),
  };
}

/** A fee item 「費用科目」 of the internal quote, and who bears it. */
export interface FeeItem {
  name: string;
  currency: Currency;
  amount: string;
  payer: 'company' | 'customer';
}

export interface BudgetLine {
  /**
   * Stable within the internal quote: `L<lineNo>` for a service line (the quote line's number), `F<n>` for
   * the n-th fee item. Actual costs are entered against this id (see `ActualCost`).
   */
  id: string;
  label: string;
  kind: 'service' | 'fee';
  currency: Currency;
  revenue: string;
  cost: string;
  margin: string;
  marginPct: string;
  payer?: 'company' | 'customer';
}

export interface BudgetTotal {
  currency: Currency;
  revenue: string;
  cost: string;
  margin: string;
  marginPct: string;
}

export interface CostBudget {
  lines: BudgetLine[];
  totals: BudgetTotal[];
}

const marginPct = (revenue: Decimal, margin: Decimal) => percentOf(margin, revenue);

/**
 * The cost budget 「成本預算表」: each service line earns its quoted amount and costs its budgeted cost
 * × quantity; a fee the company bears is a cost; a fee the customer bears is charged on at cost
 * (revenue = cost, no margin).
 */
export function computeCostBudget(
  lines: PricedLine[],
  fees: FeeItem[],
  serviceLabel: (l: PricedLine) => string,
): CostBudget {
  const out: (BudgetLine & { r: Decimal; c: Decimal })[] = [];
  for (const l of lines) {
    const r = parseDecimal(l.amount);
    const c = lineAmount(l.budgetCost, l.quantity, l.unit, l.currency);
    out.push({
      id: `L${l.lineNo}`,
      label: serviceLabel(l),
      kind: 'service',
      currency: l.currency,
      revenue: l.amount,
      cost: formatMoney(c, l.currency),
      margin: formatMoney(r.minus(c), l.currency),
      marginPct: marginPct(r, r.minus(c)),
      r,
      c,
    });
  }
  fees.forEach((f, i) => {
    const a = roundToCurrency(f.amount, f.currency);
    const r = f.payer === 'customer' ? a : new Decimal(0);
    out.push({
      id: `F${i + 1}`,
      label: f.name,
      kind: 'fee',
      payer: f.payer,
      currency: f.currency,
      revenue: formatMoney(r, f.currency),
      cost: formatMoney(a, f.currency),
      margin: formatMoney(r.minus(a), f.currency),
      marginPct: marginPct(r, r.minus(a)),
      r,
      c: a,
    });
  });
  const rev = sumByCurrency(out, (l) => l.r);
  const cost = sumByCurrency(out, (l) => l.c);
  const totals = [...rev.keys()].map((currency) => {
    const r = rev.get(currency)!;
    const c = cost.get(currency)!;
    return {
      currency,
      revenue: formatMoney(r, currency),
      cost: formatMoney(c, currency),
      margin: formatMoney(r.minus(c), currency),
      marginPct: marginPct(r, r.minus(c)),
    };
  });
  return { lines: out.map(({ r: _r, c: _c, ...l }) => l), totals };
}

/**
 * The budget of an internal quote stored before budget lines had ids: each line gets the id
 * `computeCostBudget` gives today (`L<lineNo>` from the service label's `#<lineNo>`, else its position
 * among service lines; `F<n>` for the n-th fee line). Budgets that have ids are returned unchanged.
 */
export function withBudgetLineIds<B extends { lines: (Omit<BudgetLine, 'id'> & { id?: string })[] }>(
  budget: B,
): Omit<B, 'lines'> & { lines: BudgetLine[] } {
  if (budget.lines.every((l) => typeof l.id === 'string')) return budget as Omit<B, 'lines'> & { lines: BudgetLine[] };
  let service = 0;
  let fee = 0;
  const lines = budget.lines.map(({ id, ...l }): BudgetLine => {
    if (l.kind === 'fee') return { id: id ?? `F${++fee}`, ...l };
    service++;
    const no = /^#(\d+) /.exec(l.label)?.[1];
    return { id: id ?? `L${no ?? service}`, ...l };
  });
  return { ...budget, lines };
}

/**
 * One actual cost 「實際成本」 entered by settlement, exact decimal in its currency: against a budget
 * line of the cost budget by its id (in that line's currency), or explicitly unbudgeted with its own label.
 */
export type ActualCost =
  | { budgetLineId: string; currency: Currency; actualCost: string }
  | { unbudgeted: true; label: string; currency: Currency; actualCost: string };

/** An actual cost as stored before budget line ids: matched to a budget line by label and currency. */
export interface LegacyActualCost {
  label: string;
  currency: Currency;
  actualCost: string;
}

/**
 * Actual costs in today's form: a legacy entry (label only) whose label and currency name a budget line
 * becomes an entry against that line's id, any other one an unbudgeted entry. Current entries unchanged.
 */
export function actualsWithIds(budget: CostBudget, actuals: readonly (ActualCost | LegacyActualCost)[]): ActualCost[] {
  return actuals.map((a) => {
    if ('budgetLineId' in a || 'unbudgeted' in a) return a;
    const line = budget.lines.find((l) => l.label === a.label && l.currency === a.currency);
    return line
      ? { budgetLineId: line.id, currency: a.currency, actualCost: a.actualCost }
      : { unbudgeted: true, label: a.label, currency: a.currency, actualCost: a.actualCost };
  });
}

/**
 * Why `actuals` cannot be recorded against `budget`, field by field (empty when they can): a
 * `budgetLineId` the budget does not have (the message names it and the ids it has), a currency other
 * than that budget line's, or a budget line given twice. Paths are `<prefix>.<i>.<field>`.
 */
export function actualCostProblems(
  budget: CostBudget,
  actuals: readonly ActualCost[],
  prefix = 'actuals',
): FieldProblem[] {
  const byId = new Map(budget.lines.map((l) => [l.id, l]));
  const seen = new Set<string>();
  const problems: FieldProblem[] = [];
  actuals.forEach((a, i) => {
    if (!('budgetLineId' in a)) return;
    const line = byId.get(a.budgetLineId);
    if (!line) {
      problems.push({
        path: `${prefix}.${i}.budgetLineId`,
        message: `budgetLineId: the cost budget has no line ${a.budgetLineId} (its lines: ${[...byId.keys()].join(', ') || 'none'}); enter a cost outside the budget as { unbudgeted: true, label }`,
      });
    } else if (line.currency !== a.currency) {
      problems.push({
        path: `${prefix}.${i}.currency`,
        message: `currency: budget line ${a.budgetLineId} is in ${line.currency}, got ${a.currency}`,
      });
    } else if (seen.has(a.budgetLineId)) {
      problems.push({
        path: `${prefix}.${i}.budgetLineId`,
        message: `budgetLineId: budget line ${a.budgetLineId} is given twice; one actual cost per budget line`,
      });
    }
    seen.add(a.budgetLineId);
  });
  return problems;
}

export interface CostAccountingLine {
  /** The budget line's id; null for a cost entered as unbudgeted. */
  budgetLineId: string | null;
  label: string;
  currency: Currency;
  budgetCost: string;
  actualCost: string;
  variance: string;
  variancePct: string;
}

/**
 * 成本核算: actual against budgeted cost per budget line (matched by id) and per currency. A budget line
 * without an actual cost counts as zero; unbudgeted costs follow as their own lines (budget 0). Actual
 * costs are rounded half to even to their currency. Throws Error for what `actualCostProblems` refuses
 * (callers refuse those first).
 */
export function computeCostAccounting(budget: CostBudget, actuals: readonly ActualCost[]) {
  const problems = actualCostProblems(budget, actuals);
  if (problems.length) throw new Error(problems.map((p) => p.message).join('; '));
  const actual = new Map<string, string>();
  for (const a of actuals) if ('budgetLineId' in a) actual.set(a.budgetLineId, a.actualCost);
  const lines: CostAccountingLine[] = budget.lines.map((b) => {
    const bc = parseDecimal(b.cost);
    const ac = roundToCurrency(actual.get(b.id) ?? '0', b.currency);
    return {
      budgetLineId: b.id,
      label: b.label,
      currency: b.currency,
      budgetCost: b.cost,
      actualCost: formatMoney(ac, b.currency),
      variance: formatMoney(ac.minus(bc), b.currency),
      variancePct: percentOf(ac.minus(bc), bc),
    };
  });
  for (const a of actuals) {
    if (!('unbudgeted' in a)) continue;
    const ac = roundToCurrency(a.actualCost, a.currency);
    lines.push({
      budgetLineId: null,
      label: a.label,
      currency: a.currency,
      budgetCost: formatMoney(new Decimal(0), a.currency),
      actualCost: formatMoney(ac, a.currency),
      variance: formatMoney(ac, a.currency),
      variancePct: '0.00',
    });
  }
  const b = sumByCurrency(lines, (l) => parseDecimal(l.budgetCost));
  const ac = sumByCurrency(lines, (l) => parseDecimal(l.actualCost));
  const totals = [...b.keys()].map((currency) => {
    const bb = b.get(currency)!;
    const aa = ac.get(currency)!;
    return {
      currency,
      budgetCost: formatMoney(bb, currency),
      actualCost: formatMoney(aa, currency),
      variance: formatMoney(aa.minus(bb), currency),
      variancePct: percentOf(aa.minus(bb), bb),
    };
  });
  return { lines, totals };
}
