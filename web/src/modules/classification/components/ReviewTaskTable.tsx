import { Button, Tag, type TableProps } from 'antd';
import { useTranslation } from 'react-i18next';
import { Link, useNavigate } from 'react-router';
import { api } from '../api.js';
import type { ReviewTask } from '../../../app/contracts.js';
import { fmtDate } from '../../../app/format.js';
import { PagedTable } from '../../../shared/PagedTable.js';
import { usePagedQuery } from '../../../shared/usePagedQuery.js';
import { LevelTag } from './common.js';

/** Review tasks: mine, or (security administrator) every task of one campaign. */
export function ReviewTaskTable({
  status,
  campaignId,
  showReviewer = false,
  testid = 'review-tasks',
}: {
  status?: 'pending' | 'done';
  campaignId?: string;
  showReviewer?: boolean;
  testid?: string;
}) {
  const { t } = useTranslation('classification');
  const navigate = useNavigate();
  const tasks = usePagedQuery({
    queryKey: ['review-tasks'],
    filters: { status, campaignId },
    fetch: api.reviews.tasks,
  });
  const columns: TableProps<ReviewTask>['columns'] = [
    { title: t('review.campaign'), dataIndex: 'campaignTitle' },
    {
      title: t('review.kind'),
      dataIndex: 'campaignKind',
      render: (k: ReviewTask['campaignKind']) => (
        <Tag color={k === 'annual' ? 'blue' : 'purple'}>{t(`reviewKind.${k}`)}</Tag>
      ),
    },
    {
      title: t('review.item'),
      key: 'item',
      render: (_: unknown, r) => (
        <>
          <Link to={`/items/${r.itemId}`}>{r.itemNumber}</Link> {r.itemTitle}
        </>
      ),
    },
    { title: t('item.level'), dataIndex: 'itemLevel', render: (l: ReviewTask['itemLevel']) => <LevelTag level={l} /> },
    { title: t('item.secrecyUntil'), dataIndex: 'itemSecrecyUntil', render: fmtDate },
    ...(showReviewer
      ? [{ title: t('review.reviewer'), dataIndex: 'reviewerName', render: (v: string | null) => v ?? '—' }]
      : []),
    { title: t('review.dueOn'), dataIndex: 'dueOn', render: fmtDate },
    {
      title: t('review.status'),
      key: 'status',
      render: (_: unknown, r) =>
        r.status === 'done' ? (
          <Tag color="green">
            {r.decision ? t(`reviewDecision.${r.decision}`, { defaultValue: r.decision }) : t('review.done')}
          </Tag>
        ) : (
          <Tag color="orange">{t('review.pending')}</Tag>
        ),
    },
    {
      title: t('common.actions'),
      key: 'actions',
      render: (_: unknown, r) => (
        <Button
          type="link"
          size="small"
          onClick={() => navigate(`/reviews/tasks/${r.id}`)}
          data-testid={`review-task-open-${r.itemNumber}`}
        >
          {r.status === 'pending' ? t('review.handle') : t('review.view')}
        </Button>
      ),
    },
  ];
  return (
    <div data-testid={testid}>
      <PagedTable<ReviewTask>
        paged={tasks}
        pager={{ hideOnSinglePage: true }}
        rowKey="id"
        size="small"
        columns={columns}
        locale={{ emptyText: t('review.empty') }}
        scroll={{ x: 900 }}
      />
    </div>
  );
}
