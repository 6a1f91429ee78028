import { useState } from 'react';
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';

/** One page of a list the server pages by cursor: its rows and the cursor of the next page (null: the last). */
export interface CursorPage<T, C extends string | number = string> {
  items: T[];
  nextCursor: C | null;
}

export interface CursorQueryOptions<
  F extends object,
  T,
  C extends string | number = string,
  P extends object = object,
> {
  /** The query key's prefix (what invalidations name); the filters and page size are appended to it. */
  queryKey: readonly unknown[];
  /** What the list is narrowed and ordered by: a change starts over from the first page. */
  filters: F;
  /** A page may carry more than its rows (a total, counts): `first` hands them on as the server sent them. */
  fetch: (request: F & { limit: number; cursor?: C }) => Promise<P & CursorPage<T, C>>;
  pageSize?: number;
  /** false: fetch nothing (a reader the page refuses makes no request the policy would deny and audit). */
  enabled?: boolean;
}

/**
 * A list the server pages by cursor (a keyset: no page numbers it could honour cheaply). Rows accumulate as the
 * reader asks for more ("load more"), never as numbered pages it cannot jump to; a new filter or page size
 * starts over. `PagedTable` shows it with its "more" footer.
 */
export function useCursorQuery<F extends object, T, C extends string | number = string, P extends object = object>({
  queryKey,
  filters,
  fetch,
  pageSize: initialPageSize = 20,
  enabled = true,
}: CursorQueryOptions<F, T, C, P>) {
  const [pageSize, setPageSize] = useState(initialPageSize);
  type Page = P & CursorPage<T, C>;
  const query = useInfiniteQuery<Page, Error, InfiniteData<Page>, unknown[], C | undefined>({
    queryKey: [...queryKey, filters, pageSize],
    queryFn: ({ pageParam }) =>
      fetch({ ...filters, limit: pageSize, ...(pageParam === undefined ? {} : { cursor: pageParam as C }) }),
    initialPageParam: undefined as C | undefined,
    getNextPageParam: (last: Page): C | undefined => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
    enabled,
  });
  return {
    query,
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    /** The first page as sent (what it carries besides rows, such as totals over every page). */
    first: query.data?.pages[0],
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    pageSize,
    setPageSize,
  };
}

export type CursorQuery<T> = ReturnType<typeof useCursorQuery<object, T, string | number>>;
