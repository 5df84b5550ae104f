/**
 * The printed documents of a quote: quote sheet 「初始報價單」 (once commerce approved), cost budget
 * sheet 「成本預算表」 (once generated) and contract 「合同書」 (once numbered). Built from the records.
 */
import { requireBudgetReader } from './budget-access';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import { z } from 'zod';
import { COMPANY_DEFAULT } from '../../documents/company';
import { renderContract, renderCostBudgetSheet, renderQuoteSheet } from '../../documents/render';
import type { QuoteSheetLine } from '../../documents/types';
import { listAuditForRecord } from '../../db/audit.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import { findContract, findInternalQuote, findRevision, findTemplate } from '../../db/quote.repository';
import type { QuoteRow } from '../../db/quote.table';
import { findDisplayNames, findUserById } from '../../db/user.repository';
import { businessDateTime, businessToday } from '../../lib/dates';
import { AppError } from '../../lib/errors';
import { PRICE_UNIT_LABELS, SERVICE_TYPE_LABELS } from '../../machines/catalog';
import { ROLE_LABELS, type Role } from '../../machines/roles';
import type { PricedLine } from '../../lib/pricing';
import { currentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { errorResponses } from '../schemas';
import { QuoteParams } from './schemas';
import { loadQuote } from './views';
import { bilingual, RECORD_NAMES, REFUSAL_TEXT } from '../../machines/refusal-text';

const AFTER_COMMERCE_APPROVAL = new Set([
  'awaiting_customer',
  'internal_quote',
  'budget_review',
  'contract_drafting',
  'contract_review',
  'contract_approval',
  'contract_issued',
  'signed',
  'costed',
]);

const sheetLine = (l: PricedLine): QuoteSheetLine => ({
  lineNo: l.lineNo,
  serviceLabel: SERVICE_TYPE_LABELS[l.serviceType],
  route: `${l.routeFrom} → ${l.routeTo}`,
  commodity: l.commodity,
  unitLabel: PRICE_UNIT_LABELS[l.unit],
  currency: l.currency,
  unitPrice: l.quotedPrice,
  quantity: l.quantity,
  amount: l.amount,
});

async function parties(deps: ApiDeps, q: QuoteRow) {
  const c = await findCustomerByNo(deps.db, q.customer_no);
  if (!c) throw new AppError('not_found', REFUSAL_TEXT.notFound(RECORD_NAMES.customer, q.customer_no));
  return {
    company: COMPANY_DEFAULT,
    customer: {
      name: c.full_name,
      address: c.address,
      phone: c.phone,
      fax: c.fax,
      contactPerson: c.contact_person,
      customerNo: c.customer_no,
    },
  };
}

export function quoteDocuments(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    const pdf = {
      tags: ['documents'],
      params: QuoteParams,
      produces: ['application/pdf'],
      response: { 200: z.unknown().describe('The PDF document'), ...errorResponses },
    };

    app.get(
      '/quotes/:quoteNo/quote-sheet.pdf',
      { schema: { ...pdf, summary: 'Quote sheet 「初始報價單」 (after commerce approval)' } },
      async (req, reply) => {
        const q = await loadQuote(deps, currentUser(req), req.params.quoteNo);
        if (!AFTER_COMMERCE_APPROVAL.has(q.status))
          throw new AppError(
            'conflict',
            bilingual(
              '商務核准報價後才能列印報價單',
              'The quote sheet can be printed once commerce has approved the quote',
            ),
          );
        const rev = (await findRevision(deps.db, q.quote_no, q.revision))!;
        const owner = await findUserById(deps.db, q.owner_id);
        const body = await renderQuoteSheet({
          ...(await parties(deps, q)),
          quoteNo: q.quote_no,
          revision: q.revision,
          issuedOn: businessToday(rev.created_at),
          validUntil: q.valid_until,
          salesperson: owner?.display_name ?? q.owner_id,
          lines: rev.lines.map(sheetLine),
          totals: rev.totals,
          notes: [
            '本報價依據公司標準報價，價格以所列幣別計算。 Prices follow the company tariff, in the currencies shown.',
          ],
          generatedAt: q.updated_at.toISOString(),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${q.quote_no}-quote.pdf"`)
          .send(body);
      },
    );

    app.get(
      '/quotes/:quoteNo/cost-budget.pdf',
      { schema: { ...pdf, summary: 'Cost budget sheet 「成本預算表」 (once the internal quote is entered)' } },
      async (req, reply) => {
        const q = await loadQuote(deps, await requireBudgetReader(deps, req), req.params.quoteNo);
        const iq = await findInternalQuote(deps.db, q.quote_no, q.revision);
        if (!iq)
          throw new AppError(
            'conflict',
            bilingual(
              '商務填寫內部報價後才有成本預算表',
              'The cost budget exists once commerce has entered the internal quote',
            ),
          );
        const names = await findDisplayNames(deps.db, iq.budget_approved_by ? [iq.budget_approved_by] : []);
        const body = await renderCostBudgetSheet({
          ...(await parties(deps, q)),
          quoteNo: q.quote_no,
          revision: q.revision,
          lines: iq.budget.lines,
          totals: iq.budget.totals,
          approvedBy: iq.budget_approved_by ? (names.get(iq.budget_approved_by) ?? iq.budget_approved_by) : null,
          approvedAt: iq.budget_approved_at ? businessDateTime(iq.budget_approved_at) : null,
          generatedAt: (iq.budget_approved_at ?? iq.created_at).toISOString(),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${q.quote_no}-budget.pdf"`)
          .send(body);
      },
    );

    app.get(
      '/quotes/:quoteNo/contract.pdf',
      { schema: { ...pdf, summary: 'Contract 「合同書」 (once the GM approved and the number is issued)' } },
      async (req, reply) => {
        const q = await loadQuote(deps, currentUser(req), req.params.quoteNo);
        const contract = await findContract(deps.db, q.quote_no);
        if (!contract?.contract_no)
          throw new AppError(
            'conflict',
            bilingual(
              '總經理核准且合同編號發出後才能列印合同',
              'The contract can be printed once the GM has approved it and its number is issued',
            ),
          );
        const [template, rev, history] = await Promise.all([
          findTemplate(deps.db, contract.template_version),
          findRevision(deps.db, q.quote_no, q.revision),
          listAuditForRecord(deps.db, 'quote', q.quote_no),
        ]);
        const changes = new Map(contract.clause_changes.map((c) => [c.no, c]));
        const clauses = (template?.clauses ?? []).map((c) =>
          changes.has(c.no) ? { ...changes.get(c.no)!, changed: true } : c,
        );
        for (const c of contract.clause_changes)
          if (!clauses.some((x) => x.no === c.no)) clauses.push({ ...c, changed: true });
        const approved = history.filter((h) =>
          ['review.approved', 'budget.approved', 'contract.reviewed', 'contract.approved'].includes(h.action),
        );
        const names = await findDisplayNames(
          deps.db,
          approved.flatMap((h) => [h.actor_id, ...(h.on_behalf_of ? [h.on_behalf_of] : [])]),
        );
        const nameOf = (id: string) => names.get(id) ?? id;
        const approvals = approved.map((h) => ({
          role: ROLE_LABELS[h.actor_role as Role] ?? h.actor_role,
          name: h.on_behalf_of
            ? `${nameOf(h.actor_id)}（代 ${nameOf(h.on_behalf_of)} on behalf of）`
            : nameOf(h.actor_id),
          at: businessDateTime(h.occurred_at),
        }));
        const body = await renderContract({
          ...(await parties(deps, q)),
          contractNo: contract.contract_no,
          quoteNo: q.quote_no,
          templateVersion: contract.template_version,
          signedOn: contract.signed_on,
          services: (rev?.lines ?? []).map(sheetLine),
          totals: rev?.totals ?? [],
          clauses,
          approvals,
          generatedAt: (contract.numbered_at ?? contract.updated_at).toISOString(),
        });
        return reply
          .type('application/pdf')
          .header('content-disposition', `inline; filename="${contract.contract_no}.pdf"`)
          .send(body);
      },
    );
  };
}
