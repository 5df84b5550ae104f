/** Turns anything thrown in a route into `{ code, message, details }` with the status of HTTP_STATUS. */
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { hasZodFastifySchemaValidationErrors, isResponseSerializationError } from 'fastify-type-provider-zod';
import { WorkflowNotFoundError } from '@temporalio/common';
import {
  ServiceError,
  WorkflowUpdateFailedError,
  WorkflowUpdateRPCTimeoutOrCancelledError,
  isGrpcServiceError,
} from '@temporalio/client';
import { AppError, HTTP_STATUS, isErrorCode, type ErrorCode } from '../lib/errors';
import { REFUSAL_TEXT } from '../machines/refusal-text';

const DB_UNAVAILABLE = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'ENOTFOUND',
  'EPIPE',
  '57P01',
  '57P02',
  '57P03',
]);

function causeChain(err: unknown): unknown[] {
  const chain: unknown[] = [];
  let e: unknown = err;
  while (e && chain.length < 8) {
    chain.push(e);
    e = (e as { cause?: unknown }).cause;
  }
  return chain;
}

/** Maps Temporal, database and framework errors to AppError; unknown errors become `internal`. */
export function toAppError(err: unknown): AppError {
  if (err instanceof AppError) return err;
  if (err instanceof WorkflowUpdateFailedError) {
    const failure = causeChain(err).find((c) => isErrorCode((c as { type?: unknown }).type)) as
      { type: string; message: string; details?: unknown[] } | undefined;
    if (failure && isErrorCode(failure.type)) {
      const details = (failure.details?.[0] as Record<string, unknown> | undefined) ?? {};
      return new AppError(failure.type, failure.message, details);
    }
    return new AppError('conflict', (err.cause as Error | undefined)?.message ?? REFUSAL_TEXT.stepRefused());
  }
  if (err instanceof WorkflowUpdateRPCTimeoutOrCancelledError) {
    return new AppError('unavailable', 'The step was not confirmed in time; retry with the same Idempotency-Key');
  }
  if (err instanceof WorkflowNotFoundError) {
    return new AppError('conflict', REFUSAL_TEXT.processFinished(), {
      reason: 'wrong_state',
    });
  }
  for (const c of causeChain(err)) {
    if (isGrpcServiceError(c) && [14, 4].includes((c as { code: number }).code)) {
      return new AppError('unavailable', 'The workflow service is unavailable, try again shortly');
    }
    const code = (c as { code?: unknown }).code;
    if (typeof code === 'string' && (DB_UNAVAILABLE.has(code) || code.startsWith('08'))) {
      return new AppError('unavailable', 'The database is unavailable, try again shortly');
    }
    if (code === '23505') return new AppError('conflict', REFUSAL_TEXT.duplicate());
    // An exclusion constraint (a statement's period overlapping another's, migration 0031): the same kind of clash.
    if (code === '23P01') return new AppError('conflict', REFUSAL_TEXT.duplicate());
    // Text PostgreSQL cannot store (a NUL character, invalid encoding): the request's fault.
    if (code === '22P05' || code === '22021')
      return new AppError('bad_request', 'The request contains characters that cannot be stored (e.g. NUL)');
    if (
      c instanceof Error &&
      /Connection terminated|connect ECONNREFUSED|timeout exceeded when trying to connect/.test(c.message)
    ) {
      return new AppError('unavailable', 'The database is unavailable, try again shortly');
    }
  }
  if (err instanceof ServiceError && /UNAVAILABLE|DEADLINE/.test(err.message)) {
    return new AppError('unavailable', 'The workflow service is unavailable, try again shortly');
  }
  return new AppError('internal', 'Internal error');
}

/** One schema issue: where (path below the request part), its zod code, message, and unknown keys. */
export interface RequestIssue {
  path: readonly PropertyKey[];
  code: string;
  message: string;
  keys?: readonly string[] | undefined;
}

/**
 * The 400 `bad_request` of a request part (`body`, `params`, …) that failed its schema, with
 * `details.fields` [{path, message}] (`body.charges.0.amount`); an unknown key is reported at the key
 * itself (`body.bogus`: "unknown field"), so clients see which field to drop.
 */
export function invalidRequest(issues: readonly RequestIssue[], context: string): AppError {
  const fields = issues.flatMap((v) => {
    const base = [context, ...v.path.map(String)];
    const keys = v.code === 'unrecognized_keys' ? (v.keys ?? []) : [];
    if (keys.length) return keys.map((k) => ({ path: [...base, k].join('.'), message: 'unknown field' }));
    return [{ path: base.join('.'), message: v.message }];
  });
  return new AppError(
    'bad_request',
    `Invalid request: ${fields.map((f) => `${f.path} ${f.message}`).join('; ')}`.slice(0, 500),
    { fields },
  );
}

export function errorHandler(err: FastifyError | Error, req: FastifyRequest, reply: FastifyReply): void {
  let appErr: AppError;
  if (hasZodFastifySchemaValidationErrors(err)) {
    const context = (err as { validationContext?: string }).validationContext ?? 'body';
    appErr = invalidRequest(
      err.validation.map((v) => ({
        path: v.instancePath.split('/').filter(Boolean),
        code: v.keyword,
        message: v.message ?? 'invalid',
        keys: (v.params as { keys?: string[] }).keys,
      })),
      context,
    );
  } else if (isResponseSerializationError(err)) {
    req.log.error({ err }, 'response did not match its schema');
    appErr = new AppError('internal', 'Internal error');
  } else if (
    'statusCode' in err &&
    typeof err.statusCode === 'number' &&
    err.statusCode >= 400 &&
    err.statusCode < 500
  ) {
    appErr = new AppError(codeOfStatus(err.statusCode), err.message);
  } else {
    appErr = toAppError(err);
    if (appErr.code === 'internal') req.log.error({ err }, 'unhandled error');
    else if (appErr.code === 'unavailable') req.log.warn({ err: (err as Error).message }, 'dependency unavailable');
  }
  void reply
    .status(HTTP_STATUS[appErr.code])
    .send({ code: appErr.code, message: appErr.message, details: appErr.details });
}

/** The error code of a 4xx status Fastify or a plugin raised; anything not listed is `bad_request`. */
function codeOfStatus(status: number): ErrorCode {
  const codes: Partial<Record<number, ErrorCode>> = {
    413: 'payload_too_large',
    414: 'uri_too_long',
    415: 'unsupported_media_type',
    429: 'rate_limited',
    431: 'header_too_large',
  };
  return codes[status] ?? 'bad_request';
}

/** Errors Fastify raises before a route runs (bad URL encoding, over-long parameters: 414 `uri_too_long`), in the same shape. */
export function frameworkErrorHandler(err: FastifyError, _req: FastifyRequest, reply: FastifyReply): void {
  const status =
    typeof err.statusCode === 'number' && err.statusCode >= 400 && err.statusCode < 500 ? err.statusCode : 400;
  const code = codeOfStatus(status);
  const message = code === 'uri_too_long' ? 'A path parameter is longer than 100 characters' : err.message;
  void reply.status(HTTP_STATUS[code] === status ? status : 400).send({ code, message, details: { reason: err.code } });
}

/** Malformed HTTP (oversized headers, bad syntax) answered in the common shape before the socket closes. */
export function clientErrorHandler(err: Error & { code?: string }, socket: import('node:net').Socket): void {
  if (!socket.writable) return;
  const status = err.code === 'HPE_HEADER_OVERFLOW' ? 431 : 400;
  const body = JSON.stringify({
    code: status === 431 ? 'header_too_large' : 'bad_request',
    message: status === 431 ? 'Request headers too large' : 'Malformed request',
    details: {},
  });
  socket.end(
    `HTTP/1.1 ${status} ${status === 431 ? 'Request Header Fields Too Large' : 'Bad Request'}\r\ncontent-type: application/json; charset=utf-8\r\ncontent-length: ${Buffer.byteLength(body)}\r\nconnection: close\r\n\r\n${body}`,
  );
}
