/** The signed-in user (`GET /me`): id, role, display name, manager. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/me')), staleTime: 60_000 });

/** What the desk may offer the signed-in user outside a record's actions (`GET /me` `may`, api/capabilities.ts). */
export type Capability = keyof NonNullable<ReturnType<typeof useMe>['data']>['may'];

/**
 * `may(name)`: whether the API's own rule lets the signed-in user do `name` (a menu, a "new …" button); false
 * while `/me` loads. `known` is false until then, so a page can wait before answering "not for your role".
 */
export function useMay(): { may: (name: Capability) => boolean; known: boolean } {
  const me = useMe();
  return { may: (name) => me.data?.may[name] ?? false, known: me.data !== undefined };
}

/** Inbox count for the navigation badge; refreshed every 5 s. */
export const useInboxCount = () =>
  useQuery({
    queryKey: ['inbox', 'count'],
    queryFn: () => unwrap(api.GET('/inbox', { params: { query: { limit: 1 } } })),
    refetchInterval: 5_000,
    select: (d) => d.total,
  });
