import { useState } from 'react';
import { keepPreviousData, useQuery } from '@tanstack/react-query';

/** The page a list asks the server for (numbered from 1). */
export interface PageRequest {
  page: number;
  pageSize: number;
}

/** One page of a list as the server answers it. */
export interface PageOf<T> {
  items: T[];
  total: number;
}

export interface PagedQueryOptions<F extends object, S extends object, T> {
  /** The query key's prefix (what invalidations name); the request is appended to it. */
  queryKey: readonly unknown[];
  /** What the list is narrowed by: when it changes (by value), the list goes back to its first page. */
  filters: F;
  /** How the rows are ordered: a change keeps the page (as antd's sorter does). */
  sort?: S;
  fetch: (request: F & S & PageRequest) => Promise<PageOf<T>>;
  pageSize?: number;
  enabled?: boolean;
}

/**
 * A list the server pages by number (`page`, `pageSize`, answered with `items` and `total`): the page state,
 * back to the first page whenever the filters change, and the query, which keeps the previous page on screen
 * while the next one loads. `pagination` fits antd's Table and List; `PagedTable` wires it to a Table.
 */
export function usePagedQuery<F extends object, S extends object, T>({
  queryKey,
  filters,
  sort,
  fetch,
  pageSize: initialPageSize = 20,
  enabled,
}: PagedQueryOptions<F, S, T>) {
  const filterKey = JSON.stringify(filters);
  const [state, setState] = useState({ filterKey, page: 1, pageSize: initialPageSize });
  // New filters start on page 1: reset while rendering (React's pattern for state that follows a prop), so
  // this render already asks for page 1 and going back to the earlier filters does not return to their page.
  if (state.filterKey !== filterKey) setState({ filterKey, page: 1, pageSize: state.pageSize });
  const page = state.filterKey === filterKey ? state.page : 1;
  const { pageSize } = state;
  const request = { ...filters, ...(sort ?? ({} as S)), page, pageSize };
  const query = useQuery({
    queryKey: [...queryKey, request],
    queryFn: () => fetch(request),
    placeholderData: keepPreviousData,
    enabled,
  });
  const setPage = (p: number, size: number = pageSize) => setState({ filterKey, page: p, pageSize: size });
  return {
    query,
    items: query.data?.items ?? [],
    page,
    pageSize,
    setPage,
    /** Back to page 1 (a search run again with the same filters starts over). */
    firstPage: () => setPage(1),
    pagination: { current: page, pageSize, total: query.data?.total ?? 0, onChange: setPage },
  };
}

export type PagedQuery<T> = ReturnType<typeof usePagedQuery<object, object, T>>;
