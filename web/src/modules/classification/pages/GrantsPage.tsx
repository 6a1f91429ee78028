import { Segmented, Space, Tabs, Typography } from 'antd';
import { useTranslation } from 'react-i18next';
import { useSearchParams } from 'react-router';
import { useAbility } from '../../../app/auth.js';
import type { GrantView } from '../../../app/contracts.js';
import { GrantTable } from '../components/GrantTable.js';

type ActiveFilter = 'all' | 'active' | 'inactive';

/** My grants, the grants on items I manage, and (security administrator) emergency accesses to review. */
export function GrantsPage() {
  const { t } = useTranslation('classification');
  const can = useAbility();
  const [params, setParams] = useSearchParams();
  const views: GrantView[] = ['mine', 'managed', ...(can('review.manage') ? ['emergency' as const] : [])];
  const raw = params.get('view') as GrantView | null;
  const view: GrantView = raw && views.includes(raw) ? raw : 'mine';
  const filter: ActiveFilter =
    (['all', 'active', 'inactive'] as const).find((f) => f === params.get('active')) ??
    (view === 'emergency' ? 'all' : 'active');
  const set = (k: string, v: string) => {
    const next = new URLSearchParams(params);
    next.set(k, v);
    if (k === 'view') next.delete('active');
    setParams(next, { replace: true });
  };
  const label: Record<GrantView, string> = {
    mine: t('grant.mine'),
    managed: t('grant.managed'),
    emergency: t('grant.emergencyReview'),
  };

  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%' }}>
      <Typography.Title level={4} style={{ margin: 0 }}>
        {t('grant.title')}
      </Typography.Title>
      <Tabs
        activeKey={view}
        onChange={(k) => set('view', k)}
        items={views.map((v) => ({ key: v, label: <span data-testid={`grants-tab-${v}`}>{label[v]}</span> }))}
        tabBarExtraContent={
          <Segmented<ActiveFilter>
            value={filter}
            onChange={(v) => set('active', v)}
            data-testid="grants-filter-active"
            options={[
              { value: 'active', label: t('grant.filterActive') },
              { value: 'inactive', label: t('grant.filterInactive') },
              { value: 'all', label: t('grant.filterAll') },
            ]}
          />
        }
      />
      <GrantTable key={view} view={view} active={filter === 'all' ? undefined : filter === 'active'} />
    </Space>
  );
}
