/**
 * The Temporal floor of a step (issue 15 §1), bench only: a workflow whose Update handler does nothing
 * but count, so a round trip of `noop` is what the server and the SDK cost with no code of ours — no
 * state machine, no activity, no payload encryption. Registered only by bench/floor-worker.ts.
 */
import { condition, defineSignal, defineUpdate, setHandler } from '@temporalio/workflow';

export const noopUpdate = defineUpdate<number>('noop');
export const finishSignal = defineSignal('finish');

export async function benchFloor(): Promise<number> {
  let updates = 0;
  let finished = false;
  setHandler(noopUpdate, () => {
    updates += 1;
    return updates;
  });
  setHandler(finishSignal, () => {
    finished = true;
  });
  await condition(() => finished);
  return updates;
}
