import { useState, type Key, type ReactNode } from 'react';
import { Button, Flex, Select, Table, Typography, type TablePaginationConfig, type TableProps } from 'antd';
import type { SortOrder } from 'antd/es/table/interface.js';
import type { PagedQuery } from './usePagedQuery.js';
import type { CursorQuery } from './useCursorQuery.js';
import { useListTexts } from './i18n/index.js';
import { SelectionBar, TableToolbar } from './TableToolbar.js';
import { columnId, useTableSettings, type Density } from './tableSettings.js';

/** How the pager looks (size changer, sizes, hidden on a single page); the page itself comes from the query. */
export type PagerOptions = Omit<TablePaginationConfig, 'current' | 'pageSize' | 'total' | 'onChange'>;

/** A list's order as the server takes it: a field the server sorts by, and the direction. */
export interface ListSort {
  field: string;
  order: 'asc' | 'desc';
}

/** Column-header sorting: the columns with `sorter: true` sort on the server by their `key`. */
export interface SortControl {
  value: ListSort;
  /** undefined: back to the list's default order. */
  onChange: (sort: ListSort | undefined) => void;
}

/** Row selection for bulk actions: only the rows the reader may act on can be chosen (the list's abilities). */
export interface SelectionControl<T> {
  selectable: (row: T) => boolean;
  /** The bulk actions for the chosen rows; `clear` empties the choice (after an action). */
  actions: (rows: T[], clear: () => void) => ReactNode;
}

const CURSOR_SIZES = [20, 50, 100];
// Clicking a sorted header flips its direction and never falls back to "unsorted": the server always orders a list.
const FLIP: SortOrder[] = ['ascend', 'descend', 'ascend'];

type Source<T> =
  { paged: PagedQuery<T> } | { cursor: CursorQuery<T>; total?: number } | { rows: T[]; loading?: boolean };

type Props<T> = Omit<TableProps<T>, 'dataSource' | 'loading' | 'pagination' | 'size'> &
  Source<T> & {
    /** Names the list's kept settings (columns, density) and its test ids; without it they last for the page only. */
    listKey?: string;
    pager?: PagerOptions;
    sort?: SortControl;
    selection?: SelectionControl<T>;
    /** The list's default density (before the reader picks one). */
    size?: Density;
    /** Shown left in the toolbar when nothing is selectable (a caption, a count). */
    toolbar?: ReactNode;
  };

/**
 * The one list component: an antd Table over a server list paged by number (`usePagedQuery`: totals and page
 * size), by cursor (`useCursorQuery`: "load more", no page numbers it cannot honour) or a short list given whole;
 * with column-header sorting on the server's sort fields, column settings and density (kept per list in this
 * browser), and row selection for the bulk actions the module offers.
 */
export function PagedTable<T extends object>(props: Props<T>) {
  const { listKey = 'list', pager, sort, selection, size = 'middle', toolbar, columns = [], rowKey, ...table } = props;
  for (const k of ['paged', 'cursor', 'rows', 'total'] as const) delete (table as Record<string, unknown>)[k];
  const { t } = useListTexts();
  const { settings, save } = useTableSettings(props.listKey);
  const [chosen, setChosen] = useState<Key[]>([]);
  const density = settings.density ?? size;

  const items = 'paged' in props ? props.paged.items : 'cursor' in props ? props.cursor.items : props.rows;
  const loading =
    'paged' in props
      ? props.paged.query.isFetching
      : 'cursor' in props
        ? props.cursor.query.isFetching
        : (props.loading ?? false);
  const keyOf = (r: T): Key =>
    typeof rowKey === 'function' ? rowKey(r) : (r[(rowKey ?? 'key') as keyof T] as unknown as Key);
  // What is chosen is what is still listed and still actionable: a refreshed list drops rows acted upon.
  const chosenRows = selection ? items.filter((r) => chosen.includes(keyOf(r)) && selection.selectable(r)) : [];
  const clear = () => setChosen([]);

  const all = columns.map((c) => ({ id: columnId(c), title: c.title as ReactNode }));
  const visible = columns
    .filter((c) => !settings.hidden.includes(columnId(c)))
    .map((c) =>
      sort && c.sorter
        ? {
            ...c,
            sortDirections: FLIP,
            sortOrder: (sort.value.field === columnId(c)
              ? sort.value.order === 'asc'
                ? 'ascend'
                : 'descend'
              : null) as SortOrder,
          }
        : c,
    );

  const onChange: TableProps<T>['onChange'] = (_p, _f, sorter, extra) => {
    if (!sort || extra.action !== 'sort' || Array.isArray(sorter)) return;
    const field = sorter.columnKey === undefined ? undefined : String(sorter.columnKey);
    sort.onChange(field && sorter.order ? { field, order: sorter.order === 'ascend' ? 'asc' : 'desc' } : undefined);
  };

  const pagination: TableProps<T>['pagination'] =
    'paged' in props
      ? {
          showSizeChanger: true,
          showTotal: (n: number) => t('total', { n }),
          ...pager,
          ...props.paged.pagination,
        }
      : 'rows' in props
        ? {
            hideOnSinglePage: true,
            defaultPageSize: 20,
            showSizeChanger: true,
            showTotal: (n: number) => t('total', { n }),
            ...pager,
          }
        : false;

  return (
    <div data-testid={`${listKey}-list`}>
      <TableToolbar
        columns={all}
        settings={settings}
        onSettings={save}
        density={density}
        testid={listKey}
        left={
          selection ? (
            <SelectionBar count={chosenRows.length} actions={selection.actions(chosenRows, clear)} onClear={clear} />
          ) : (
            toolbar
          )
        }
      />
      <Table<T>
        {...table}
        rowKey={rowKey}
        size={density}
        columns={visible}
        dataSource={items}
        loading={loading}
        pagination={pagination}
        onChange={onChange}
        rowSelection={
          selection
            ? {
                selectedRowKeys: chosenRows.map(keyOf),
                onChange: (keys) => setChosen(keys),
                getCheckboxProps: (r) => ({ disabled: !selection.selectable(r) }),
              }
            : undefined
        }
      />
      {'cursor' in props && <CursorFooter cursor={props.cursor} total={props.total} listKey={listKey} />}
    </div>
  );
}

/** Below a cursor list: how many rows are shown of how many, "load more", and how many to load at a time. */
function CursorFooter<T>({ cursor, total, listKey }: { cursor: CursorQuery<T>; total?: number; listKey: string }) {
  const { t } = useListTexts();
  const shown = cursor.items.length;
  return (
    <Flex justify="flex-end" align="center" gap={12} wrap style={{ marginTop: 12 }}>
      <Typography.Text type="secondary" data-testid={`${listKey}-shown`}>
        {total === undefined ? t('shownNoTotal', { shown }) : t('shown', { shown, n: total })}
      </Typography.Text>
      <Button
        onClick={cursor.loadMore}
        disabled={!cursor.hasMore || cursor.query.isFetching}
        loading={cursor.query.isFetchingNextPage}
        data-testid={`${listKey}-more`}
      >
        {cursor.hasMore ? t('more') : t('noMore')}
      </Button>
      <Select
        aria-label={t('pageSize', { n: cursor.pageSize })}
        value={cursor.pageSize}
        onChange={cursor.setPageSize}
        options={CURSOR_SIZES.map((n) => ({ value: n, label: t('pageSize', { n }) }))}
        style={{ width: 130 }}
      />
    </Flex>
  );
}
