import { Badge, Segmented, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAbility } from '../../../app/auth.js';
import { ReviewTaskTable } from '../components/ReviewTaskTable.js';
import { CampaignsCard } from '../components/CampaignsCard.js';
import { useReviewTaskCount } from '../components/reviewTaskCount.js';

type TaskFilter = 'pending' | 'done' | 'all';

/** My review tasks (annual and access reviews of items I keep); the security administrator also runs campaigns. */
export function ReviewsPage() {
  const { t } = useTranslation('classification');
  const can = useAbility();
  const pending = useReviewTaskCount().data?.pending ?? 0;
  const [params, setParams] = useSearchParams();
  const manage = can('review.manage');
  const tab = manage && params.get('tab') === 'campaigns' ? 'campaigns' : 'tasks';
  const filter: TaskFilter = (['pending', 'done', 'all'] as const).find((f) => f === params.get('status')) ?? 'pending';
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    setParams(next, { replace: true });
  };
  const tasks = (
    <Space orientation="vertical" style={{ width: '100%' }}>
      <Segmented<TaskFilter>
        value={filter}
        onChange={(v) => set('status', v)}
        data-testid="review-filter-status"
        options={[
          { value: 'pending', label: t('review.pending') },
          { value: 'done', label: t('review.done') },
          { value: 'all', label: t('common.all') },
        ]}
      />
      <ReviewTaskTable key={filter} status={filter === 'all' ? undefined : filter} />
    </Space>
  );
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('review.title')}
      </Typography.Title>
      {manage ? (
        <Tabs
          activeKey={tab}
          onChange={(k) => set('tab', k)}
          items={[
            {
              key: 'tasks',
              label: (
                <span data-testid="reviews-tab-tasks">
                  {t('review.myTasks')} <Badge count={pending} size="small" />
                </span>
              ),
              children: tasks,
            },
            {
              key: 'campaigns',
              label: <span data-testid="reviews-tab-campaigns">{t('review.campaigns')}</span>,
              children: <CampaignsCard />,
            },
          ]}
        />
      ) : (
        tasks
      )}
    </Space>
  );
}
