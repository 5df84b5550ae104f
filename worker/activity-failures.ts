/**
 * One rule for every activity: a failure that would fail the same way on every retry is not retried.
 * The activity's transaction has rolled back, so the record stays in its previous state; the step's
 * Update fails with an ApplicationFailure whose `type` is an API error code (the API answers it as
 * that status, naming the cause), and the failure is logged and counted
 * (`freightflow_activity_failures_total`) so someone is alerted.
 *
 * Deterministic (never retried):
 * - `AppError` thrown by our own code (a rule refused the input) → its own code, except `unavailable`;
 * - PostgreSQL SQLSTATE class 22 (data exception: numeric overflow, invalid date, string too long) →
 *   `unprocessable` (422);
 * - class 23 (integrity: check, not-null, foreign key) except 23505 unique violation, which a
 *   concurrent retry of the same idempotent step can meet and then pass → `unprocessable` (422);
 * - a programming error (TypeError, RangeError, ReferenceError, SyntaxError) → `internal` (500).
 * Everything else (connection loss, serialization failure 40001, timeouts) is retried as before.
 */
import { ApplicationFailure } from '@temporalio/common';
import type {
  ActivityExecuteInput,
  ActivityInboundCallsInterceptor,
  ActivityInterceptorsFactory,
  Next,
} from '@temporalio/worker';
import { AppError } from '../lib/errors';
import { activityFailures } from '../lib/metrics';

type FailureKind = 'refused' | 'data' | 'constraint' | 'bug';

const PROGRAMMING_ERRORS = [TypeError, RangeError, ReferenceError, SyntaxError];

/** The non-retryable failure `err` becomes, with its kind, or null when a retry may succeed. */
function classifyActivityError(err: unknown): { failure: ApplicationFailure; kind: FailureKind } | null {
  if (err instanceof ApplicationFailure) return null; // already decided by the activity itself
  if (err instanceof AppError) {
    if (err.code === 'unavailable') return null;
    return {
      kind: 'refused',
      failure: ApplicationFailure.create({
        type: err.code,
        message: err.message,
        details: [err.details],
        nonRetryable: true,
        cause: err,
      }),
    };
  }
  const sqlState = (err as { code?: unknown } | null)?.code;
  if (typeof sqlState === 'string' && /^2[23][0-9A-Z]{3}$/.test(sqlState) && sqlState !== '23505') {
    const kind: FailureKind = sqlState.startsWith('22') ? 'data' : 'constraint';
    const what = kind === 'data' ? 'a value the database cannot hold' : 'a database integrity rule';
    return {
      kind,
      failure: ApplicationFailure.create({
        type: 'unprocessable',
        message: `The step was not applied: ${what} refused it (${(err as Error).message}, SQLSTATE ${sqlState}); the record is unchanged`,
        details: [{ reason: kind === 'data' ? 'storage_data_exception' : 'storage_integrity_violation', sqlState }],
        nonRetryable: true,
      }),
    };
  }
  if (PROGRAMMING_ERRORS.some((E) => err instanceof E)) {
    return {
      kind: 'bug',
      failure: ApplicationFailure.create({
        type: 'internal',
        message: `The step was not applied: an internal error (${(err as Error).name}) stopped it; the record is unchanged and the error is logged`,
        details: [{ reason: 'internal_error' }],
        nonRetryable: true,
      }),
    };
  }
  return null;
}

class NonRetryableDeterministicFailures implements ActivityInboundCallsInterceptor {
  constructor(private readonly ctx: Parameters<ActivityInterceptorsFactory>[0]) {}

  async execute(input: ActivityExecuteInput, next: Next<ActivityInboundCallsInterceptor, 'execute'>): Promise<unknown> {
    try {
      return await next(input);
    } catch (err) {
      const classified = classifyActivityError(err);
      if (!classified) throw err;
      const activity = this.ctx.info.activityType;
      activityFailures.inc({ activity, kind: classified.kind });
      const log = {
        activity,
        workflowId: this.ctx.info.workflowExecution?.workflowId,
        kind: classified.kind,
        error: (err as Error).message,
      };
      if (classified.kind === 'refused') this.ctx.log.warn('activity refused its input; not retried', log);
      else
        this.ctx.log.error('activity failed deterministically; not retried', { ...log, stack: (err as Error).stack });
      throw classified.failure;
    }
  }
}

/** The worker's activity interceptor: `interceptors: { activity: [nonRetryableDeterministicFailures] }`. */
export const nonRetryableDeterministicFailures: ActivityInterceptorsFactory = (ctx) => ({
  inbound: new NonRetryableDeterministicFailures(ctx),
});
