/** `tariff-change-<id>`: a proposed tariff change through marketing manager and GM to a new locked version (§3.3.3). */
import { allHandlersFinished, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import {
  TARIFF_CHANGE_COMMENT_REQUIRED,
  TARIFF_CHANGE_EVENT_ROLES,
  TARIFF_CHANGE_PENDING_ROLE,
  TARIFF_CHANGE_STATUS,
  tariffChangeMachine,
} from '../machines/tariff-change.machine';
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

type Snapshot = ReturnType<typeof initialTransition<typeof tariffChangeMachine>>[0];
const statusOf = (s: Snapshot) => TARIFF_CHANGE_STATUS[String(s.value)] ?? 'pending_marketing_manager';
const rules: StepRules = {
  roles: TARIFF_CHANGE_EVENT_ROLES,
  commentRequired: TARIFF_CHANGE_COMMENT_REQUIRED,
  status: (s) => statusOf(s as Snapshot),
};

export async function tariffChangeWorkflow(input: TariffChangeWorkflowInput): Promise<TariffChangeView> {
  let [snapshot] = initialTransition(tariffChangeMachine, { changeId: input.changeId, proposedBy: input.actor.id });
  let resultVersionNo: number | null = null;
  let recorded = false;
  const serial = new Serial();

  const view = (): TariffChangeView => {
    const status = statusOf(snapshot);
    return {
      changeId: input.changeId,
      status,
      pendingRole: TARIFF_CHANGE_PENDING_ROLE[status],
      marketingApprovedBy: snapshot.context.marketingApprovedBy ?? null,
      decidedBy: snapshot.context.decidedBy ?? null,
      resultVersionNo,
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
      const [next] = transition(tariffChangeMachine, snapshot, cmd.event);
      const result = await acts.recordTariffChangeStep({
        changeId: input.changeId,
        actor: cmd.event.actor,
        action: cmd.event.type,
        fromState: statusOf(snapshot),
        toState: statusOf(next),
        comment: cmd.event.comment,
        idempotencyKey: cmd.idempotencyKey,
      });
      resultVersionNo = result.resultVersionNo;
      snapshot = next;
      upsertSearchAttributes([{ key: PendingRole, value: TARIFF_CHANGE_PENDING_ROLE[statusOf(snapshot)] }]);
    },
  });

  await initial;
  await condition(() => recorded && snapshot.status === 'done' && allHandlersFinished());
  return view();
}
