/** `tariff-change-<id>`: a proposed tariff change through marketing manager and GM to a new locked version (§3.3.3). */
import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { tariffChangeMachine, tariffChangeStateOf, type TariffChangeSnapshot } from '../machines/tariff-change.machine';
import { acts } from './activities';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { PendingRole } from './search-attributes';
import {
  tariffChangeStatusQuery,
  tariffChangeStepUpdate,
  tariffChangeViewUpdate,
  type TariffChangeCommand,
  type TariffChangeView,
  type TariffChangeWorkflowInput,
} from './tariff.definitions';

const statusOf = (s: TariffChangeSnapshot) => tariffChangeStateOf(s).status;
const rules: StepRules = { recordType: 'tariff_change', status: (s) => statusOf(s as TariffChangeSnapshot) };

export async function tariffChangeWorkflow(input: TariffChangeWorkflowInput): Promise<TariffChangeView> {
  let [snapshot] = initialTransition(tariffChangeMachine, { changeId: input.changeId, proposedBy: input.actor.id });
  let resultVersionNo: number | null = null;
  let recorded = false;
  const serial = new Serial();

  const view = (): TariffChangeView => {
    const state = tariffChangeStateOf(snapshot);
    return {
      changeId: input.changeId,
      status: state.status,
      pendingRole: state.role,
      marketingApprovedBy: snapshot.context.marketingApprovedBy ?? null,
      decidedBy: snapshot.context.decidedBy ?? null,
      resultVersionNo,
      machine: { value: snapshot.value, context: snapshot.context },
    };
  };

  // Queued before the handlers exist: updates buffered in the first activation run after the draft is recorded.
  const initial = serial.run(async () => {
    await acts.recordTariffChangeProposed({
      changeId: input.changeId,
      baseVersionNo: input.baseVersionNo,
      reason: input.reason,
      effectiveFrom: input.effectiveFrom,
      lines: input.lines,
      actor: input.actor,
      action: 'change.proposed',
      fromState: null,
      toState: 'pending_marketing_manager',
      comment: input.reason,
      idempotencyKey: input.idempotencyKey,
    });
    recorded = true;
    upsertSearchAttributes([{ key: PendingRole, value: 'marketing_manager' }]);
  });

  serveProcess({
    serial,
    snapshot: () => snapshot,
    rules,
    view,
    query: tariffChangeStatusQuery,
    viewUpdate: tariffChangeViewUpdate,
    stepUpdate: tariffChangeStepUpdate,
    apply: async (cmd: TariffChangeCommand) => {
      const [next, actions] = transition(tariffChangeMachine, snapshot, cmd.event);
      const result = await acts.recordTariffChangeStep({
        changeId: input.changeId,
        actor: cmd.event.actor,
        action: cmd.event.type,
        fromState: statusOf(snapshot),
        toState: statusOf(next),
        comment: cmd.event.comment,
        idempotencyKey: cmd.idempotencyKey,
        lockResultVersion: actions.some((a) => a.type === 'lockResultVersion'),
      });
      resultVersionNo = result.resultVersionNo;
      snapshot = next;
      upsertSearchAttributes([{ key: PendingRole, value: tariffChangeStateOf(snapshot).role }]);
    },
  });

  await initial;
  await condition(() => recorded && snapshot.status === 'done' && allHandlersFinished());
  return view();
}
