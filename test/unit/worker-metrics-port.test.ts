/**
 * A taken metrics address costs the metrics, not the process (found by a fresh-clone try-out: `npm run dev` died with
 * an unhandled EADDRINUSE on 127.0.0.1:9465 and left its Temporal dev server running). worker/metrics.ts.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterEach, expect, it, vi } from 'vitest';
import { startWorkerMetrics } from '../../worker/metrics';

afterEach(() => vi.restoreAllMocks());

it('an app-metrics address already in use is a warning naming WORKER_APP_METRICS_ADDRESS, and the process goes on', async () => {
  const holder = createServer();
  await new Promise<void>((r) => holder.listen(0, '127.0.0.1', r));
  const { port } = holder.address() as AddressInfo;
  const warn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
  const uncaught = vi.fn();
  process.on('uncaughtException', uncaught);
  try {
    const stop = startWorkerMetrics({ WORKER_METRICS_ADDRESS: 'off', WORKER_APP_METRICS_ADDRESS: `127.0.0.1:${port}` });
    await vi.waitFor(() => expect(warn).toHaveBeenCalled(), { timeout: 5000 });
    expect(String(warn.mock.calls[0]![0])).toMatch(
      new RegExp(`127\\.0\\.0\\.1:${port}: address already in use .*WORKER_APP_METRICS_ADDRESS`),
    );
    expect(uncaught).not.toHaveBeenCalled();
    await stop(); // resolves although nothing listens
    // The holder still serves: the worker did not take or close it.
    expect(holder.listening).toBe(true);
  } finally {
    process.off('uncaughtException', uncaught);
    await new Promise((r) => holder.close(r));
  }
});
