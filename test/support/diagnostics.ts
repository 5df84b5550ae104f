/**
 * What a failing test prints about a workflow, so a rare CI failure can be explained from its log:
 * the last events of the workflow's history with their times (workflow task timeouts and failures,
 * activity retries and updates show there).
 */
import type { Client } from '@temporalio/client';

/** The last `n` history events of `workflowId` as `HH:MM:SS.mmm EVENT_TYPE (attempt k)` lines; never throws. */
export async function workflowTail(client: Client, workflowId: string, n = 25): Promise<string> {
  try {
    const history = await client.workflow.getHandle(workflowId).fetchHistory();
    const events = history.events ?? [];
    const lines = events.slice(-n).map((e) => {
      const seconds = Number(e.eventTime?.seconds ?? 0);
      const millis = Math.floor((e.eventTime?.nanos ?? 0) / 1e6);
      const at = new Date(seconds * 1000 + millis).toISOString().slice(11, 23);
      const type = String(e.eventType ?? '?').replace(/^EVENT_TYPE_/, '');
      const attempt = e.activityTaskStartedEventAttributes?.attempt ?? undefined;
      const failure =
        e.workflowTaskFailedEventAttributes?.failure?.message ?? e.activityTaskFailedEventAttributes?.failure?.message;
      return `${at} ${type}${attempt && attempt > 1 ? ` (attempt ${attempt})` : ''}${failure ? ` — ${failure}` : ''}`;
    });
    return `history of ${workflowId} (last ${lines.length} of ${events.length} events, now ${new Date().toISOString().slice(11, 23)}):\n${lines.join('\n')}`;
  } catch (e) {
    return `history of ${workflowId} unavailable: ${(e as Error).message}`;
  }
}
