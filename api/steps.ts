/**
 * Sends one step of a process to its workflow as an Update whose id is the request's idempotency key.
 * A replay of a key already recorded is answered from the record without touching Temporal; a step on
 * a finished process is a 409.
 */
import type { UpdateDefinition } from '@temporalio/client';
import { WorkflowUpdateFailedError } from '@temporalio/client';
import { findAuditByKey } from '../db/audit.repository';
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
    throw toAppError(e);
  }
  return { replayed: false };
}
