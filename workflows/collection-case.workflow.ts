/**
 * `collection-case-<id>`: one abnormal-collection case (machines/collection.machine.ts), started by the
 * scan of the Temporal Schedule `collection-scan`. People's steps (propose, approve, reject) arrive as
 * Updates whose id is the request's idempotency key; each accepted step is recorded by one idempotent
 * activity. Durable timers remind the salesperson every `remindEveryMs` while a proposal is awaited and
 * escalate the case `escalateAfterMs` after it opened; before acting on a timer the workflow reads the
 * ledger, and the signal `collection.recheck` (sent by the scan) makes it read it at once: when nothing
 * is past due any more the case closes (`case.settled`), whatever step it was waiting for.
 */
import { allHandlersFinished, condition, setHandler, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import type { CollectionProposal } from '../domain/collection-case';
import {
  collectionMachine,
  collectionStateOf,
  type CollectionEvent,
  type CollectionSnapshot,
} from '../machines/collection.machine';
import { SYSTEM_ACTOR } from '../machines/roles';
import { acts } from './activities';
import {
  collectionRecheckSignal,
  collectionStatusQuery,
  collectionStepUpdate,
  collectionViewUpdate,
  type CollectionCaseCommand,
  type CollectionCaseView,
  type CollectionCaseWorkflowInput,
} from './collection.definitions';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { CustomerNo, OwnerId, PendingRole } from './search-attributes';

const statusOf = (s: CollectionSnapshot) => collectionStateOf(s).status;
const rules: StepRules = { recordType: 'collection_case', status: (s) => statusOf(s as CollectionSnapshot) };

export async function collectionCaseWorkflow(input: CollectionCaseWorkflowInput): Promise<CollectionCaseView> {
  const { timers } = input;
  const serial = new Serial();
  let [snapshot] = initialTransition(collectionMachine, {
    caseId: input.caseId,
    customerNo: input.customerNo,
    currency: input.currency,
    ownerId: input.ownerId,
  });
  const openedAt = Date.parse(input.openedAt);
  const escalateAt = openedAt + timers.escalateAfterMs;
  let nextReminderAt = openedAt + timers.remindEveryMs;
  let dueAt: number | null = escalateAt;
  /** The current proposal, applied when the GM approves it. */
  let proposal: CollectionProposal | undefined;
  /** Bumped on every transition, so a timer knows whether the state it watched is still current. */
  let seq = 0;
  let recheck = false;

  const view = (): CollectionCaseView => {
    const state = collectionStateOf(snapshot);
    return {
      caseId: input.caseId,
      status: state.status,
      pendingRole: state.role,
      dueAt: dueAt === null ? null : new Date(dueAt).toISOString(),
      escalateAt: state.status === 'awaiting_proposal' ? new Date(escalateAt).toISOString() : null,
      machine: { value: snapshot.value, context: snapshot.context },
    };
  };

  const publish = () =>
    upsertSearchAttributes([
      { key: PendingRole, value: collectionStateOf(snapshot).role },
      { key: CustomerNo, value: input.customerNo },
      { key: OwnerId, value: input.ownerId },
    ]);

  /** Records one transition and commits it. */
  const apply = async (event: CollectionEvent, idempotencyKey: string, withProposal?: CollectionProposal) => {
    const [next, actions] = transition(collectionMachine, snapshot, event);
    const to = collectionStateOf(next);
    const nextDue =
      to.due === 'decision'
        ? Date.now() + timers.decisionDueMs
        : to.due === 'proposal' && !next.context.escalated
          ? escalateAt
          : null;
    await acts.recordCollectionStep({
      caseId: input.caseId,
      customerNo: input.customerNo,
      currency: input.currency,
      ownerId: input.ownerId,
      actor: event.actor,
      action: event.type,
      fromState: statusOf(snapshot),
      toState: to.status,
      comment: event.comment,
      idempotencyKey,
      proposal: withProposal ?? proposal,
      applyProposal: actions.some((a) => a.type === 'applyProposal'),
      ...(next.context.proposedBy && next.context.proposedRole
        ? { proposer: { id: next.context.proposedBy, role: next.context.proposedRole } }
        : {}),
      reminders: next.context.reminders,
      dueAt: nextDue === null ? null : new Date(nextDue).toISOString(),
    });
    if (withProposal) proposal = withProposal;
    snapshot = next;
    dueAt = nextDue;
    seq += 1;
    publish();
  };

  /** Reads the ledger; closes the case when nothing is past due. True when closed. */
  const settleIfPaid = async (): Promise<boolean> => {
    if (snapshot.status === 'done') return true;
    const { overdue } = await acts.collectionOverdue({ customerNo: input.customerNo, currency: input.currency });
    if (overdue !== '0') return false;
    await apply({ type: 'case.settled', actor: SYSTEM_ACTOR }, 'settled');
    return true;
  };

  setHandler(collectionRecheckSignal, () => {
    recheck = true;
  });
  serveProcess({
    serial,
    snapshot: () => snapshot,
    rules,
    view,
    query: collectionStatusQuery,
    viewUpdate: collectionViewUpdate,
    stepUpdate: collectionStepUpdate,
    validate: (cmd: CollectionCaseCommand) => {
      if (cmd.event.type === 'case.proposed' && !cmd.proposal) throw new TypeError('a proposal needs its content');
    },
    apply: (cmd: CollectionCaseCommand) => apply(cmd.event, cmd.idempotencyKey, cmd.proposal),
  });
  publish();

  // The case may have been paid between the scan and this start.
  await serial.run(settleIfPaid);
  while (snapshot.status !== 'done') {
    const watched = seq;
    const state = collectionStateOf(snapshot);
    const wakeAt = Math.min(
      state.remind ? nextReminderAt : Infinity,
      state.status === 'awaiting_proposal' ? escalateAt : Infinity,
    );
    const woken = () => seq !== watched || recheck || snapshot.status === 'done';
    const changed = await (wakeAt === Infinity
      ? condition(woken).then(() => true)
      : condition(woken, Math.max(wakeAt - Date.now(), 1)));
    if (recheck) {
      recheck = false;
      await serial.run(settleIfPaid);
      continue;
    }
    if (changed) continue;
    await serial.run(async () => {
      if (seq !== watched || (await settleIfPaid())) return;
      const now = Date.now();
      if (state.status === 'awaiting_proposal' && now >= escalateAt) {
        await apply({ type: 'case.escalated', actor: SYSTEM_ACTOR }, 'escalated');
      } else if (state.remind && now >= nextReminderAt) {
        await apply({ type: 'case.reminded', actor: SYSTEM_ACTOR }, `reminder-${snapshot.context.reminders + 1}`);
        nextReminderAt = now + timers.remindEveryMs;
      }
    });
  }
  await condition(allHandlersFinished);
  return view();
}
