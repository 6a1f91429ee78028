import { Alert, Space, Spin, Tabs, Typography } from 'antd';
import { ApartmentOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { Link, useSearchParams } from 'react-router';
import { useAbility } from '../../../app/auth.js';
import { useClassificationSettings } from '../components/common.js';
import { PolicyCard } from '../components/PolicyCard.js';
import { ClassifiersCard } from '../components/ClassifiersCard.js';
import { NotFoundPage } from '../../../app/NotFoundPage.js';

const TABS = ['policy', 'classifiers'] as const;

/**
 * Classification settings: the security administrator edits them; everyone else reads them. The approval
 * chains of classification's requests are set with every other type's, on the approval chains page.
 */
export function ClassificationSettingsPage() {
  const { t } = useTranslation('classification');
  const can = useAbility();
  const manage = can('classification.manage');
  const settings = useClassificationSettings();
  const [params, setParams] = useSearchParams();
  const tab = TABS.find((x) => x === params.get('tab')) ?? 'policy';
  if (!can('classification.view') && !manage) return <NotFoundPage forbidden />;
  if (!settings.data) return <Spin />;
  const s = settings.data;
  return (
    <Space orientation="vertical" size="middle" style={{ width: '100%', maxWidth: 1200 }}>
      <Space wrap align="baseline" style={{ justifyContent: 'space-between', width: '100%' }}>
        <Typography.Title level={4} style={{ margin: 0 }}>
          {t('clsSettings.title')}
        </Typography.Title>
        <Link to="/approval-chains" data-testid="cls-chains-link">
          <ApartmentOutlined /> {t('approvals:chains.link')}
        </Link>
      </Space>
      {!manage && <Alert type="info" showIcon title={t('clsSettings.readOnly')} data-testid="cls-readonly" />}
      <Tabs
        activeKey={tab}
        onChange={(k) => setParams({ tab: k }, { replace: true })}
        items={[
          {
            key: 'policy',
            label: <span data-testid="cls-tab-policy">{t('clsSettings.policy')}</span>,
            children: <PolicyCard settings={s} manage={manage} />,
          },
          {
            key: 'classifiers',
            label: <span data-testid="cls-tab-classifiers">{t('clsSettings.classifiers')}</span>,
            children: <ClassifiersCard settings={s} manage={manage} />,
          },
        ]}
      />
    </Space>
  );
}
