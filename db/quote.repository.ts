/** All SQL about quotes, their revisions, internal quotes, contracts, settlement basis and cost accounting. */
import { sql, type Kysely, type Transaction } from 'kysely';
import {
  actualsWithIds,
  computeCostAccounting,
  withBudgetLineIds,
  type ActualCost,
  type CostBudget,
  type CurrencyAmount,
  type PricedLine,
} from '../lib/pricing';
import type { QuoteStatus } from '../machines/quote.machine';
import type { Database } from './database';
import type {
  ClauseChange,
  ContractRow,
  CostAccountingRow,
  CostAccountingSheet,
  InternalQuoteRow,
  QuoteRevisionRow,
  QuoteRow,
} from './quote.table';

type Db = Kysely<Database> | Transaction<Database>;

export async function insertQuote(
  trx: Transaction<Database>,
  q: {
    quoteNo: string;
    customerNo: string;
    ownerId: string;
    tariffVersionNo: number;
    validUntil: string;
    needsPriceApproval: boolean;
    belowCost: boolean;
    totals: CurrencyAmount[];
  },
): Promise<void> {
  await trx
    .insertInto('quotes')
    .values({
      quote_no: q.quoteNo,
      customer_no: q.customerNo,
      owner_id: q.ownerId,
      tariff_version_no: q.tariffVersionNo,
      status: 'draft',
      revision: 1,
      valid_until: q.validUntil,
      needs_price_approval: q.needsPriceApproval,
      below_cost: q.belowCost,
      totals: JSON.stringify(q.totals),
    })
    .execute();
}

/** Writes a revision's priced lines (a new revision, or the current one edited in draft). */
export async function saveRevision(
  trx: Transaction<Database>,
  r: {
    quoteNo: string;
    revision: number;
    lines: PricedLine[];
    totals: CurrencyAmount[];
    needsPriceApproval: boolean;
    belowCost: boolean;
    authorityPct: string;
    createdBy: string;
    reason: string | null;
  },
): Promise<void> {
  const values = {
    lines: JSON.stringify(r.lines),
    totals: JSON.stringify(r.totals),
    needs_price_approval: r.needsPriceApproval,
    below_cost: r.belowCost,
    authority_pct: r.authorityPct,
  };
  await trx
    .insertInto('quote_revisions')
    .values({ quote_no: r.quoteNo, revision: r.revision, created_by: r.createdBy, reason: r.reason, ...values })
    .onConflict((oc) => oc.columns(['quote_no', 'revision']).doUpdateSet({ ...values, updated_at: sql`now()` }))
    .execute();
}

/**
 * Sets the quote's status (and whatever else `patch` names) and touches `updated_at`; returns the row as it is
 * now, so a step that reads it after the update needs no second round trip (undefined: no such quote).
 */
export async function updateQuoteHeader(
  trx: Transaction<Database>,
  quoteNo: string,
  patch: {
    status: QuoteStatus;
    revision?: number;
    validUntil?: string;
    totals?: CurrencyAmount[];
    needsPriceApproval?: boolean;
    belowCost?: boolean;
    contractNo?: string;
  },
): Promise<QuoteRow | undefined> {
  return trx
    .updateTable('quotes')
    .set({
      status: patch.status,
      updated_at: sql`now()`,
      ...(patch.revision !== undefined ? { revision: patch.revision } : {}),
      ...(patch.validUntil !== undefined ? { valid_until: patch.validUntil } : {}),
      ...(patch.totals !== undefined ? { totals: JSON.stringify(patch.totals) } : {}),
      ...(patch.needsPriceApproval !== undefined ? { needs_price_approval: patch.needsPriceApproval } : {}),
      ...(patch.belowCost !== undefined ? { below_cost: patch.belowCost } : {}),
      ...(patch.contractNo !== undefined ? { contract_no: patch.contractNo } : {}),
    })
    .where('quote_no', '=', quoteNo)
    .returningAll()
    .executeTakeFirst();
}

export async function findQuote(db: Db, quoteNo: string): Promise<QuoteRow | undefined> {
  return db.selectFrom('quotes').selectAll().where('quote_no', '=', quoteNo).executeTakeFirst();
}

export async function findRevision(db: Db, quoteNo: string, revision: number): Promise<QuoteRevisionRow | undefined> {
  return db
    .selectFrom('quote_revisions')
    .selectAll()
    .where('quote_no', '=', quoteNo)
    .where('revision', '=', revision)
    .executeTakeFirst();
}

export async function listRevisions(db: Db, quoteNo: string): Promise<QuoteRevisionRow[]> {
  return db.selectFrom('quote_revisions').selectAll().where('quote_no', '=', quoteNo).orderBy('revision').execute();
}

export interface QuoteFilter {
  ownerIds?: readonly string[] | undefined;
  customerNo?: string | undefined;
  status?: QuoteStatus | undefined;
  q?: string | undefined;
  limit: number;
  offset: number;
}

export async function listQuotes(
  db: Db,
  f: QuoteFilter,
): Promise<{ rows: (QuoteRow & { customer_name: string })[]; total: number }> {
  let q = db.selectFrom('quotes').innerJoin('customers', 'customers.customer_no', 'quotes.customer_no');
  if (f.ownerIds) q = f.ownerIds.length ? q.where('quotes.owner_id', 'in', f.ownerIds) : q.where(sql<boolean>`false`);
  if (f.customerNo) q = q.where('quotes.customer_no', '=', f.customerNo);
  if (f.status) q = q.where('quotes.status', '=', f.status);
  if (f.q) {
    const like = `%${f.q.replace(/[\\%_]/g, (c) => `\\${c}`)}%`;
    q = q.where((eb) =>
      eb.or([
        eb('quotes.quote_no', 'ilike', like),
        eb('customers.full_name', 'ilike', like),
        eb('quotes.contract_no', 'ilike', like),
      ]),
    );
  }
  const [rows, count] = await Promise.all([
    q
      .selectAll('quotes')
      .select('customers.full_name as customer_name')
      .orderBy('quotes.created_at', 'desc')
      .limit(f.limit)
      .offset(f.offset)
      .execute(),
    q.select((eb) => eb.fn.countAll<number>().as('n')).executeTakeFirstOrThrow(),
  ]);
  return { rows, total: Number(count.n) };
}

/** Lines the customer was quoted before, newest first: what commerce compares a new price with. */
export async function findEarlierQuotedLines(db: Db, customerNo: string, exceptQuoteNo: string, limit = 50) {
  const rows = await db
    .selectFrom('quote_revisions')
    .innerJoin('quotes', 'quotes.quote_no', 'quote_revisions.quote_no')
    .select([
      'quotes.quote_no',
      'quotes.status',
      'quote_revisions.revision',
      'quote_revisions.lines',
      'quote_revisions.created_at',
    ])
    .where('quotes.customer_no', '=', customerNo)
    .where('quotes.quote_no', '!=', exceptQuoteNo)
    .whereRef('quote_revisions.revision', '=', 'quotes.revision')
    .orderBy('quote_revisions.created_at', 'desc')
    .limit(limit)
    .execute();
  return rows.flatMap((r) =>
    r.lines.map((l) => ({
      quoteNo: r.quote_no,
      status: r.status,
      revision: r.revision,
      quotedAt: r.created_at.toISOString(),
      line: l,
    })),
  );
}

export async function saveInternalQuote(
  trx: Transaction<Database>,
  i: { quoteNo: string; revision: number; feeItems: unknown[]; project: object; budget: CostBudget; enteredBy: string },
): Promise<void> {
  const values = {
    fee_items: JSON.stringify(i.feeItems),
    project: JSON.stringify(i.project),
    budget: JSON.stringify(i.budget),
    entered_by: i.enteredBy,
  };
  await trx
    .insertInto('internal_quotes')
    .values({ quote_no: i.quoteNo, revision: i.revision, ...values })
    .onConflict((oc) =>
      oc
        .columns(['quote_no', 'revision'])
        .doUpdateSet({ ...values, budget_approved_by: null, budget_approved_at: null }),
    )
    .execute();
}

/** The internal quote of a revision; its budget lines always carry their ids (older rows get them here). */
export async function findInternalQuote(
  db: Db,
  quoteNo: string,
  revision: number,
): Promise<InternalQuoteRow | undefined> {
  const row = await db
    .selectFrom('internal_quotes')
    .selectAll()
    .where('quote_no', '=', quoteNo)
    .where('revision', '=', revision)
    .executeTakeFirst();
  return row && { ...row, budget: withBudgetLineIds(row.budget) };
}

/**
 * Smart re-approval kept the cost budget: the latest earlier revision's internal quote (fee items,
 * project, budget and its approver) is carried to `revision` unchanged.
 */
export async function carryInternalQuote(trx: Transaction<Database>, quoteNo: string, revision: number): Promise<void> {
  const prev = await trx
    .selectFrom('internal_quotes')
    .selectAll()
    .where('quote_no', '=', quoteNo)
    .where('revision', '<', revision)
    .orderBy('revision', 'desc')
    .executeTakeFirst();
  if (!prev) throw new Error(`quote ${quoteNo} has no internal quote before revision ${revision}`);
  await trx
    .insertInto('internal_quotes')
    .values({
      quote_no: quoteNo,
      revision,
      fee_items: JSON.stringify(prev.fee_items),
      project: JSON.stringify(prev.project),
      budget: JSON.stringify(prev.budget),
      entered_by: prev.entered_by,
      budget_approved_by: prev.budget_approved_by,
      budget_approved_at: prev.budget_approved_at,
    })
    .onConflict((oc) => oc.columns(['quote_no', 'revision']).doNothing())
    .execute();
}

/** GM approval of the budget: marks it and writes the settlement basis 「結算依據」 from it. */
export async function approveBudget(
  trx: Transaction<Database>,
  quoteNo: string,
  revision: number,
  approvedBy: string,
  customerNo: string,
): Promise<void> {
  const iq = await trx
    .updateTable('internal_quotes')
    .set({ budget_approved_by: approvedBy, budget_approved_at: sql`now()` })
    .where('quote_no', '=', quoteNo)
    .where('revision', '=', revision)
    .returningAll()
    .executeTakeFirstOrThrow();
  await trx.deleteFrom('settlement_basis').where('quote_no', '=', quoteNo).where('revision', '=', revision).execute();
  if (iq.budget.lines.length === 0) return;
  await trx
    .insertInto('settlement_basis')
    .values(
      iq.budget.lines.map((l) => ({
        quote_no: quoteNo,
        revision,
        customer_no: customerNo,
        kind: l.kind,
        label: l.label,
        payer: l.payer ?? null,
        currency: l.currency,
        revenue: l.revenue,
        cost: l.cost,
      })),
    )
    .execute();
}

export async function latestTemplateVersion(db: Db): Promise<number> {
  const row = await db
    .selectFrom('contract_templates')
    .select((eb) => eb.fn.max('version').as('v'))
    .executeTakeFirstOrThrow();
  if (row.v === null) throw new Error('no contract template');
  return Number(row.v);
}

export async function findTemplate(db: Db, version: number) {
  return db.selectFrom('contract_templates').selectAll().where('version', '=', version).executeTakeFirst();
}

export async function saveContractDraft(
  trx: Transaction<Database>,
  quoteNo: string,
  templateVersion: number,
  changes: ClauseChange[],
  draftedBy: string,
): Promise<void> {
  const values = {
    template_version: templateVersion,
    clause_changes: JSON.stringify(changes),
    drafted_by: draftedBy,
    approvals: '[]',
    updated_at: sql<Date>`now()`,
  };
  await trx
    .insertInto('contracts')
    .values({ quote_no: quoteNo, ...values })
    .onConflict((oc) => oc.column('quote_no').doUpdateSet(values).where('contracts.contract_no', 'is', null))
    .execute();
}

export async function addContractApproval(
  trx: Transaction<Database>,
  quoteNo: string,
  approval: { role: string; userId: string; at: string },
): Promise<void> {
  await trx
    .updateTable('contracts')
    .set({ approvals: sql<string>`approvals || ${JSON.stringify([approval])}::jsonb`, updated_at: sql`now()` })
    .where('quote_no', '=', quoteNo)
    .execute();
}

export async function setContractNo(trx: Transaction<Database>, quoteNo: string, contractNo: string): Promise<void> {
  await trx
    .updateTable('contracts')
    .set({ contract_no: contractNo, numbered_at: sql`now()`, updated_at: sql`now()` })
    .where('quote_no', '=', quoteNo)
    .execute();
}

export async function recordSignature(
  trx: Transaction<Database>,
  quoteNo: string,
  signedOn: string,
  recordedBy: string,
): Promise<void> {
  await trx
    .updateTable('contracts')
    .set({ signed_on: signedOn, signed_recorded_by: recordedBy, updated_at: sql`now()` })
    .where('quote_no', '=', quoteNo)
    .execute();
}

export async function findContract(db: Db, quoteNo: string): Promise<ContractRow | undefined> {
  return db.selectFrom('contracts').selectAll().where('quote_no', '=', quoteNo).executeTakeFirst();
}

export async function saveCostAccounting(
  trx: Transaction<Database>,
  quoteNo: string,
  actuals: ActualCost[],
  sheet: CostAccountingSheet,
  enteredBy: string,
): Promise<void> {
  await trx
    .insertInto('cost_accountings')
    .values({
      quote_no: quoteNo,
      actuals: JSON.stringify(actuals),
      sheet: JSON.stringify(sheet),
      entered_by: enteredBy,
    })
    .onConflict((oc) => oc.column('quote_no').doNothing())
    .execute();
}

/**
 * The cost accounting of a costed quote (actuals and the actual-vs-budget sheet), if entered. A row
 * stored before budget line ids (actuals matched by label) is answered in today's form: its actuals
 * against the ids of the lines their labels named, the sheet recomputed from them (same amounts).
 */
export async function findCostAccounting(
  db: Db,
  quoteNo: string,
): Promise<(Omit<CostAccountingRow, 'actuals'> & { actuals: ActualCost[] }) | undefined> {
  const row = await db.selectFrom('cost_accountings').selectAll().where('quote_no', '=', quoteNo).executeTakeFirst();
  if (!row) return undefined;
  const current = row.actuals.filter((a): a is ActualCost => 'budgetLineId' in a || 'unbudgeted' in a);
  if (current.length === row.actuals.length) return { ...row, actuals: current };
  const quote = await findQuote(db, quoteNo);
  const iq = quote && (await findInternalQuote(db, quoteNo, quote.revision));
  if (!iq) return { ...row, actuals: actualsWithIds({ lines: [], totals: [] }, row.actuals) };
  const actuals = actualsWithIds(iq.budget, row.actuals);
  return { ...row, actuals, sheet: computeCostAccounting(iq.budget, actuals) };
}

/** Every contract template version, newest first. */
export async function listTemplates(db: Db) {
  return db.selectFrom('contract_templates').selectAll().orderBy('version', 'desc').execute();
}

/**
 * Publishes the next version of the standard terms (the latest + 1) inside `trx`, locking the table so
 * two publications cannot take the same number. Contracts drafted from now on use it; drafted ones keep theirs.
 */
export async function insertTemplate(
  trx: Transaction<Database>,
  t: { title: string; clauses: { no: string; title: string; text: string }[] },
) {
  await sql`lock table contract_templates in share row exclusive mode`.execute(trx);
  const version = (await latestTemplateVersion(trx)) + 1;
  return trx
    .insertInto('contract_templates')
    .values({ version, title: t.title, clauses: JSON.stringify(t.clauses) })
    .returningAll()
    .executeTakeFirstOrThrow();
}
