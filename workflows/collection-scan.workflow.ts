/**
 * One run of the Temporal Schedule `collection-scan` (hourly by default, `COLLECTION_SCAN_EVERY`): opens a
 * collection case for every customer and currency with money past due and none open (one activity, one
 * transaction per case), starts each case's workflow `collection-case-<id>` as an abandoned child (it
 * outlives the scan; a case whose start was lost is started by the next scan), and tells every open case
 * with nothing past due left to read the ledger and close.
 */
import { WorkflowExecutionAlreadyStartedError } from '@temporalio/common';
import { getExternalWorkflowHandle, ParentClosePolicy, startChild } from '@temporalio/workflow';
import { acts } from './activities';
import { collectionRecheckSignal, type CollectionScanInput } from './collection.definitions';
import { collectionCaseWorkflowId } from './ids';
import type { collectionCaseWorkflow } from './collection-case.workflow';

export async function collectionScanWorkflow(
  input: CollectionScanInput,
): Promise<{ started: number; rechecked: number }> {
  const { toStart, toRecheck } = await acts.openOverdueCollectionCases();
  const started: number[] = [];
  for (const c of toStart) {
    try {
      await startChild<typeof collectionCaseWorkflow>('collectionCaseWorkflow', {
        workflowId: collectionCaseWorkflowId(input.workflowIdPrefix, c.caseId),
        args: [c],
        parentClosePolicy: ParentClosePolicy.ABANDON,
      });
    } catch (e) {
      if (!(e instanceof WorkflowExecutionAlreadyStartedError)) throw e;
    }
    started.push(c.caseId);
  }
  if (started.length) await acts.markCollectionCasesStarted({ caseIds: started });
  let rechecked = 0;
  for (const caseId of toRecheck) {
    try {
      await getExternalWorkflowHandle(collectionCaseWorkflowId(input.workflowIdPrefix, caseId)).signal(
        collectionRecheckSignal,
      );
      rechecked += 1;
    } catch {
      // A case whose workflow is gone (finished) is no longer open: nothing to tell.
    }
  }
  return { started: started.length, rechecked };
}
