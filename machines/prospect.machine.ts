/**
 * The prospects pipeline 客戶開發 (§3.2.1–§3.2.4): a prospective customer moves lead 潛在客戶 → contacted 已聯絡
 * → appointment 已約見 → negotiating 洽談中 → signed 已簽約, or is lost 已流失 with a reason (and may be reopened).
 *
 * Rules, each on its transition as a `may` guard:
 * - the prospect's salesperson (`ownerId`) takes every step by hand; their manager and others only read;
 * - the risk assessment 風險評估 of the prospect's business and finances (§3.2.1) may be recorded in any open
 *   stage (a newer one replaces the one in force); **negotiating needs one** (422 `risk_assessment_required`):
 *   the terms of a first contract are negotiated only once the risk is known;
 * - `signed` is never set by hand: the system sets it when the quote chain records the customer's first
 *   contract signature (activities/quotes.activities.ts `markCustomerFormal`), from any stage, lost too.
 * Each state says its stage and labels (`meta`).
 */
import { assign, setup } from 'xstate';
import { mayGuard, metaByStatus, type Permission } from './permission';
import type { AnyActor } from './roles';

export interface ProspectContext {
  /** The salesperson who develops the prospect (the customer's owner). */
  ownerId: string;
  /** A risk assessment is on record. */
  assessed: boolean;
}

type Base = { actor: AnyActor; comment?: string | undefined };
export type ProspectEvent =
  | (Base & { type: 'prospect.contacted' })
  | (Base & { type: 'prospect.appointment_made' })
  | (Base & { type: 'prospect.negotiating' })
  | (Base & { type: 'prospect.lost'; comment: string })
  | (Base & { type: 'prospect.reopened' })
  | (Base & { type: 'prospect.assessed' })
  | (Base & { type: 'prospect.signed' });

export const PROSPECT_STAGES = ['lead', 'contacted', 'appointment', 'negotiating', 'signed', 'lost'] as const;
/** A prospect's stage, as stored and shown. */
export type ProspectStage = (typeof PROSPECT_STAGES)[number];
/** The stages still being worked on. */
export const OPEN_PROSPECT_STAGES = ['lead', 'contacted', 'appointment', 'negotiating'] as const;

export interface ProspectStageMeta {
  status: ProspectStage;
  labelZh: string;
  labelEn: string;
}

const may = (params: Permission) => ({ type: 'may', params }) as const;
const OWNER = { roles: ['sales'], self: 'ownerId' } as const satisfies Permission;
const SYSTEM = { roles: ['system'] } as const satisfies Permission;

/** What every open stage offers besides its own step forward: the risk assessment, lost, signed. */
const open = {
  'prospect.assessed': { guard: may(OWNER), actions: 'markAssessed' },
  'prospect.lost': { target: 'lost', guard: may({ ...OWNER, comment: true }) },
  'prospect.signed': { target: 'signed', guard: may(SYSTEM) },
} as const;

export const prospectMachine = setup({
  types: {
    context: {} as ProspectContext,
    events: {} as ProspectEvent,
    input: {} as ProspectContext,
    meta: {} as ProspectStageMeta,
  },
  guards: { may: mayGuard<ProspectContext, ProspectEvent>({ assessed: (c) => c.assessed }) },
  actions: { markAssessed: assign({ assessed: () => true }) },
}).createMachine({
  id: 'prospect',
  initial: 'lead',
  context: ({ input }) => ({ ownerId: input.ownerId, assessed: input.assessed }),
  states: {
    lead: {
      meta: { status: 'lead', labelZh: '潛在客戶', labelEn: 'Lead' },
      on: {
        ...open,
        'prospect.contacted': { target: 'contacted', guard: may(OWNER) },
      },
    },
    contacted: {
      meta: { status: 'contacted', labelZh: '已聯絡', labelEn: 'Contacted' },
      on: {
        ...open,
        'prospect.appointment_made': { target: 'appointment', guard: may(OWNER) },
      },
    },
    appointment: {
      meta: { status: 'appointment', labelZh: '已約見', labelEn: 'Appointment' },
      on: {
        ...open,
        'prospect.negotiating': {
          target: 'negotiating',
          guard: may({
            ...OWNER,
            when: 'assessed',
            unmet: {
              reason: 'risk_assessment_required',
              message: 'Record the risk assessment 風險評估 of the prospect before negotiating a contract',
            },
          }),
        },
      },
    },
    negotiating: {
      meta: { status: 'negotiating', labelZh: '洽談中', labelEn: 'Negotiating' },
      on: open,
    },
    /** Lost with its reason; the salesperson may take it up again, and a contract signed later still wins it. */
    lost: {
      meta: { status: 'lost', labelZh: '已流失', labelEn: 'Lost' },
      on: {
        'prospect.reopened': { target: 'contacted', guard: may(OWNER) },
        'prospect.signed': { target: 'signed', guard: may(SYSTEM) },
      },
    },
    /** The customer signed its first contract: won, final. */
    signed: { type: 'final', meta: { status: 'signed', labelZh: '已簽約', labelEn: 'Contract signed' } },
  },
});

export type ProspectSnapshot = ReturnType<typeof prospectMachine.resolveState>;
const BY_STAGE = metaByStatus<ProspectStageMeta>(prospectMachine);
/** The labels of a stage, read from the machine's states. */
export const prospectStageFacts = (stage: ProspectStage): ProspectStageMeta => BY_STAGE[stage]!;
/** The snapshot of a stored prospect. */
export const prospectSnapshot = (stage: ProspectStage, ownerId: string, assessed: boolean): ProspectSnapshot =>
  prospectMachine.resolveState({ value: stage, context: { ownerId, assessed } });

/** The steps a client sends: `POST /prospects/{id}/{step}`. */
export const PROSPECT_STEPS = [
  { step: 'contact', method: 'POST', event: 'prospect.contacted', labelZh: '已聯絡', labelEn: 'Contacted' },
  {
    step: 'appointment',
    method: 'POST',
    event: 'prospect.appointment_made',
    labelZh: '已約見',
    labelEn: 'Appointment made',
  },
  {
    step: 'negotiate',
    method: 'POST',
    event: 'prospect.negotiating',
    labelZh: '開始洽談',
    labelEn: 'Start negotiating',
  },
  {
    step: 'risk-assessment',
    method: 'POST',
    event: 'prospect.assessed',
    labelZh: '記錄風險評估',
    labelEn: 'Record the risk assessment',
  },
  { step: 'lose', method: 'POST', event: 'prospect.lost', labelZh: '標記流失', labelEn: 'Mark as lost' },
  { step: 'reopen', method: 'POST', event: 'prospect.reopened', labelZh: '重新跟進', labelEn: 'Reopen' },
] as const satisfies readonly {
  step: string;
  method: 'POST';
  event: ProspectEvent['type'];
  labelZh: string;
  labelEn: string;
}[];
