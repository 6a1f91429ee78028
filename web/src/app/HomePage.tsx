import { Card, Descriptions, Space, Tag, Typography } from 'antd';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from './api/shell.js';
import { useCurrentUser } from './auth.js';
import { WorkbenchCards } from './WorkbenchCards.js';

export function HomePage() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const u = me.user;
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: api.notifications.unreadCount,
    meta: { quiet: true },
  });
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }}>
      <Typography.Title level={3}>{t('home.welcome', { name: u.displayName })}</Typography.Title>
      <Typography.Paragraph type="secondary">{t('home.intro')}</Typography.Paragraph>
      <WorkbenchCards />
      <Card size="small">
        <Descriptions column={2} size="small">
          <Descriptions.Item label={t('identity:user.username')}>{u.username}</Descriptions.Item>
          <Descriptions.Item label={t('identity:user.department')}>{u.departmentName ?? '—'}</Descriptions.Item>
          <Descriptions.Item label={t('identity:user.adminRole')}>
            {u.adminRole ? <Tag color="red">{t(`identity:role.${u.adminRole}`)}</Tag> : '—'}
          </Descriptions.Item>
          <Descriptions.Item label={t('identity:user.businessRoles')}>
            {u.businessRoles.map((r) => (
              <Tag key={r}>{t(`identity:role.${r}`)}</Tag>
            ))}
          </Descriptions.Item>
          <Descriptions.Item label={t('identity:user.clearanceClass')}>
            {u.clearanceClass ? t(`identity:clearance.${u.clearanceClass}`) : t('identity:clearance.none')}
          </Descriptions.Item>
          <Descriptions.Item label={t('nav.inbox')}>
            <Link to="/inbox">{t('home.unread', { n: unread.data?.unread ?? 0 })}</Link>
          </Descriptions.Item>
        </Descriptions>
      </Card>
    </Space>
  );
}
