import { useState } from 'react';
import { keepPreviousData, useInfiniteQuery, type InfiniteData } from '@tanstack/react-query';

/** One page of a list the server pages by cursor: its rows and the cursor of the next page (null: the last). */
export interface CursorPage<T, C extends string | number = string> {
  items: T[];
  nextCursor: C | null;
}

export interface CursorQueryOptions<F extends object, T, C extends string | number = string> {
  /** The query key's prefix (what invalidations name); the filters and page size are appended to it. */
  queryKey: readonly unknown[];
  /** What the list is narrowed and ordered by: a change starts over from the first page. */
  filters: F;
  fetch: (request: F & { limit: number; cursor?: C }) => Promise<CursorPage<T, C>>;
  pageSize?: number;
}

/**
 * A list the server pages by cursor (a keyset: no page numbers it could honour cheaply). Rows accumulate as the
 * reader asks for more ("load more"), never as numbered pages it cannot jump to; a new filter or page size
 * starts over. `PagedTable` shows it with its "more" footer.
 */
export function useCursorQuery<F extends object, T, C extends string | number = string>({
  queryKey,
  filters,
  fetch,
  pageSize: initialPageSize = 20,
}: CursorQueryOptions<F, T, C>) {
  const [pageSize, setPageSize] = useState(initialPageSize);
  const query = useInfiniteQuery<CursorPage<T, C>, Error, InfiniteData<CursorPage<T, C>>, unknown[], C | undefined>({
    queryKey: [...queryKey, filters, pageSize],
    queryFn: ({ pageParam }) =>
      fetch({ ...filters, limit: pageSize, ...(pageParam === undefined ? {} : { cursor: pageParam as C }) }),
    initialPageParam: undefined as C | undefined,
    getNextPageParam: (last: CursorPage<T, C>): C | undefined => last.nextCursor ?? undefined,
    placeholderData: keepPreviousData,
  });
  return {
    query,
    items: query.data?.pages.flatMap((p) => p.items) ?? [],
    hasMore: query.hasNextPage,
    loadMore: () => void query.fetchNextPage(),
    pageSize,
    setPageSize,
  };
}

export type CursorQuery<T> = ReturnType<typeof useCursorQuery<object, T, string | number>>;
