/**
 * The bench's floor worker (a process of its own, as the real worker is): polls FLOOR_TASK_QUEUE with the
 * SDK's default Worker options — the production worker's, less its activities, interceptors and codec —
 * and runs only bench/floor.workflow.ts. Started and stopped by bench/main.ts.
 */
import { fileURLToPath } from 'node:url';
import { NativeConnection, Worker } from '@temporalio/worker';

const address = process.env.TEMPORAL_ADDRESS ?? '127.0.0.1:7233';
const namespace = process.env.TEMPORAL_NAMESPACE ?? 'default';
const taskQueue = process.env.FLOOR_TASK_QUEUE;
if (!taskQueue) throw new Error('FLOOR_TASK_QUEUE is not set');
const connection = await NativeConnection.connect({ address });
const worker = await Worker.create({
  connection,
  namespace,
  taskQueue,
  workflowsPath: fileURLToPath(new URL('./floor.workflow.ts', import.meta.url)),
});
console.log(`Floor worker polling task queue '${taskQueue}'`);
await worker.run();
await connection.close();
