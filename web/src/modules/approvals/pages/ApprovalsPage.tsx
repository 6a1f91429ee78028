import { useState } from 'react';
import { Badge, Select, Space, Tabs, Typography, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { api } from '../api.js';
import type { RequestBox, RequestListItem, RequestStatus, RequestType } from '../../../app/contracts.js';
import { REQUEST_STATUSES } from '../../../../../src/kernel/approvals.js';
import { fmtDateTime } from '../../../app/format.js';
import { useRequestTypes } from '../../../app/requestTypes.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';
import { useApprovalChains, useRequestCounts } from '../components/queries.js';
import { BulkDecide } from '../components/BulkDecide.js';
import { FilterBar } from '../../../shared/FilterBar.js';
import { LevelTag, RequestStatusTag, useRequestTypeText } from '../components/texts.js';

const BOXES: readonly RequestBox[] = ['inbox', 'mine', 'decided'];

/** Approval inbox (tasks of my current steps), my own requests, and what I have decided: of every request type. */
export function ApprovalsPage() {
  const { t } = useTranslation('approvals');
  const [params, setParams] = useSearchParams();
  const raw = params.get('box');
  const box: RequestBox = BOXES.includes(raw as RequestBox) ? (raw as RequestBox) : 'inbox';
  const [filters, setFilters] = useState<{ type?: RequestType; status?: RequestStatus }>({});
  // The server orders requests by when they were made: the 提交时间 header flips it.
  const [order, setOrder] = useState<'asc' | 'desc'>('desc');
  // A new box or filter starts on page 1.
  const list = usePagedQuery({
    queryKey: ['requests', 'list'],
    filters: { box, ...filters },
    sort: { order },
    fetch: api.requests.list,
  });
  const counts = useRequestCounts();
  const typeText = useRequestTypeText();
  const registry = useRequestTypes();
  // The types the server registers (the chains list them), else those the web's modules know.
  const types = useApprovalChains().data?.types.map((x) => x.type) ?? Object.keys(registry);

  const columns: TableProps<RequestListItem>['columns'] = [
    {
      title: t('approval.number'),
      dataIndex: 'number',
      width: 160,
      render: (n: string, r) => <Link to={`/approvals/${r.id}`}>{n}</Link>,
    },
    { title: t('approval.type'), dataIndex: 'type', render: (v: string) => typeText(v) },
    {
      title: t('approval.target'),
      key: 'target',
      render: (_: unknown, r) => (
        <Space size={4} wrap>
          <Typography.Text>{r.targetReference}</Typography.Text>
          {r.targetTitle && <Typography.Text>{r.targetTitle}</Typography.Text>}
          {r.targetLevel && <LevelTag level={r.targetLevel} />}
        </Space>
      ),
    },
    { title: t('approval.requester'), dataIndex: 'requesterName', render: (v: string | null) => v ?? '—' },
    { title: t('approval.subject'), dataIndex: 'subjectName', render: (v: string | null) => v ?? '—' },
    {
      title: t('approval.step'),
      key: 'step',
      render: (_: unknown, r) =>
        r.stepCount ? t('approval.stepOf', { n: Math.min(r.currentStep + 1, r.stepCount), total: r.stepCount }) : '—',
    },
    { title: t('approval.status'), dataIndex: 'status', render: (s: RequestStatus) => <RequestStatusTag status={s} /> },
    { title: t('approval.createdAt'), dataIndex: 'createdAt', key: 'createdAt', sorter: true, render: fmtDateTime },
    {
      title: t('approval.expiresAt'),
      dataIndex: 'expiresAt',
      render: (v: string, r) => (r.status === 'pending' ? fmtDateTime(v) : '—'),
    },
  ];

  const label = (b: RequestBox) => {
    const n = b === 'inbox' ? counts.data?.inbox : b === 'mine' ? counts.data?.minePending : undefined;
    return (
      <span data-testid={`approvals-tab-${b}`}>
        {t(`approval.${b}`)} {n ? <Badge count={n} size="small" style={{ marginLeft: 4 }} /> : null}
      </span>
    );
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('approval.title')}
      </Typography.Title>
      <Tabs
        activeKey={box}
        onChange={(k) => {
          setParams({ box: k }, { replace: true });
        }}
        items={BOXES.map((b) => ({ key: b, label: label(b) }))}
      />
      <FilterBar
        testid="approvals-filters"
        primary={[
          <Select
            key="type"
            allowClear
            placeholder={t('approval.type')}
            aria-label={t('approval.type')}
            style={{ width: 180 }}
            value={filters.type}
            data-testid="approvals-filter-type"
            onChange={(v?: RequestType) => setFilters((f) => ({ ...f, type: v }))}
            options={types.map((v) => ({ value: v, label: typeText(v) }))}
          />,
          <Select
            key="status"
            allowClear
            placeholder={t('approval.status')}
            aria-label={t('approval.status')}
            style={{ width: 140 }}
            value={filters.status}
            data-testid="approvals-filter-status"
            onChange={(v?: RequestStatus) => setFilters((f) => ({ ...f, status: v }))}
            options={REQUEST_STATUSES.map((v) => ({ value: v, label: t(`requestStatus.${v}`) }))}
          />,
        ]}
      />
      <div data-testid="approvals-table">
        <PagedTable<RequestListItem>
          paged={list}
          listKey="approvals"
          rowKey="id"
          size="middle"
          columns={columns}
          sort={{
            value: { field: 'createdAt', order },
            onChange: (s) => setOrder(s?.order ?? 'desc'),
          }}
          // Only the approver's inbox decides; a row is chosen only when its decision would be accepted.
          selection={
            box === 'inbox'
              ? { selectable: (r) => r.canDecide, actions: (rows, clear) => <BulkDecide rows={rows} clear={clear} /> }
              : undefined
          }
          locale={{ emptyText: t('approval.empty') }}
          scroll={{ x: 1100 }}
        />
      </div>
    </Space>
  );
}
