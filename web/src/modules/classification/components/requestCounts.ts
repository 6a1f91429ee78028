import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

export const COUNTS_KEY = ['requests', 'counts'] as const;

/** Pending approvals, my pending requests and review tasks: polled every 30 s like the bell, as a background request. */
export function useRequestCounts(enabled = true) {
  return useQuery({
    queryKey: COUNTS_KEY,
    queryFn: api.requests.counts,
    refetchInterval: 30_000,
    refetchIntervalInBackground: true,
    enabled,
    meta: { quiet: true },
  });
}
