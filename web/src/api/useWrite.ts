/**
 * One write of the desk (a step, a create, a change) as a React hook: `key` is the Idempotency-Key of
 * the current click — made when the form opens (`reset()`), reused only when the very same submission
 * (method, path, body) is sent again after a network error or a 5xx, so a retry never applies twice.
 * A changed submission, or one after a definitive answer (success or 4xx), gets a fresh key: the
 * server refuses a key reused for a different request (`idempotency_key_reused`).
 * On success the given queries are refetched; the write resolves when they are fresh, or after
 * `REFETCH_WAIT_MS` at the latest (the refetch goes on), so a slow read never holds a form open after
 * the server has accepted the write. A 409 (the record moved on meanwhile) refetches every read on screen
 * (refreshAfterConflict), so the page shows the record as it now is.
 */
import { useMutation, useQueryClient, type QueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { ApiError, newIdempotencyKey, sendWrite } from './client';

/**
 * After a 409 — another tab or person moved the record on — refetch every read the screen shows (the record, its
 * list, the inbox badge), so its status, step bar and buttons are the record's as it now is, not as it was when the
 * page was read (try-out s13: a stale tab kept its Approve button after the refusal). Other errors change nothing.
 */
export function refreshAfterConflict(queryClient: QueryClient, error: unknown): void {
  if (error instanceof ApiError && error.status === 409) void queryClient.invalidateQueries();
}

/** How long a successful write waits for its refetches before resolving (ms). */
export const REFETCH_WAIT_MS = 5_000;

export function useWrite<T = unknown>(invalidate: QueryKey[] = []) {
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  /** The submission the current key was last sent with; null when the key is unused. */
  const sent = useRef<string | null>(null);
  const mutation = useMutation({
    mutationFn: (v: { method: 'POST' | 'PUT' | 'PATCH'; path: string; body: unknown }) => {
      const submission = JSON.stringify([v.method, v.path, v.body]);
      if (sent.current !== null && sent.current !== submission) key.current = newIdempotencyKey();
      sent.current = submission;
      return sendWrite<T>(v.method, v.path, v.body, key.current);
    },
    onSuccess: async () => {
      key.current = newIdempotencyKey();
      sent.current = null;
      const refetched = Promise.all(invalidate.map((k) => queryClient.invalidateQueries({ queryKey: k })));
      await Promise.race([refetched, new Promise((resolve) => setTimeout(resolve, REFETCH_WAIT_MS))]);
    },
    onError: (error) => {
      // A 4xx is the server's final word on this request: the next click is a new request.
      if (error instanceof ApiError && error.status >= 400 && error.status < 500) {
        key.current = newIdempotencyKey();
        sent.current = null;
      }
      refreshAfterConflict(queryClient, error);
    },
  });
  const forget = mutation.reset;
  return {
    ...mutation,
    /** A new click: a fresh key, the last error forgotten. */
    reset: () => {
      key.current = newIdempotencyKey();
      sent.current = null;
      forget();
    },
  };
}
