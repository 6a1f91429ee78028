import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import {
  ApartmentOutlined,
  AuditOutlined,
  CheckSquareOutlined,
  ControlOutlined,
  FileProtectOutlined,
  HomeOutlined,
  InboxOutlined,
  KeyOutlined,
  LogoutOutlined,
  SafetyCertificateOutlined,
  ScheduleOutlined,
  SettingOutlined,
  TeamOutlined,
  UserOutlined,
} from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IdleLock, useAbility, useCurrentUser, useSignOut } from './auth.js';
import { LangSwitch } from './LangSwitch.js';
import { NotificationBell } from './NotificationBell.js';
import { useRequestCounts } from '../modules/classification/components/requestCounts.js';

const { Header, Sider, Content } = Layout;

interface NavItem {
  key: string;
  path: string;
  icon: React.ReactNode;
  label: string;
  testid: string;
  show: boolean;
  count?: number;
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useAbility();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const loc = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const classification = can('classification.view') || can('classification.manage');
  // Requests, approvals, grants and reviews concern classified content: not for the sysadmin or auditor (三员).
  const participates = can('approval.participate');
  const counts = useRequestCounts(participates);

  const items: NavItem[] = [
    { key: 'home', path: '/', icon: <HomeOutlined />, label: t('nav.home'), testid: 'nav-home', show: true },
    {
      key: 'items',
      path: '/items',
      icon: <FileProtectOutlined />,
      label: t('nav.items'),
      testid: 'nav-items',
      show: classification,
    },
    {
      key: 'approvals',
      path: '/approvals',
      icon: <CheckSquareOutlined />,
      label: t('nav.approvals'),
      testid: 'nav-approvals',
      show: participates,
      count: counts.data?.inbox,
    },
    {
      key: 'grants',
      path: '/grants',
      icon: <KeyOutlined />,
      label: t('nav.grants'),
      testid: 'nav-grants',
      show: participates,
    },
    {
      key: 'reviews',
      path: '/reviews',
      icon: <ScheduleOutlined />,
      label: t('nav.reviews'),
      testid: 'nav-reviews',
      show: participates,
      count: counts.data?.reviewTasks,
    },
    {
      key: 'departments',
      path: '/departments',
      icon: <ApartmentOutlined />,
      label: t('nav.departments'),
      testid: 'nav-departments',
      show: can('department.view') || can('department.manage'),
    },
    {
      key: 'users',
      path: '/users',
      icon: <TeamOutlined />,
      label: t('nav.users'),
      testid: 'nav-users',
      show: can('user.manage') || can('user.assign_admin_role') || can('user.assign_clearance') || can('user.view'),
    },
    {
      key: 'roles',
      path: '/roles',
      icon: <SafetyCertificateOutlined />,
      label: t('nav.roles'),
      testid: 'nav-roles',
      show: can('user.manage') || can('user.assign_admin_role') || can('settings.view'),
    },
    {
      key: 'policy',
      path: '/settings/account-policy',
      icon: <SettingOutlined />,
      label: t('nav.policy'),
      testid: 'nav-policy',
      show: can('settings.view') || can('settings.manage'),
    },
    {
      key: 'classification',
      path: '/settings/classification',
      icon: <ControlOutlined />,
      label: t('nav.classification'),
      testid: 'nav-classification',
      show: classification,
    },
    {
      key: 'audit',
      path: '/audit',
      icon: <AuditOutlined />,
      label: t('nav.audit'),
      testid: 'nav-audit',
      show: can('audit.read_all') || can('audit.read_own'),
    },
    { key: 'inbox', path: '/inbox', icon: <InboxOutlined />, label: t('nav.inbox'), testid: 'nav-inbox', show: true },
    {
      key: 'profile',
      path: '/profile',
      icon: <UserOutlined />,
      label: t('nav.profile'),
      testid: 'nav-profile',
      show: true,
    },
  ];
  const visible = items.filter((i) => i.show);
  const selected = visible
    .filter((i) => (i.path === '/' ? loc.pathname === '/' : loc.pathname.startsWith(i.path)))
    .map((i) => i.key);

  const userMenu = {
    items: [
      { key: 'profile', icon: <UserOutlined />, label: <span data-testid="menu-profile">{t('nav.profile')}</span> },
      { type: 'divider' as const },
      { key: 'logout', icon: <LogoutOutlined />, label: <span data-testid="logout">{t('auth.signOut')}</span> },
    ],
    onClick: ({ key }: { key: string }) => {
      if (key === 'profile') navigate('/profile');
      if (key === 'logout') void signOut();
    },
  };

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <IdleLock minutes={me.idleTimeoutMinutes} />
      <Sider collapsible collapsed={collapsed} onCollapse={setCollapsed} width={208}>
        <div
          style={{
            color: '#fff',
            padding: '16px',
            fontWeight: 600,
            fontSize: 16,
            whiteSpace: 'nowrap',
            overflow: 'hidden',
            textOverflow: 'ellipsis',
          }}
        >
          {collapsed ? t('app.short') : t('app.name')}
        </div>
        <Menu
          theme="dark"
          mode="inline"
          selectedKeys={selected}
          items={visible.map((i) => ({
            key: i.key,
            icon: i.icon,
            label: (
              <Link to={i.path} data-testid={i.testid}>
                {i.label}
                {!!i.count && !collapsed && (
                  <Badge
                    count={i.count}
                    size="small"
                    style={{ marginLeft: 8, boxShadow: 'none' }}
                    data-testid={`${i.testid}-count`}
                  />
                )}
              </Link>
            ),
          }))}
        />
      </Sider>
      <Layout>
        <Header
          style={{
            background: '#fff',
            padding: '0 16px',
            display: 'flex',
            justifyContent: 'flex-end',
            alignItems: 'center',
          }}
        >
          <Space size="middle">
            <NotificationBell />
            <LangSwitch signedIn />
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" data-testid="user-menu" aria-label={t('header.userMenu')}>
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  <Typography.Text>{me.user.displayName}</Typography.Text>
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content style={{ margin: 16, padding: 24, background: '#fff', borderRadius: 8 }}>
          <Outlet />
        </Content>
      </Layout>
    </Layout>
  );
}
