/**
 * A plan and summary 計劃與總結 (§2.1–§2.3): the salesperson writes it, submits it to their sales manager, who
 * accepts it or returns it with a comment; a returned one is revised and submitted again. Segregation of
 * duties: nobody accepts or returns their own (a salesperson acting as sales manager by delegation included).
 * Each state says its public status and whose turn it is (`meta`); each transition its rule (`may`).
 */
import { assign, setup } from 'xstate';
import { mayGuard, metaByStatus, type Permission } from './permission';
import type { AnyActor } from './roles';

export interface PlanContext {
  /** The salesperson who writes the report. */
  ownerId: string;
  /** Content changes since the state was entered (an edit is a step of its own: audited, idempotent). */
  edits?: number;
}

type Base = { actor: AnyActor; comment?: string | undefined };
export type PlanEvent =
  | (Base & { type: 'plan.updated' })
  | (Base & { type: 'plan.submitted' })
  | (Base & { type: 'plan.accepted' })
  | (Base & { type: 'plan.returned'; comment: string });

export const PLAN_STATUSES = ['draft', 'submitted', 'returned', 'accepted'] as const;
/** Public status of a plan, as the API shows it. */
export type PlanStatus = (typeof PLAN_STATUSES)[number];

export interface PlanStateMeta {
  status: PlanStatus;
  /** Role whose turn it is (null when nobody must act). */
  role: 'sales' | 'sales_manager' | null;
  labelZh: string;
  labelEn: string;
}

const may = (params: Permission) => ({ type: 'may', params }) as const;
const AUTHOR = { roles: ['sales'], self: 'ownerId' } as const satisfies Permission;
const MANAGER = { roles: ['sales_manager'], notBy: ['ownerId'] } as const satisfies Permission;

const editable = {
  'plan.updated': { guard: may(AUTHOR), actions: 'countEdit' },
  'plan.submitted': { target: 'submitted', guard: may(AUTHOR) },
} as const;

export const planMachine = setup({
  types: {
    context: {} as PlanContext,
    events: {} as PlanEvent,
    input: {} as PlanContext,
    meta: {} as PlanStateMeta,
  },
  guards: { may: mayGuard<PlanContext, PlanEvent>() },
  actions: { countEdit: assign({ edits: ({ context }) => (context.edits ?? 0) + 1 }) },
}).createMachine({
  id: 'plan',
  initial: 'draft',
  context: ({ input }) => ({ ownerId: input.ownerId }),
  states: {
    /** The salesperson writes it (targets, sections); actuals are computed whenever it is read. */
    draft: { meta: { status: 'draft', role: 'sales', labelZh: '草稿', labelEn: 'Draft' }, on: editable },
    /** Waiting for the author's sales manager. */
    submitted: {
      meta: {
        status: 'submitted',
        role: 'sales_manager',
        labelZh: '待業務經理審閱',
        labelEn: 'Waiting for the sales manager',
      },
      on: {
        'plan.accepted': { target: 'accepted', guard: may(MANAGER) },
        'plan.returned': { target: 'returned', guard: may({ ...MANAGER, comment: true }) },
      },
    },
    /** Returned with the manager's comment: the author revises and submits again. */
    returned: { meta: { status: 'returned', role: 'sales', labelZh: '已退回', labelEn: 'Returned' }, on: editable },
    /** Accepted by the sales manager; final. */
    accepted: { type: 'final', meta: { status: 'accepted', role: null, labelZh: '已接受', labelEn: 'Accepted' } },
  },
});

export type PlanSnapshot = ReturnType<typeof planMachine.resolveState>;
const BY_STATUS = metaByStatus<PlanStateMeta>(planMachine);
/** The facts of a stored status, read from the machine's states. */
export const planStatusFacts = (status: PlanStatus): PlanStateMeta => BY_STATUS[status]!;
/** The snapshot of a stored plan. */
export const planSnapshot = (status: PlanStatus, ownerId: string): PlanSnapshot =>
  planMachine.resolveState({ value: status, context: { ownerId } });

/** The steps of a plan a client sends: `POST /plans/{id}/{step}` (editing is `PUT /plans/{id}`). */
export const PLAN_STEPS = [
  {
    step: 'submit',
    method: 'POST',
    event: 'plan.submitted',
    labelZh: '提交業務經理',
    labelEn: 'Submit to the sales manager',
  },
  { step: 'accept', method: 'POST', event: 'plan.accepted', labelZh: '接受', labelEn: 'Accept' },
  { step: 'return', method: 'POST', event: 'plan.returned', labelZh: '退回', labelEn: 'Return' },
] as const satisfies readonly {
  step: string;
  method: 'POST';
  event: PlanEvent['type'];
  labelZh: string;
  labelEn: string;
}[];
