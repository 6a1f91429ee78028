import { Card, Space, Tag, Typography } from 'antd';
import { UserOutlined } from '@ant-design/icons';
import { useQuery } from '@tanstack/react-query';
import { useTranslation } from 'react-i18next';
import { Link } from 'react-router';
import { api } from './api/shell.js';
import { useCurrentUser } from './auth.js';
import { WorkbenchCards } from './WorkbenchCards.js';
import { OverviewCards } from './workbench/OverviewCards.js';
import { greetingName } from './workbench/greeting.js';

/**
 * The workbench (工作台), every role's home page: the counts of what waits for the person (to do), the overview
 * cards of their role, and a compact card of who they are; every figure links to the list it counts.
 */
export function HomePage() {
  const { t } = useTranslation('workbench');
  return (
    <Space direction="vertical" size="large" style={{ width: '100%' }} data-testid="workbench-home">
      <ProfileCard />
      <section>
        <Typography.Title level={5}>{t('todo')}</Typography.Title>
        <WorkbenchCards />
      </section>
      <OverviewCards />
    </Space>
  );
}

/** Who is signed in, in one line: name, department, roles, clearance, unread notices, and the way to the profile. */
function ProfileCard() {
  const { t, i18n } = useTranslation('workbench');
  const u = useCurrentUser().user;
  const name = greetingName(u, i18n.language, (r) => t(`identity:role.${r}`));
  const unread = useQuery({
    queryKey: ['notifications', 'unread-count'],
    queryFn: api.notifications.unreadCount,
    meta: { quiet: true },
  });
  return (
    <Card size="small" data-testid="workbench-profile">
      <Space wrap size="middle" style={{ width: '100%', justifyContent: 'space-between' }}>
        <Space wrap>
          <Typography.Title level={4} style={{ margin: 0 }}>
            {t('welcome', { name })}
          </Typography.Title>
          <Typography.Text type="secondary">{u.departmentName ?? ''}</Typography.Text>
          {u.adminRole && <Tag color="red">{t(`identity:role.${u.adminRole}`)}</Tag>}
          {/* An administrator is shown by the admin role alone: the business roles and clearance an account
              carries do not describe the post (三员 work no classified content). */}
          {!u.adminRole && u.businessRoles.map((r) => <Tag key={r}>{t(`identity:role.${r}`)}</Tag>)}
          {!u.adminRole && (
            <Tag color={u.clearanceClass ? 'blue' : undefined}>
              {u.clearanceClass ? t(`identity:clearance.${u.clearanceClass}`) : t('identity:clearance.none')}
            </Tag>
          )}
        </Space>
        <Space size="middle">
          <Link to="/inbox">{t('app:home.unread', { n: unread.data?.unread ?? 0 })}</Link>
          <Link to="/profile">
            <UserOutlined /> {t('profile.open')}
          </Link>
        </Space>
      </Space>
    </Card>
  );
}
