/**
 * The one API client of the desk: openapi-fetch typed by the generated `schema.d.ts`, the session's
 * bearer token on every call, answers that are errors thrown as ApiError, and steps sent with an
 * Idempotency-Key that a retry (network error, 503) reuses.
 */
import createClient, { type Middleware } from 'openapi-fetch';
import type { paths } from './schema';
import { currentToken, signOutLocally } from '../auth/session';

export const api = createClient<paths>({ baseUrl: '' });

const auth: Middleware = {
  onRequest({ request }) {
    const token = currentToken();
    if (token) request.headers.set('authorization', `Bearer ${token}`);
    return request;
  },
  onResponse({ response }) {
    // An expired or revoked session: back to the sign-in page.
    if (response.status === 401 && currentToken()) signOutLocally();
    return response;
  },
};
api.use(auth);

/** The API's error shape `{ code, message, details }` as an Error; `reason` is `details.reason` when given. */
export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
  get reason(): string | undefined {
    return typeof this.details.reason === 'string' ? this.details.reason : undefined;
  }
  /**
   * The fields the refusal names, `{ path, message }`: `details.fields[]` of a 400, or the one `details.field`
   * of a 422 (a business rule on one field, e.g. `receivedOn` in the future) with the refusal's message.
   */
  get fields(): { path: string; message: string }[] {
    if (Array.isArray(this.details.fields)) return this.details.fields as { path: string; message: string }[];
    return typeof this.details.field === 'string' ? [{ path: this.details.field, message: this.message }] : [];
  }
}

function toApiError(status: number, body: unknown): ApiError {
  const b = (body ?? {}) as { code?: unknown; message?: unknown; details?: unknown };
  return new ApiError(
    status,
    typeof b.code === 'string' ? b.code : 'internal',
    typeof b.message === 'string' ? b.message : `HTTP ${status}`,
    b.details && typeof b.details === 'object' ? (b.details as Record<string, unknown>) : {},
  );
}

/** Unwraps an openapi-fetch result: the data, or an ApiError thrown. */
export async function unwrap<T>(call: Promise<{ data?: T; error?: unknown; response: Response }>): Promise<T> {
  const { data, error, response } = await call;
  if (!response.ok) throw toApiError(response.status, error);
  return data as T;
}

/** A fresh Idempotency-Key, one per click. */
export const newIdempotencyKey = (): string => `desk-${crypto.randomUUID()}`;

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The writes on their way, by `[method, path, body]` as JSON: what `sendWrite` answers a repeat with. */
const inFlight = new Map<string, Promise<unknown>>();

/**
 * Sends a write (a step, a create) to `path` with `key` as its Idempotency-Key; on a network error or
 * a 503 it tries again with the same key (3 tries, 0.5 s then 1.5 s apart), so it is applied once.
 * Returns the parsed JSON answer; throws ApiError for any other non-2xx answer.
 *
 * A write is never sent twice at once: while the same method, path and body are on their way (a double click on
 * a button or a form's submit, whatever key the second click brought), the repeat gets the first one's promise —
 * its answer or its error — and sends nothing (issue 13: a double click on the diary's submit drew a 409). Every
 * write of the desk passes here (useWrite, ActionBar, ActionButtons, the pages' own forms), so this is the one
 * place; buttons still show `loading` while their write is pending.
 */
export function sendWrite<T = unknown>(
  method: 'POST' | 'PUT' | 'PATCH',
  path: string,
  body: unknown,
  key: string = newIdempotencyKey(),
): Promise<T> {
  const submission = JSON.stringify([method, path, body ?? {}]);
  const pending = inFlight.get(submission);
  if (pending) return pending as Promise<T>;
  const sent = send<T>(method, path, body, key).finally(() => inFlight.delete(submission));
  inFlight.set(submission, sent);
  return sent;
}

async function send<T>(method: 'POST' | 'PUT' | 'PATCH', path: string, body: unknown, key: string): Promise<T> {
  let lastError: unknown;
  for (let attempt = 0; attempt < 3; attempt++) {
    if (attempt > 0) await sleep(attempt === 1 ? 500 : 1500);
    let response: Response;
    try {
      const headers: Record<string, string> = { 'content-type': 'application/json', 'idempotency-key': key };
      const token = currentToken();
      if (token) headers.authorization = `Bearer ${token}`;
      response = await fetch(path, { method, headers, body: JSON.stringify(body ?? {}) });
    } catch (e) {
      lastError = e;
      continue;
    }
    const text = await response.text();
    const json = text ? (JSON.parse(text) as unknown) : undefined;
    if (response.ok) return json as T;
    if (response.status === 401 && currentToken()) signOutLocally();
    lastError = toApiError(response.status, json);
    if (response.status !== 503) throw lastError;
  }
  throw lastError instanceof ApiError
    ? lastError
    : new ApiError(0, 'network', (lastError as Error | undefined)?.message ?? 'Network error');
}
