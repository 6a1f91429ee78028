import { useQuery } from '@tanstack/react-query';
import { api } from '../api.js';

/** Under `review-tasks`: whatever refreshes the tasks refreshes the count too. */
export const REVIEW_COUNT_KEY = ['review-tasks', 'count'] as const;

/** My pending review tasks: polled every 30 s like the bell, as a background request. */
export function useReviewTaskCount(enabled = true) {
  return useQuery({
    queryKey: REVIEW_COUNT_KEY,
    queryFn: api.reviews.count,
    refetchInterval: 30_000,
    refetchIntervalInBackground: true,
    enabled,
    meta: { quiet: true },
  });
}
