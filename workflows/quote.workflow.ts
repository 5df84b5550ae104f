/**
 * `quote-<quoteNo>`: one quote from draft to signed contract and cost accounting (machines/quote.machine.ts).
 * Steps arrive as Updates; each accepted step is recorded by one idempotent activity. Two durable timers
 * run beside the steps: the current step's due time (→ overdue, reminders) and the quote's expiry.
 */
import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import {
  QUOTE_COMMENT_REQUIRED,
  QUOTE_EVENT_ROLES,
  QUOTE_EXPIRING,
  QUOTE_PENDING_ROLE,
  QUOTE_STATUS_OF,
  QUOTE_STEP_DUE,
  quoteMachine,
  type QuoteEvent,
  type QuoteStatus,
} from '../machines/quote.machine';
import type { Actor, Role } from '../machines/roles';
import { acts } from './activities';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { CustomerNo, OwnerId, PendingRole, QuoteStage } from './search-attributes';
import {
  quoteStatusQuery,
  quoteStepUpdate,
  quoteViewUpdate,
  type QuoteCommand,
  type QuoteView,
  type QuoteWorkflowInput,
} from './quote.definitions';

type Snapshot = ReturnType<typeof initialTransition<typeof quoteMachine>>[0];
const statusOf = (s: Snapshot): QuoteStatus => QUOTE_STATUS_OF[String(s.value)] ?? 'draft';
const rules: StepRules = {
  roles: QUOTE_EVENT_ROLES as Record<string, readonly Role[]>,
  commentRequired: QUOTE_COMMENT_REQUIRED,
  status: (s) => statusOf(s as Snapshot),
};
const SYSTEM: Actor = { id: 'system', role: 'system' as Role };

export async function quoteWorkflow(input: QuoteWorkflowInput): Promise<QuoteView> {
  const serial = new Serial();
  // Placeholder until the first pricing says whether the draft needs price approval.
  let [snapshot] = initialTransition(quoteMachine, { quoteNo: input.quoteNo, ownerId: input.ownerId, needsPriceApproval: false, belowCost: false });
  let expiresAt = Date.parse(input.expiresAt);
  let validUntil = input.validUntil;
  let contractNo: string | null = null;
  let dueAt: number | null = null;
  /** Bumped on every transition, so a timer knows whether the step it watched is still current. */
  let seq = 0;

  const view = (): QuoteView => {
    const status = statusOf(snapshot);
    return {
      quoteNo: input.quoteNo,
      status,
      pendingRole: QUOTE_PENDING_ROLE[status],
      revision: snapshot.context.revision,
      needsPriceApproval: snapshot.context.needsPriceApproval,
      belowCost: snapshot.context.belowCost,
      overdue: snapshot.context.overdue,
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      contractNo,
    };
  };

  const dueFor = (status: QuoteStatus): number | null => {
    const key = QUOTE_STEP_DUE[status];
    const ms = key ? input.sla[key] : undefined;
    return ms ? Date.now() + ms : null;
  };

  const publish = () => {
    const status = statusOf(snapshot);
    upsertSearchAttributes([
      { key: QuoteStage, value: status },
      { key: PendingRole, value: QUOTE_PENDING_ROLE[status] },
      { key: CustomerNo, value: input.customerNo },
      { key: OwnerId, value: input.ownerId },
    ]);
  };

  /** Applies one event: prices a revision first when needed, records the step, then commits the state. */
  const apply = async (cmd: QuoteCommand): Promise<void> => {
    let event = cmd.event as QuoteEvent;
    let priced: Awaited<ReturnType<typeof acts.priceQuoteRevision>> | undefined;
    if (isRevision(event)) {
      priced = await acts.priceQuoteRevision({ tariffVersionNo: input.tariffVersionNo, ownerId: input.ownerId, lines: cmd.lines ?? [] });
      event = { ...event, needsPriceApproval: priced.needsPriceApproval, belowCost: priced.belowCost } as QuoteEvent;
    }
    const [next] = transition(quoteMachine, snapshot, event);
    const to = statusOf(next);
    const nextDue = to === statusOf(snapshot) && event.type === 'quote.revised' ? dueAt : dueFor(to);
    const result = await acts.recordQuoteStep({
      quoteNo: input.quoteNo,
      customerNo: input.customerNo,
      ownerId: input.ownerId,
      actor: event.actor,
      action: event.type,
      fromState: statusOf(snapshot),
      toState: to,
      comment: event.comment,
      idempotencyKey: cmd.idempotencyKey,
      revision: next.context.revision,
      pendingRole: QUOTE_PENDING_ROLE[to],
      dueAt: nextDue === null ? null : new Date(nextDue).toISOString(),
      ...(priced ? { priced, validUntil: cmd.validUntil ?? validUntil } : {}),
      ...(cmd.internal ? { internal: cmd.internal } : {}),
      ...(cmd.contract ? { contract: cmd.contract } : {}),
      ...(cmd.signedOn ? { signedOn: cmd.signedOn } : {}),
      ...(cmd.actuals ? { actuals: cmd.actuals } : {}),
    });
    if (result.contractNo) contractNo = result.contractNo;
    if (priced && cmd.validUntil && cmd.expiresAt) {
      validUntil = cmd.validUntil;
      expiresAt = Date.parse(cmd.expiresAt);
    }
    snapshot = next;
    dueAt = nextDue;
    seq += 1;
    publish();
  };

  // The draft is recorded before any handler exists, so buffered updates see it.
  const initial = serial.run(async () => {
    const priced = await acts.priceQuoteRevision({ tariffVersionNo: input.tariffVersionNo, ownerId: input.ownerId, lines: input.lines });
    [snapshot] = initialTransition(quoteMachine, {
      quoteNo: input.quoteNo,
      ownerId: input.ownerId,
      needsPriceApproval: priced.needsPriceApproval,
      belowCost: priced.belowCost,
    });
    await acts.recordQuoteStep({
      quoteNo: input.quoteNo,
      customerNo: input.customerNo,
      ownerId: input.ownerId,
      actor: input.actor,
      action: 'quote.drafted',
      fromState: null,
      toState: 'draft',
      idempotencyKey: input.idempotencyKey,
      revision: 1,
      pendingRole: 'sales',
      dueAt: null,
      priced,
      validUntil,
      tariffVersionNo: input.tariffVersionNo,
    });
    publish();
  });

  serveProcess({
    serial,
    snapshot: () => snapshot,
    rules,
    view,
    query: quoteStatusQuery,
    viewUpdate: quoteViewUpdate,
    stepUpdate: quoteStepUpdate,
    // A revision's pricing outcome is not known yet; either outcome is acceptable to the guards.
    judged: (cmd: QuoteCommand) => ({ ...cmd.event, ...(isRevision(cmd.event) ? { needsPriceApproval: false, belowCost: false } : {}) }) as QuoteEvent,
    apply,
  });
  await initial;

  // Timers: the current step's due time and the quote's expiry, whichever comes first.
  while (snapshot.status !== 'done') {
    const watched = seq;
    const status = statusOf(snapshot);
    const expiring = QUOTE_EXPIRING.includes(status);
    const candidates = [!snapshot.context.overdue && dueAt !== null ? dueAt : Infinity, expiring ? expiresAt : Infinity];
    const wakeAt = Math.min(...candidates);
    const changed = await (wakeAt === Infinity
      ? condition(() => seq !== watched || snapshot.status === 'done').then(() => true)
      : condition(() => seq !== watched || snapshot.status === 'done', Math.max(wakeAt - Date.now(), 1)));
    if (changed) continue;
    await serial.run(async () => {
      if (seq !== watched) return;
      if (expiring && Date.now() >= expiresAt) {
        await apply({ event: { type: 'quote.expired', actor: SYSTEM }, idempotencyKey: `expired-r${snapshot.context.revision}` });
        return;
      }
      if (dueAt !== null && Date.now() >= dueAt && !snapshot.context.overdue) {
        // Recorded first, then the state: whoever sees `overdue` also finds the inbox item and the notices.
        const [late] = transition(quoteMachine, snapshot, { type: 'step.overdue', actor: SYSTEM });
        await acts.recordQuoteOverdue({ quoteNo: input.quoteNo, status, role: QUOTE_PENDING_ROLE[status], dueAt: new Date(dueAt).toISOString(), idempotencyKey: `overdue-${watched}` });
        snapshot = late;
      }
    });
  }
  await condition(allHandlersFinished);
  return view();
}

function isRevision(e: { type: string }): boolean {
  return e.type === 'quote.revised' || e.type === 'quote.amended';
}
