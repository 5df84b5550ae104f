/**
 * Standard tariff version 「原始報價」 (§3.3.2): commerce drafts, the GM approves, the system locks.
 * A locked version never changes again; changes come as new versions (tariff-change.machine.ts).
 * Each state says its public status and whose turn it is (`meta`); each transition its rule (`may`).
 */
import { assign, setup } from 'xstate';
import { mayGuard, metaByStatus, metaOf, type Permission } from './permission';
import type { AnyActor } from './roles';

export interface TariffContext {
  versionNo: number;
  draftedBy: string;
  lineCount: number;
  submittedBy?: string;
  approvedBy?: string;
}

type Base = { actor: AnyActor; comment?: string | undefined };
export type TariffEvent =
  | (Base & { type: 'lines.replaced'; lineCount: number })
  | (Base & { type: 'tariff.submitted' })
  | (Base & { type: 'tariff.approved' })
  | (Base & { type: 'tariff.returned'; comment: string })
  | (Base & { type: 'tariff.discarded' });

/** Public status of a tariff version, as the API shows it. */
export type TariffStatus = 'draft' | 'pending_gm' | 'locked' | 'discarded';

export interface TariffStateMeta {
  status: TariffStatus;
  /** Role whose turn it is (null when nobody must act). */
  role: 'commerce' | 'gm' | null;
}

const may = (params: Permission) => ({ type: 'may', params }) as const;
const COMMERCE = { roles: ['commerce'] } as const satisfies Permission;

export const tariffMachine = setup({
  types: {
    context: {} as TariffContext,
    events: {} as TariffEvent,
    input: {} as { versionNo: number; draftedBy: string; lineCount: number },
    meta: {} as TariffStateMeta,
  },
  guards: {
    may: mayGuard<TariffContext, TariffEvent>({ hasLines: (context) => context.lineCount > 0 }),
  },
}).createMachine({
  id: 'tariff',
  initial: 'draft',
  context: ({ input }) => ({ versionNo: input.versionNo, draftedBy: input.draftedBy, lineCount: input.lineCount }),
  states: {
    /** Commerce edits the lines. */
    draft: {
      meta: { status: 'draft', role: 'commerce' },
      on: {
        'lines.replaced': {
          guard: may(COMMERCE),
          actions: assign({ lineCount: ({ event }) => (event.type === 'lines.replaced' ? event.lineCount : 0) }),
        },
        'tariff.submitted': {
          target: 'pendingGm',
          guard: may({
            ...COMMERCE,
            when: 'hasLines',
            unmet: {
              reason: 'no_lines',
              message: 'An empty draft cannot be submitted: add lines first (草稿沒有價目，請先新增價目再提交)',
            },
          }),
          actions: assign({ submittedBy: ({ event }) => event.actor.id }),
        },
        'tariff.discarded': { target: 'discarded', guard: may(COMMERCE) },
      },
    },
    /** Waiting for the GM to approve or return; the GM who approves did not submit it (segregation of duties). */
    pendingGm: {
      meta: { status: 'pending_gm', role: 'gm' },
      on: {
        'tariff.approved': {
          target: 'locked',
          guard: may({ roles: ['gm'], notBy: ['submittedBy'] }),
          actions: assign({ approvedBy: ({ event }) => event.actor.id }),
        },
        'tariff.returned': { target: 'draft', guard: may({ roles: ['gm'], comment: true }) },
      },
    },
    /** Approved and locked by the system: in force from its effective date. */
    locked: { type: 'final', meta: { status: 'locked', role: null } },
    /** Dropped before approval. */
    discarded: { type: 'final', meta: { status: 'discarded', role: null } },
  },
});

export type TariffSnapshot = ReturnType<typeof tariffMachine.resolveState>;
/** The facts of the snapshot's state. */
export const tariffStateOf = (s: TariffSnapshot): TariffStateMeta => metaOf<TariffStateMeta>(s);
const BY_STATUS = metaByStatus<TariffStateMeta>(tariffMachine);
/** The facts of a stored status, read from the machine's states. */
export const tariffStatusFacts = (status: TariffStatus): TariffStateMeta => BY_STATUS[status]!;

/** The steps of a version a client sends: `POST /tariffs/{no}/{step}` (editing lines is `PUT …/lines`). */
export const TARIFF_STEPS = [
  { step: 'lines', method: 'PUT', event: 'lines.replaced', labelZh: '修改明細', labelEn: 'Edit lines' },
  { step: 'submit', method: 'POST', event: 'tariff.submitted', labelZh: '提交總經理', labelEn: 'Submit to GM' },
  { step: 'approve', method: 'POST', event: 'tariff.approved', labelZh: '核准並鎖定', labelEn: 'Approve and lock' },
  { step: 'return', method: 'POST', event: 'tariff.returned', labelZh: '退回', labelEn: 'Return' },
  { step: 'discard', method: 'POST', event: 'tariff.discarded', labelZh: '作廢草稿', labelEn: 'Discard draft' },
] as const satisfies readonly {
  step: string;
  method: 'POST' | 'PUT';
  event: TariffEvent['type'];
  labelZh: string;
  labelEn: string;
}[];
