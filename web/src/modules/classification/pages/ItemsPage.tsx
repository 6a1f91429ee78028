import { useState } from 'react';
import { Button, Input, Select, Space, Typography, type TableProps } from 'antd';
import { DownloadOutlined, KeyOutlined, PlusOutlined, WarningOutlined } from '@ant-design/icons';
import { keepPreviousData, useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate, useSearchParams } from 'react-router';
import { api, type ItemFilters } from '../api.js';
import { useAbility } from '../../../app/auth.js';
import {
  ITEM_SORTS,
  type ItemCategory,
  type ItemSort,
  type ItemStatus,
  type ItemSummary,
  type Level,
} from '../../../app/contracts.js';
import { LEVELS } from '../../../../../src/kernel/levels.js';
import { ITEM_STATUSES } from '../../../../../src/kernel/secret-item.js';
import { ItemStatusTag, MarkingTag, termText, useClassificationSettings } from '../components/common.js';
import { AccessRequestModal } from '../components/AccessRequestModal.js';
import { EmergencyAccessModal } from '../components/EmergencyAccessModal.js';
import { UserPicker } from '../components/UserPicker.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { useCursorQuery } from '../../../shared/useCursorQuery.js';

function pick<T extends string>(v: string | null, allowed: readonly T[]): T | undefined {
  return v && (allowed as readonly string[]).includes(v) ? (v as T) : undefined;
}

/**
 * The catalogue of secret items the person may know (the server filters by clearance and need-to-know).
 * Filters and the order (column headers) live in the URL; rows follow the server's cursors ("load more": a
 * keyset has no page numbers), the total comes from the count.
 */
export function ItemsPage() {
  const { t, i18n } = useTranslation('classification');
  const can = useAbility();
  const navigate = useNavigate();
  const settings = useClassificationSettings();
  const [params, setParams] = useSearchParams();
  const filters: ItemFilters = {
    q: params.get('q') || undefined,
    level: pick<Level>(params.get('level'), LEVELS),
    category: (params.get('category') as ItemCategory | null) ?? undefined, // the server checks the value
    status: pick<ItemStatus>(params.get('status'), ITEM_STATUSES),
    custodianId: params.get('custodian') || undefined, // the server checks the id
  };
  const sort: ItemSort = pick<ItemSort>(params.get('sort'), ITEM_SORTS) ?? 'number';
  const order: 'asc' | 'desc' = params.get('order') === 'asc' ? 'asc' : 'desc';
  const list = useCursorQuery({
    queryKey: ['items', 'list'],
    filters: { ...filters, sort, order },
    fetch: api.items.list,
  });
  const count = useQuery({
    queryKey: ['items', 'count', filters],
    queryFn: () => api.items.count(filters),
    placeholderData: keepPreviousData,
  });
  const [asking, setAsking] = useState(false);
  const [emergency, setEmergency] = useState(false);
  // Offered only to those who may ask at all (not the sysadmin or auditor; a clearance class): others would
  // only meet a refusal. Whether a given number can succeed is the server's answer, which reveals nothing more.
  const mayAsk = can('item.ask_access');
  const emergencyOn = (settings.data?.policy.emergencyEnabled ?? false) && mayAsk;

  const setParam = (k: string, v: string | undefined) => {
    const next = new URLSearchParams(params);
    if (v) next.set(k, v);
    else next.delete(k);
    setParams(next, { replace: true });
  };

  const columns: TableProps<ItemSummary>['columns'] = [
    {
      title: t('item.number'),
      dataIndex: 'number',
      key: 'number',
      sorter: true,
      width: 150,
      render: (n: string, i) => <Link to={`/items/${i.id}`}>{n}</Link>,
    },
    { title: t('item.name'), dataIndex: 'title', render: (v: string, i) => <Link to={`/items/${i.id}`}>{v}</Link> },
    // Sorting by level orders by the marking's level (the server's `level` sort).
    { title: t('item.marking'), key: 'level', sorter: true, render: (_: unknown, i) => <MarkingTag item={i} /> },
    { title: t('item.category'), dataIndex: 'category', render: (c: ItemCategory) => t(`category.${c}`) },
    { title: t('item.status'), dataIndex: 'status', render: (s: ItemStatus) => <ItemStatusTag status={s} /> },
    {
      title: t('item.secrecyUntil'),
      key: 'secrecyUntil',
      sorter: true,
      render: (_: unknown, i) => termText(t, i),
    },
    { title: t('item.custodian'), dataIndex: 'custodianName', render: (v: string | null) => v ?? '—' },
    { title: t('item.department'), dataIndex: 'departmentName', render: (v: string | null) => v ?? '—' },
  ];

  // Names for the custodian filter: the custodians of the rows shown (all of them the one filtered by, if any).
  const custodiansShown = [
    ...new Map(
      list.items.map((i) => [i.custodianId, { id: i.custodianId, label: i.custodianName ?? i.custodianId }]),
    ).values(),
  ];
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Space style={{ width: '100%', justifyContent: 'space-between' }} wrap>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('item.title')}
        </Typography.Title>
        <Space wrap>
          <Button
            icon={<DownloadOutlined />}
            href={api.items.exportUrl('xlsx', filters, i18n.language)}
            data-testid="item-export-xlsx"
          >
            {t('common.exportXlsx')}
          </Button>
          <Button
            icon={<DownloadOutlined />}
            href={api.items.exportUrl('csv', filters, i18n.language)}
            data-testid="item-export-csv"
          >
            {t('common.exportCsv')}
          </Button>
          {mayAsk && (
            <Button icon={<KeyOutlined />} onClick={() => setAsking(true)} data-testid="item-request-by-number">
              {t('item.requestByNumber')}
            </Button>
          )}
          {emergencyOn && (
            <Button
              danger
              icon={<WarningOutlined />}
              onClick={() => setEmergency(true)}
              data-testid="item-emergency-by-number"
            >
              {t('emergency.byNumber')}
            </Button>
          )}
          {can('item.propose') && (
            <Button
              type="primary"
              icon={<PlusOutlined />}
              onClick={() => navigate('/items/new')}
              data-testid="item-propose"
            >
              {t('item.propose')}
            </Button>
          )}
        </Space>
      </Space>
      <FilterBar
        testid="item-filters"
        activeMore={[filters.category, filters.custodianId].filter(Boolean).length}
        primary={[
          <Input.Search
            key="q"
            allowClear
            defaultValue={filters.q}
            placeholder={t('item.searchPlaceholder')}
            aria-label={t('item.searchPlaceholder')}
            style={{ width: 280 }}
            onSearch={(q) => setParam('q', q.trim() || undefined)}
            data-testid="item-search"
          />,
          <Select
            key="level"
            allowClear
            placeholder={t('item.filterLevel')}
            aria-label={t('item.filterLevel')}
            style={{ width: 160 }}
            value={filters.level}
            onChange={(v?: string) => setParam('level', v)}
            options={(settings.data?.levels ?? [])
              .filter((l) => l.inUse)
              .map((l) => ({ value: l.code, label: t(`level.${l.code}`) }))}
            data-testid="item-filter-level"
          />,
          <Select
            key="status"
            allowClear
            placeholder={t('item.filterStatus')}
            aria-label={t('item.filterStatus')}
            style={{ width: 130 }}
            value={filters.status}
            onChange={(v?: string) => setParam('status', v)}
            options={ITEM_STATUSES.map((s) => ({ value: s, label: t(`itemStatus.${s}`) }))}
            data-testid="item-filter-status"
          />,
        ]}
        more={[
          <Select
            key="category"
            allowClear
            placeholder={t('item.filterCategory')}
            aria-label={t('item.filterCategory')}
            style={{ width: 160 }}
            value={filters.category}
            onChange={(v?: string) => setParam('category', v)}
            options={(settings.data?.categories ?? []).map((c) => ({ value: c, label: t(`category.${c}`) }))}
            data-testid="item-filter-category"
          />,
          <UserPicker
            key="custodian"
            allowClear
            placeholder={t('item.filterCustodian')}
            style={{ width: 180 }}
            value={filters.custodianId ?? null}
            known={custodiansShown}
            anyStatus
            onChange={(v) => setParam('custodian', v)}
            testid="item-filter-custodian"
          />,
        ]}
      />
      {/* data-q names the search the rows belong to, rendered in the same commit as data-loading, so a reader
          (an end-to-end test) can tell the rows of this search from those of the previous one. */}
      <div
        data-testid="item-table"
        data-q={filters.q ?? ''}
        data-loading={String(list.query.isFetching || count.isFetching)}
      >
        <PagedTable<ItemSummary>
          cursor={list}
          total={count.data && !count.isPlaceholderData ? count.data.total : undefined}
          listKey="items"
          rowKey="id"
          size="middle"
          columns={columns}
          sort={{
            value: { field: sort, order },
            // Back to the default order (number, newest first) leaves the URL without sort parameters.
            onChange: (s) => {
              const next = new URLSearchParams(params);
              if (s && !(s.field === 'number' && s.order === 'desc')) {
                next.set('sort', s.field);
                next.set('order', s.order);
              } else {
                next.delete('sort');
                next.delete('order');
              }
              setParams(next, { replace: true });
            },
          }}
          toolbar={
            count.data &&
            !count.isPlaceholderData && (
              <Typography.Text type="secondary" data-testid="item-total">
                {t('item.total', { n: count.data.total })}
              </Typography.Text>
            )
          }
          locale={{ emptyText: t('item.empty') }}
          scroll={{ x: 1000 }}
        />
      </div>
      <AccessRequestModal open={asking} onClose={() => setAsking(false)} />
      <EmergencyAccessModal
        open={emergency}
        onClose={() => setEmergency(false)}
        onGranted={(id) => navigate(`/items/${id}`)}
      />
    </Space>
  );
}
