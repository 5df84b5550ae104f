/** The signed-in user (`GET /me`): id, role, display name, manager. */
import { useQuery } from '@tanstack/react-query';
import { api, unwrap } from '../api/client';

export const useMe = () => useQuery({ queryKey: ['me'], queryFn: () => unwrap(api.GET('/me')), staleTime: 60_000 });

/** Inbox count for the navigation badge; refreshed every 5 s. */
export const useInboxCount = () =>
  useQuery({
    queryKey: ['inbox', 'count'],
    queryFn: () => unwrap(api.GET('/inbox', { params: { query: { limit: 1 } } })),
    refetchInterval: 5_000,
    select: (d) => d.total,
  });
