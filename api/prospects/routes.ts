/**
 * The prospects pipeline 客戶開發 (issue 14, §3.2.1–§3.2.4): a salesperson takes one of their prospective
 * customers (預備) into the pipeline — lead → contacted → appointment → negotiating → contract signed, or lost
 * with a reason — and records the risk assessment 風險評估 of its business and finances, needed before
 * negotiating (machines/prospect.machine.ts). `signed` follows the first contract's signature (the quote
 * chain's `markCustomerFormal`), never a button. Sales managers read their team's, the marketing manager,
 * the GM and auditors all. Every change is audited (`prospect`, `<id>`) and idempotent (Idempotency-Key).
 */
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Transaction } from 'kysely';
import { transition } from 'xstate';
import { appendAudit, findAuditByKey } from '../../db/audit.repository';
import { findCustomerByNo } from '../../db/customer.repository';
import type { Database } from '../../db/database';
import type { ProspectRow } from '../../db/plan.table';
import {
  findProspect,
  findProspectByCustomer,
  insertProspect,
  insertRiskAssessment,
  latestRiskAssessment,
  listProspects,
  lockProspect,
  setProspectStage,
} from '../../db/prospect.repository';
import { findDisplayNames } from '../../db/user.repository';
import { refusalNames, stateLabel } from '../../domain/labels';
import { AppError } from '../../lib/errors';
import { refusalOf } from '../../machines/permission';
import {
  PROSPECT_STAGES,
  prospectMachine,
  prospectSnapshot,
  type ProspectEvent,
  type ProspectStage,
} from '../../machines/prospect.machine';
import { actorOf, idempotencyKeyOf, requireRole, type CurrentUser } from '../auth';
import type { ApiDeps } from '../deps';
import { IdempotencyHeaders } from '../idempotency';
import { once } from '../receivables/entries';
import { commentBody, errorResponses, requiredCommentBody } from '../schemas';
import {
  CreateProspectBody,
  ProspectList,
  ProspectParams,
  ProspectQuery,
  ProspectView,
  RiskAssessmentBody,
} from './schemas';
import {
  PROSPECT_READERS,
  PROSPECT_WRITERS,
  prospectListActions,
  prospectSalespeople,
  prospectScopeOf,
  prospectView,
  toProspectSummary,
  visibleProspect,
} from './views';

const RECORD = 'prospect';

/** The machine's verdict on `event` for a prospect: the next stage, or the refusal as an AppError. */
function nextStage(p: ProspectRow, assessed: boolean, event: ProspectEvent): ProspectStage {
  const snapshot = prospectSnapshot(p.stage, p.owner_id, assessed);
  const refused = refusalOf(snapshot, event, p.stage, refusalNames(RECORD));
  if (refused) throw new AppError(refused.kind, refused.message, { reason: refused.reason, ...refused.details });
  return transition(prospectMachine, snapshot, event)[0].value as ProspectStage;
}

export function prospectRoutes(deps: ApiDeps): FastifyPluginAsyncZod {
  return async (app) => {
    /** The prospect with its customer, when `user` may see it (404 otherwise). */
    const load = async (user: CurrentUser, id: number) => {
      const p = visibleProspect(await prospectScopeOf(deps.db, user), id, await findProspect(deps.db, id));
      const c = await findCustomerByNo(deps.db, p.customer_no);
      return { ...p, customer_name: c?.full_name ?? p.customer_no, customer_status: c?.status ?? 'unknown' };
    };

    app.post(
      '/prospects',
      {
        schema: {
          tags: ['prospects'],
          summary: 'A salesperson takes one of their prospective customers (預備) into the pipeline as a lead',
          headers: IdempotencyHeaders,
          body: CreateProspectBody,
          response: { 201: ProspectView, 200: ProspectView, ...errorResponses },
        },
      },
      async (req, reply) => {
        const user = requireRole(req, PROSPECT_WRITERS, 'develop prospects');
        const key = idempotencyKeyOf(req);
        const b = req.body;
        const { ref, replay } = await once(deps.db, user.id, RECORD, key, async (trx) => {
          const customer = await findCustomerByNo(trx, b.customerNo);
          if (!customer || customer.owner_id !== user.id)
            throw new AppError('not_found', `查無客戶 ${b.customerNo} No customer ${b.customerNo}`, {
              field: 'customerNo',
            });
          const name = `${customer.customer_no} ${customer.full_name}`;
          if (customer.status !== 'prospective') {
            const status = stateLabel('customer', customer.status)!;
            throw new AppError(
              'unprocessable',
              `客戶 ${name} 是「${status.zh}」：只有預備客戶才能作為潛在客戶開發 Customer ${name} is '${status.en}': only a prospective customer (預備) is developed as a prospect`,
              { reason: 'not_prospective', field: 'customerNo', status: customer.status },
            );
          }
          const taken = await findProspectByCustomer(trx, b.customerNo);
          if (taken) {
            const stage = stateLabel('prospect', taken.stage)!;
            throw new AppError(
              'conflict',
              `客戶 ${name} 已在開發中（${stage.zh}） Customer ${name} is in the pipeline already ('${stage.en}')`,
              { reason: 'duplicate', prospectId: taken.id },
            );
          }
          const row = await insertProspect(trx, {
            customerNo: b.customerNo,
            ownerId: user.id,
            source: b.source ?? null,
            note: b.note ?? null,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(row.id),
            action: 'prospect.created',
            toState: 'lead',
            changes: { customerNo: b.customerNo, source: b.source ?? null },
            idempotencyKey: key,
          });
          return row.id;
        });
        return reply.status(replay ? 200 : 201).send(await prospectView(deps.db, user, await load(user, ref)));
      },
    );

    const stepRoute = (
      step: 'contact' | 'appointment' | 'negotiate' | 'lose' | 'reopen',
      type: ProspectEvent['type'],
      summary: string,
    ) =>
      app.post(
        `/prospects/:prospectId/${step}`,
        {
          schema: {
            tags: ['prospects'],
            summary,
            headers: IdempotencyHeaders,
            params: ProspectParams,
            body: step === 'lose' ? requiredCommentBody : commentBody.nullish(),
            response: { 200: ProspectView, ...errorResponses },
          },
        },
        async (req) => {
          const user = requireRole(req, PROSPECT_WRITERS, `${step} prospects`);
          const key = idempotencyKeyOf(req);
          const { prospectId } = req.params;
          await load(user, prospectId);
          const comment = (req.body as { comment?: string | null } | null | undefined)?.comment ?? null;
          await deps.db.transaction().execute(async (trx: Transaction<Database>) => {
            if (await findAuditByKey(trx, RECORD, String(prospectId), key)) return; // a retry: answered below
            const p = (await lockProspect(trx, prospectId))!;
            const assessed = Boolean(await latestRiskAssessment(trx, p.customer_no));
            const event = { type, actor: actorOf(user), ...(comment ? { comment } : {}) } as ProspectEvent;
            const next = nextStage(p, assessed, event);
            await setProspectStage(trx, prospectId, next, next === 'lost' ? comment : null);
            await appendAudit(trx, {
              actorId: user.id,
              actorRole: user.role,
              recordType: RECORD,
              recordId: String(prospectId),
              action: type,
              fromState: p.stage,
              toState: next,
              comment,
              changes: next === 'lost' ? { lostReason: comment } : {},
              idempotencyKey: key,
            });
          });
          return prospectView(deps.db, user, await load(user, prospectId));
        },
      );
    stepRoute('contact', 'prospect.contacted', 'The salesperson has contacted the lead');
    stepRoute('appointment', 'prospect.appointment_made', 'The salesperson has an appointment with the prospect');
    stepRoute(
      'negotiate',
      'prospect.negotiating',
      'The salesperson negotiates a contract with the prospect (needs the risk assessment: 422 risk_assessment_required)',
    );
    stepRoute('lose', 'prospect.lost', 'The prospect is lost; the comment is the reason');
    stepRoute('reopen', 'prospect.reopened', 'The salesperson takes a lost prospect up again (contacted)');

    app.post(
      '/prospects/:prospectId/risk-assessment',
      {
        schema: {
          tags: ['prospects'],
          summary:
            'The salesperson records the risk assessment 風險評估 of the prospect’s business and finances (§3.2.1); a newer one replaces the one in force',
          headers: IdempotencyHeaders,
          params: ProspectParams,
          body: RiskAssessmentBody,
          response: { 200: ProspectView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, PROSPECT_WRITERS, 'assess prospects');
        const key = idempotencyKeyOf(req);
        const { prospectId } = req.params;
        await load(user, prospectId);
        const b = req.body;
        await deps.db.transaction().execute(async (trx: Transaction<Database>) => {
          if (await findAuditByKey(trx, RECORD, String(prospectId), key)) return;
          const p = (await lockProspect(trx, prospectId))!;
          const assessed = Boolean(await latestRiskAssessment(trx, p.customer_no));
          nextStage(p, assessed, { type: 'prospect.assessed', actor: actorOf(user) });
          const a = await insertRiskAssessment(trx, {
            customerNo: p.customer_no,
            businessScope: b.businessScope,
            yearsTrading: b.yearsTrading,
            annualContainers: b.annualContainers,
            financialStanding: b.financialStanding,
            paymentHistory: b.paymentHistory,
            rating: b.riskLevel,
            reasons: b.reasons,
            assessedBy: user.id,
          });
          await appendAudit(trx, {
            actorId: user.id,
            actorRole: user.role,
            recordType: RECORD,
            recordId: String(prospectId),
            action: 'prospect.assessed',
            fromState: p.stage,
            toState: p.stage,
            changes: { assessmentId: a.id, riskLevel: b.riskLevel, yearsTrading: b.yearsTrading },
            idempotencyKey: key,
          });
        });
        return prospectView(deps.db, user, await load(user, prospectId));
      },
    );

    app.get(
      '/prospects',
      {
        schema: {
          tags: ['prospects'],
          summary:
            'Prospects in sight (own, the team’s, or all), of one salesperson when `ownerId` names one, by stage, latest stage change first; counts per stage',
          querystring: ProspectQuery,
          response: { 200: ProspectList, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, PROSPECT_READERS, 'read prospects');
        const scope = await prospectScopeOf(deps.db, user);
        const { rows, total, byStage } = await listProspects(deps.db, { ...req.query, ownerIds: scope });
        const names = await findDisplayNames(
          deps.db,
          rows.map((r) => r.owner_id),
        );
        return {
          total,
          items: rows.map((r) => toProspectSummary(r, names)),
          byStage: PROSPECT_STAGES.map((stage) => ({
            stage,
            stageLabel: stateLabel('prospect', stage)!,
            count: byStage[stage] ?? 0,
          })),
          salespeople: await prospectSalespeople(deps.db, user),
          actions: prospectListActions(user),
        };
      },
    );

    app.get(
      '/prospects/:prospectId',
      {
        schema: {
          tags: ['prospects'],
          summary:
            'One prospect: stage, risk assessment in force, the customer’s quotes and contracts, actions, history',
          params: ProspectParams,
          response: { 200: ProspectView, ...errorResponses },
        },
      },
      async (req) => {
        const user = requireRole(req, PROSPECT_READERS, 'read prospects');
        return prospectView(deps.db, user, await load(user, req.params.prospectId));
      },
    );
  };
}
