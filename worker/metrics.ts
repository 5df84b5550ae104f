/**
 * The worker's metrics for Prometheus. Two endpoints, both plain HTTP `GET /metrics`:
 * - the Temporal SDK core's own metrics (task slots, poll and schedule-to-start latencies, workflow
 *   and activity task counts, sticky cache…), exported by the Rust core through the Runtime's telemetry
 *   options at `WORKER_METRICS_ADDRESS` (default 127.0.0.1:9464);
 * - this process's prom-client registry (lib/metrics.ts: deterministic activity failures, Node process
 *   metrics) at `WORKER_APP_METRICS_ADDRESS` (default 127.0.0.1:9465).
 * Either is off when its setting is `off`. Install before the first connection is made.
 */
import { createServer, type Server } from 'node:http';
import { Runtime } from '@temporalio/worker';
import { initMetrics, registry } from '../lib/metrics';

const hostPort = (s: string) => {
  const i = s.lastIndexOf(':');
  return { host: s.slice(0, i) || '127.0.0.1', port: Number(s.slice(i + 1)) };
};

/**
 * Installs the core's Prometheus exporter and serves the app registry; returns a stop function. An address that is
 * taken (or otherwise refused) is a warning naming the setting, never a crash of the process that hosts the worker.
 */
export function startWorkerMetrics(env: NodeJS.ProcessEnv = process.env): () => Promise<void> {
  const core = env.WORKER_METRICS_ADDRESS ?? '127.0.0.1:9464';
  const app = env.WORKER_APP_METRICS_ADDRESS ?? '127.0.0.1:9465';
  if (core !== 'off') {
    try {
      Runtime.install({ telemetryOptions: { metrics: { prometheus: { bindAddress: core } } } });
    } catch (e) {
      console.warn(
        `Temporal core metrics not exported at ${core}: ${(e as Error).message} (set WORKER_METRICS_ADDRESS=host:port, or off)`,
      );
    }
  }
  initMetrics('worker');
  let server: Server | undefined;
  if (app !== 'off') {
    server = createServer((req, res) => {
      if (req.method !== 'GET' || req.url !== '/metrics') {
        res.writeHead(404).end();
        return;
      }
      registry.metrics().then(
        (text) => res.writeHead(200, { 'content-type': registry.contentType }).end(text),
        () => res.writeHead(500).end(),
      );
    });
    const { host, port } = hostPort(app);
    // A taken address costs the metrics, not the worker (like the core's exporter above): say which setting moves it.
    server.on('error', (e: NodeJS.ErrnoException) => {
      console.warn(
        `Worker metrics not served at ${app}: ${e.code === 'EADDRINUSE' ? 'address already in use' : e.message} (set WORKER_APP_METRICS_ADDRESS=host:port, or off)`,
      );
      server = undefined;
    });
    server.listen(port, host);
  }
  return () => new Promise<void>((done) => (server ? server.close(() => done()) : done()));
}
