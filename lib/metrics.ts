/**
 * Prometheus metrics of this process (prom-client), served at `GET /metrics` by the API and by the
 * worker's metrics port. One registry per process; every series carries `process` (api | worker).
 *
 * - `freightflow_http_request_duration_seconds{method,route,status}`: HTTP latency per route template.
 * - `freightflow_steps_total{process,step,outcome}`: workflow steps sent through the API, `accepted`
 *   or `refused` (4xx) or `failed` (5xx), per process kind (quote, tariff, tariff_change, job) and step.
 * - `freightflow_activity_failures_total{activity,kind}`: activity errors classified as deterministic
 *   (`data`, `constraint`, `bug`, `refused`) and therefore not retried: each one is also logged, alert on it.
 * - Node's default process metrics (`freightflow_process_*`, `freightflow_nodejs_*`).
 */
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export const registry = new Registry();
let defaultsCollected = false;

/** Starts collecting Node's process metrics once, labelled with the process role. */
export function initMetrics(processRole: 'api' | 'worker' | 'dev'): Registry {
  if (!defaultsCollected) {
    registry.setDefaultLabels({ role: processRole });
    collectDefaultMetrics({ register: registry, prefix: 'freightflow_' });
    defaultsCollected = true;
  }
  return registry;
}

export const httpDuration = new Histogram({
  name: 'freightflow_http_request_duration_seconds',
  help: 'HTTP request latency by method, route template and status code',
  labelNames: ['method', 'route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [registry],
});

export const stepsTotal = new Counter({
  name: 'freightflow_steps_total',
  help: 'Workflow steps sent through the API, by process kind, step and outcome (accepted, refused, failed)',
  labelNames: ['process', 'step', 'outcome'] as const,
  registers: [registry],
});

export const activityFailures = new Counter({
  name: 'freightflow_activity_failures_total',
  help: 'Activity errors classified as deterministic and not retried (data, constraint, bug, refused)',
  labelNames: ['activity', 'kind'] as const,
  registers: [registry],
});
