/** `tariff-<versionNo>`: one standard tariff version from draft to locked (§3.3.2). */
import { allHandlersFinished, ApplicationFailure, condition, upsertSearchAttributes } from '@temporalio/workflow';
import { initialTransition, transition } from 'xstate';
import { tariffMachine, tariffStateOf, type TariffSnapshot } from '../machines/tariff.machine';
import { acts } from './activities';
import { Serial, serveProcess, type StepRules } from './machine-steps';
import { PendingRole } from './search-attributes';
import {
  tariffStatusQuery,
  tariffStepUpdate,
  tariffViewUpdate,
  type TariffCommand,
  type TariffView,
  type TariffWorkflowInput,
} from './tariff.definitions';

const statusOf = (s: TariffSnapshot) => tariffStateOf(s).status;
const rules: StepRules = { recordType: 'tariff', status: (s) => statusOf(s as TariffSnapshot) };

export async function tariffWorkflow(input: TariffWorkflowInput): Promise<TariffView> {
  let [snapshot] = initialTransition(tariffMachine, {
    versionNo: input.versionNo,
    draftedBy: input.actor.id,
    lineCount: input.lines.length,
  });
  let recorded = false;
  const serial = new Serial();

  const view = (): TariffView => {
    const state = tariffStateOf(snapshot);
    return {
      versionNo: input.versionNo,
      status: state.status,
      pendingRole: state.role,
      lineCount: snapshot.context.lineCount,
      submittedBy: snapshot.context.submittedBy ?? null,
      approvedBy: snapshot.context.approvedBy ?? null,
      machine: { value: snapshot.value, context: snapshot.context },
    };
  };

  // Queued before the handlers exist: updates buffered in the first activation run after the draft is recorded.
  const initial = serial.run(async () => {
    await acts.recordTariffDraft({
      actor: input.actor,
      action: 'tariff.drafted',
      fromState: null,
      toState: 'draft',
      idempotencyKey: input.idempotencyKey,
      versionNo: input.versionNo,
      title: input.title,
      effectiveFrom: input.effectiveFrom,
      lines: input.lines,
    });
    recorded = true;
    upsertSearchAttributes([{ key: PendingRole, value: 'commerce' }]);
  });

  serveProcess({
    serial,
    snapshot: () => snapshot,
    rules,
    view,
    query: tariffStatusQuery,
    viewUpdate: tariffViewUpdate,
    stepUpdate: tariffStepUpdate,
    validate: (cmd: TariffCommand) => {
      if (cmd.event.type === 'lines.replaced' && (!('lines' in cmd) || cmd.lines.length !== cmd.event.lineCount)) {
        throw ApplicationFailure.create({
          message: 'lines.replaced needs the new lines',
          type: 'bad_request',
          nonRetryable: true,
        });
      }
    },
    apply: async (cmd) => {
      const [next] = transition(tariffMachine, snapshot, cmd.event);
      const step = {
        actor: cmd.event.actor,
        action: cmd.event.type,
        fromState: statusOf(snapshot),
        toState: statusOf(next),
        comment: cmd.event.comment,
        idempotencyKey: cmd.idempotencyKey,
      };
      if ('lines' in cmd) {
        await acts.recordTariffDraft({
          ...step,
          versionNo: input.versionNo,
          title: cmd.title ?? input.title,
          effectiveFrom: cmd.effectiveFrom ?? input.effectiveFrom,
          lines: cmd.lines,
        });
      } else {
        await acts.recordTariffStep({ ...step, versionNo: input.versionNo });
      }
      snapshot = next;
      upsertSearchAttributes([{ key: PendingRole, value: tariffStateOf(snapshot).role }]);
    },
  });

  await initial;
  await condition(() => recorded && snapshot.status === 'done' && allHandlersFinished());
  return view();
}
