/**
 * Sends one step of a process to its workflow as an Update whose id is the request's idempotency key.
 * A replay of a key already recorded is answered once the workflow confirms that update (so the next
 * step finds the state it expects); a step on a finished process is a 409.
 */
import type { UpdateDefinition } from '@temporalio/client';
import { isGrpcServiceError, WorkflowUpdateFailedError, type WorkflowHandle } from '@temporalio/client';
import { WorkflowNotFoundError } from '@temporalio/common';
import { findAuditByKey, recordStepRejection } from '../db/audit.repository';
import type { Actor } from '../machines/roles';
import { AppError, HTTP_STATUS } from '../lib/errors';
import { stepsTotal } from '../lib/metrics';
import type { ApiDeps } from './deps';
import { namePeople } from './acting';
import { toAppError } from './errors';

/**
 * Waits for the workflow to finish the update with this id. An update the workflow no longer knows (the
 * process finished or continued as new since) was completed before; anything else unconfirmed is 503.
 */
async function confirmUpdate(deps: ApiDeps, handle: WorkflowHandle, updateId: string): Promise<void> {
  try {
    await deps.temporal.withDeadline(Date.now() + deps.temporalConfig.rpcTimeoutMs, () =>
      handle.getUpdateHandle(updateId).result(),
    );
  } catch (e) {
    const notFound = (x: unknown): boolean =>
      !!x && ((isGrpcServiceError(x) && x.code === 5) || notFound((x as { cause?: unknown }).cause));
    if (e instanceof WorkflowUpdateFailedError || e instanceof WorkflowNotFoundError || notFound(e)) return;
    const err = toAppError(e);
    throw err.code === 'internal' || err.code === 'conflict'
      ? new AppError('unavailable', 'The step is recorded but not yet confirmed; retry with the same Idempotency-Key')
      : err;
  }
}

/**
 * Sends the step (see the module comment) and counts it in `freightflow_steps_total` by process kind
 * (`recordType`), step (the command's event type) and outcome: accepted (also a replay), refused (4xx)
 * or failed (5xx). Throws AppError as `sendStepOnce`.
 */
export async function sendStep<Ret, Cmd>(
  deps: ApiDeps,
  s: Parameters<typeof sendStepOnce<Ret, Cmd>>[1],
): Promise<{ replayed: boolean; view?: Ret }> {
  const event = (s.command as { event?: { type?: string; step?: string } }).event;
  // A job's steps share one event type: the step name says which.
  const step = event?.step ?? event?.type ?? 'unknown';
  try {
    const out = await sendStepOnce(deps, s);
    stepsTotal.inc({ process: s.recordType, step, outcome: 'accepted' });
    return out;
  } catch (e) {
    const status = e instanceof AppError ? HTTP_STATUS[e.code] : 500;
    stepsTotal.inc({ process: s.recordType, step, outcome: status < 500 ? 'refused' : 'failed' });
    throw e;
  }
}

async function sendStepOnce<Ret, Cmd>(
  deps: ApiDeps,
  s: {
    workflowId: string;
    update: UpdateDefinition<Ret, [Cmd]>;
    command: Cmd;
    idempotencyKey: string;
    recordType: string;
    recordId: string;
    /** Set when the record is in a final state: the step is refused with this message. */
    finishedMessage?: string | undefined;
  },
): Promise<{ replayed: boolean; view?: Ret }> {
  const handle = deps.temporal.workflow.getHandle(s.workflowId);
  if (await findAuditByKey(deps.db, s.recordType, s.recordId, s.idempotencyKey)) {
    await confirmUpdate(deps, handle, s.idempotencyKey);
    return { replayed: true };
  }
  if (s.finishedMessage) throw new AppError('conflict', s.finishedMessage, { reason: 'wrong_state' });
  let view: Ret;
  try {
    view = await deps.temporal.withDeadline(Date.now() + deps.temporalConfig.rpcTimeoutMs, () =>
      handle.executeUpdate(s.update, { args: [s.command], updateId: s.idempotencyKey }),
    );
  } catch (e) {
    // The step may have been recorded before the answer was lost: confirm it with the workflow, which
    // commits its state only after the record; until it has, the answer is 503 (retry with the same key).
    if (
      !(e instanceof WorkflowUpdateFailedError) &&
      (await findAuditByKey(deps.db, s.recordType, s.recordId, s.idempotencyKey))
    ) {
      await confirmUpdate(deps, handle, s.idempotencyKey);
      return { replayed: true };
    }
    // A workflow names people by id: the refusal is worded again with their display names.
    const err = await namePeople(deps, toAppError(e));
    if (e instanceof WorkflowUpdateFailedError) {
      // A refused step changes nothing, but auditors see that it was tried, by whom, and why it was refused.
      const event = (s.command as { event?: { type: string; actor: Actor } }).event;
      if (event) {
        await recordStepRejection(deps.db, {
          actorId: event.actor.id,
          actorRole: event.actor.role,
          onBehalfOf: event.actor.onBehalfOf ?? null,
          recordType: s.recordType,
          recordId: s.recordId,
          event: event.type,
          code: err.code,
          message: err.message,
          idempotencyKey: s.idempotencyKey,
        }).catch(() => undefined);
      }
    }
    throw err;
  }
  // The workflow's answer is its state right after the step: callers need not query it again.
  return { replayed: false, view };
}
