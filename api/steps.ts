/**
 * Sends one step of a process to its workflow as an Update whose id is the request's idempotency key.
 * A replay of a key already recorded is answered from the record without touching Temporal; a step on
 * a finished process is a 409.
 */
import type { UpdateDefinition } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { findAuditByKey, recordStepRejection } from '../db/audit.repository';
import type { Actor } from '../machines/roles';
import { AppError } from '../lib/errors';
import type { ApiDeps } from './deps';
import { toAppError } from './errors';

export async function sendStep<Ret, Cmd>(
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
): Promise<{ replayed: boolean }> {
  if (await findAuditByKey(deps.db, s.recordType, s.recordId, s.idempotencyKey)) return { replayed: true };
  if (s.finishedMessage) throw new AppError('conflict', s.finishedMessage);
  const handle = deps.temporal.workflow.getHandle(s.workflowId);
  try {
    await deps.temporal.withDeadline(Date.now() + deps.temporalConfig.rpcTimeoutMs, () =>
      handle.executeUpdate(s.update, { args: [s.command], updateId: s.idempotencyKey }),
    );
  } catch (e) {
    // The same key may have completed the process in between: that is a replay, not a conflict.
    if (!(e instanceof WorkflowUpdateFailedError) && (await findAuditByKey(deps.db, s.recordType, s.recordId, s.idempotencyKey))) {
      return { replayed: true };
    }
    const err = toAppError(e);
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
  return { replayed: false };
}
