/**
 * `quote-<quoteNo>`: one quote from draft to signed contract and cost accounting (machines/quote.machine.ts).
 * Steps arrive as Updates; each accepted step is recorded by one idempotent activity, which runs the
 * side effects the machine named for the transition. Two durable timers run beside the steps: the
 * current step's due time (→ overdue, reminders) and the quote's expiry.
 */
import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { isCommand, reapproval, skippedSteps, type AmendableLine, type QuoteStepPayload } from '../domain/quote';
import { compareDecimal } from '../lib/money';
import {
  grantedApprovals,
  judgedQuoteEvent,
  quoteEffectsOf,
  quoteMachine,
  quoteStateOf,
  type QuoteEvent,
  type QuoteSnapshot,
} from '../machines/quote.machine';
import { SYSTEM_ACTOR } from '../machines/roles';
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

const rules: StepRules = { recordType: 'quote', status: (s) => quoteStateOf(s as QuoteSnapshot).status };

export async function quoteWorkflow(input: QuoteWorkflowInput): Promise<QuoteView> {
  const serial = new Serial();
  // Placeholder until the first pricing says whether the draft needs price approval.
  let [snapshot] = initialTransition(quoteMachine, {
    quoteNo: input.quoteNo,
    ownerId: input.ownerId,
    needsPriceApproval: false,
    belowCost: false,
  });
  let expiresAt = Date.parse(input.expiresAt);
  let validUntil = input.validUntil;
  let contractNo: string | null = null;
  let dueAt: number | null = null;
  /** Lines of the current revision, for the amendment report. */
  let lines: AmendableLine[] = input.lines;
  /** Bumped on every transition, so a timer knows whether the step it watched is still current. */
  let seq = 0;

  const view = (): QuoteView => {
    const state = quoteStateOf(snapshot);
    return {
      quoteNo: input.quoteNo,
      status: state.status,
      pendingRole: state.role,
      revision: snapshot.context.revision,
      needsPriceApproval: snapshot.context.needsPriceApproval,
      belowCost: snapshot.context.belowCost,
      overdue: snapshot.context.overdue,
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      expiresAt: new Date(expiresAt).toISOString(),
      contractNo,
      machine: { value: snapshot.value, context: snapshot.context },
    };
  };

  const dueFor = (s: QuoteSnapshot): number | null => {
    const key = quoteStateOf(s).due;
    const ms = key ? input.sla[key] : undefined;
    return ms ? Date.now() + ms : null;
  };

  const publish = () => {
    const state = quoteStateOf(snapshot);
    upsertSearchAttributes([
      { key: QuoteStage, value: state.status },
      { key: PendingRole, value: state.role },
      { key: CustomerNo, value: input.customerNo },
      { key: OwnerId, value: input.ownerId },
    ]);
  };

  /** Applies one step: prices a revision first when needed, records the step and its effects, then commits the state. */
  const apply = async (
    cmd: QuoteCommand | { event: QuoteEvent & { type: 'quote.expired' }; idempotencyKey: string },
  ): Promise<void> => {
    let event: QuoteEvent;
    let payload: QuoteStepPayload = { kind: 'none' };
    let repricedLines: AmendableLine[] | undefined;
    if ('lines' in cmd && (cmd.event.type === 'quote.revised' || cmd.event.type === 'quote.amended')) {
      const priced = await acts.priceQuoteRevision({
        tariffVersionNo: input.tariffVersionNo,
        ownerId: input.ownerId,
        lines: cmd.lines,
      });
      repricedLines = priced.lines;
      if (cmd.event.type === 'quote.amended') {
        const amendment = reapproval(
          { revision: snapshot.context.revision, lines },
          priced,
          grantedApprovals(snapshot.context),
          compareDecimal,
        );
        event = {
          ...cmd.event,
          comment: cmd.event.comment ?? '',
          needsPriceApproval: priced.needsPriceApproval,
          belowCost: priced.belowCost,
          kept: skippedSteps(amendment.kept),
        };
        payload = { kind: 'priced', priced, ...(cmd.validUntil ? { validUntil: cmd.validUntil } : {}), amendment };
      } else {
        event = { ...cmd.event, needsPriceApproval: priced.needsPriceApproval, belowCost: priced.belowCost };
        payload = { kind: 'priced', priced, ...(cmd.validUntil ? { validUntil: cmd.validUntil } : {}) };
      }
    } else {
      event = cmd.event as QuoteEvent;
      if (isQuoteCommand(cmd)) payload = payloadOf(cmd);
    }
    const [next, actions] = transition(quoteMachine, snapshot, event);
    const to = quoteStateOf(next).status;
    const from = quoteStateOf(snapshot).status;
    const keepDue = to === from && event.type === 'quote.revised';
    const nextDue = keepDue ? dueAt : dueFor(next);
    const dueKey = quoteStateOf(next).due;
    const dueInWorkingDays = !keepDue && dueKey ? input.slaWorkingDays?.[dueKey] : undefined;
    const result = await acts.recordQuoteStep({
      quoteNo: input.quoteNo,
      customerNo: input.customerNo,
      ownerId: input.ownerId,
      actor: event.actor,
      action: event.type,
      fromState: from,
      toState: to,
      comment: event.comment,
      idempotencyKey: cmd.idempotencyKey,
      revision: next.context.revision,
      pendingRole: quoteStateOf(next).role,
      dueAt: nextDue === null ? null : new Date(nextDue).toISOString(),
      ...(dueInWorkingDays ? { dueInWorkingDays } : {}),
      effects: quoteEffectsOf(actions),
      payload,
    });
    if (result.contractNo) contractNo = result.contractNo;
    if (repricedLines) lines = repricedLines;
    if ('lines' in cmd && cmd.validUntil && cmd.expiresAt) {
      validUntil = cmd.validUntil;
      expiresAt = Date.parse(cmd.expiresAt);
    }
    snapshot = next;
    // A due time in working days is computed by the activity from the business calendar.
    dueAt = result.dueAt ? Date.parse(result.dueAt) : nextDue;
    seq += 1;
    publish();
  };

  // The draft is recorded before any handler exists, so buffered updates see it.
  const initial = serial.run(async () => {
    const priced = await acts.priceQuoteRevision({
      tariffVersionNo: input.tariffVersionNo,
      ownerId: input.ownerId,
      lines: input.lines,
    });
    lines = priced.lines;
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
      pendingRole: quoteStateOf(snapshot).role,
      dueAt: null,
      effects: [{ type: 'createQuote' }, { type: 'saveRevision' }],
      payload: { kind: 'draft', priced, validUntil, tariffVersionNo: input.tariffVersionNo },
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
    judged: (cmd: QuoteCommand) => judgedQuoteEvent(cmd.event),
    apply,
  });
  await initial;

  // Timers: the current step's due time and the quote's expiry, whichever comes first.
  while (snapshot.status !== 'done') {
    const watched = seq;
    const state = quoteStateOf(snapshot);
    const expiring = snapshot.hasTag('expiring');
    const candidates = [
      !snapshot.context.overdue && dueAt !== null ? dueAt : Infinity,
      expiring ? expiresAt : Infinity,
    ];
    const wakeAt = Math.min(...candidates);
    const changed = await (wakeAt === Infinity
      ? condition(() => seq !== watched || snapshot.status === 'done').then(() => true)
      : condition(() => seq !== watched || snapshot.status === 'done', Math.max(wakeAt - Date.now(), 1)));
    if (changed) continue;
    await serial.run(async () => {
      if (seq !== watched) return;
      if (expiring && Date.now() >= expiresAt) {
        await apply({
          event: { type: 'quote.expired', actor: SYSTEM_ACTOR },
          idempotencyKey: `expired-r${snapshot.context.revision}`,
        });
        return;
      }
      if (dueAt !== null && Date.now() >= dueAt && !snapshot.context.overdue) {
        // Recorded first, then the state: whoever sees `overdue` also finds the inbox item and the notices.
        const [late] = transition(quoteMachine, snapshot, { type: 'step.overdue', actor: SYSTEM_ACTOR });
        await acts.recordQuoteOverdue({
          quoteNo: input.quoteNo,
          status: state.status,
          role: state.role,
          dueAt: new Date(dueAt).toISOString(),
          idempotencyKey: `overdue-${watched}`,
        });
        snapshot = late;
      }
    });
  }
  await condition(allHandlersFinished);
  return view();
}

function isQuoteCommand(cmd: QuoteCommand | { event: { type: 'quote.expired' } }): cmd is QuoteCommand {
  return cmd.event.type !== 'quote.expired';
}

/** The step's payload as the activity records it. */
function payloadOf(cmd: QuoteCommand): QuoteStepPayload {
  if (isCommand(cmd, 'internal.submitted')) return { kind: 'internal', internal: cmd.internal };
  if (isCommand(cmd, 'contract.drafted')) return { kind: 'contract', clauseChanges: cmd.clauseChanges };
  if (isCommand(cmd, 'contract.signed')) return { kind: 'signed', ...(cmd.signedOn ? { signedOn: cmd.signedOn } : {}) };
  if (isCommand(cmd, 'costs.recorded')) return { kind: 'costs', actuals: cmd.actuals };
  return { kind: 'none' };
}
