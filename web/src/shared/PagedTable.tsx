import { Table, type TablePaginationConfig, type TableProps } from 'antd';
import type { PagedQuery } from './usePagedQuery.js';

/** How the pager looks (size changer, sizes, hidden on a single page); the page itself comes from the query. */
export type PagerOptions = Omit<TablePaginationConfig, 'current' | 'pageSize' | 'total' | 'onChange'>;

/** An antd Table showing one page of a `usePagedQuery` list: its rows, loading state and pager. */
export function PagedTable<T extends object>({
  paged,
  pager,
  ...table
}: Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination'> & { paged: PagedQuery<T>; pager?: PagerOptions }) {
  return (
    <Table<T>
      {...table}
      dataSource={paged.items}
      loading={paged.query.isFetching}
      pagination={{ ...pager, ...paged.pagination }}
    />
  );
}
