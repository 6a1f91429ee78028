import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

/** Every query of requests starts with this key: after a decision, invalidating it refreshes lists and counts. */
export const REQUESTS_KEY = ['requests'] as const;
export const COUNTS_KEY = ['requests', 'counts'] as const;
export const CHAINS_KEY = ['approval-chains'] as const;

/** Approvals waiting for me and my pending requests: polled every 30 s like the bell, as a background request. */
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

/** The chains, the registered types with the groups each may name, and the functional roles' names. */
export function useApprovalChains() {
  return useQuery({ queryKey: CHAINS_KEY, queryFn: api.chains.get, staleTime: 60_000 });
}
