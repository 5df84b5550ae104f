/**
 * One write of the desk (a step, a create, a change) as a React hook: `key` is the Idempotency-Key of
 * the current click — made when the form opens (`reset()`), reused when the same submission is sent
 * again after an error, so a retry never applies twice. On success the given queries are refetched.
 */
import { useMutation, useQueryClient, type QueryKey } from '@tanstack/react-query';
import { useRef } from 'react';
import { newIdempotencyKey, sendWrite } from './client';

export function useWrite<T = unknown>(invalidate: QueryKey[] = []) {
  const queryClient = useQueryClient();
  const key = useRef(newIdempotencyKey());
  const mutation = useMutation({
    mutationFn: (v: { method: 'POST' | 'PUT' | 'PATCH'; path: string; body: unknown }) =>
      sendWrite<T>(v.method, v.path, v.body, key.current),
    onSuccess: async () => {
      key.current = newIdempotencyKey();
      await Promise.all(invalidate.map((k) => queryClient.invalidateQueries({ queryKey: k })));
    },
  });
  const forget = mutation.reset;
  return {
    ...mutation,
    /** A new click: a fresh key, the last error forgotten. */
    reset: () => {
      key.current = newIdempotencyKey();
      forget();
    },
  };
}
