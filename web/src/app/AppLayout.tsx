import { useState } from 'react';
import { Link, Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Badge, Button, Dropdown, Layout, Menu, Space, Typography } from 'antd';
import { LogoutOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IdleLock, useAbility, useCurrentUser, useSignOut } from './auth.js';
import { LangSwitch } from './LangSwitch.js';
import { NotificationBell } from './NotificationBell.js';
import { allWebModules } from './modules.js';
import type { WebNavEntry } from './webModule.js';

const { Header, Sider, Content } = Layout;

/** Every module's menu entries, in menu order. */
const NAV: readonly WebNavEntry[] = allWebModules.flatMap((m) => m.nav).sort((x, y) => x.order - y.order);

const noCount = (): number | undefined => undefined;

/** An entry's link, with the count of what waits behind it (hidden while the menu is collapsed). */
function NavLabel({ entry, collapsed }: { entry: WebNavEntry; collapsed: boolean }) {
  const { t } = useTranslation();
  const useCount = entry.useCount ?? noCount;
  const count = useCount();
  const testid = `nav-${entry.key}`;
  return (
    <Link to={entry.path} data-testid={testid}>
      {t(entry.label)}
      {!!count && !collapsed && (
        <Badge
          count={count}
          size="small"
          style={{ marginLeft: 8, boxShadow: 'none' }}
          data-testid={`${testid}-count`}
        />
      )}
    </Link>
  );
}

export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useAbility();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const loc = useLocation();
  const [collapsed, setCollapsed] = useState(false);
  const visible = NAV.filter((e) => e.visible(can));
  // The entry whose path is the longest prefix of the page's: /training/courses/1 is 培训课程's, not 我的培训's (/training).
  const matching = visible.filter((i) => (i.path === '/' ? loc.pathname === '/' : loc.pathname.startsWith(i.path)));
  const longest = Math.max(0, ...matching.map((i) => i.path.length));
  const selected = matching.filter((i) => i.path.length === longest).map((i) => i.key);

  const userMenu = {
    items: [
      {
        key: 'profile',
        icon: <UserOutlined />,
        label: <span data-testid="menu-profile">{t('identity:nav.profile')}</span>,
      },
      { type: 'divider' as const },
      {
        key: 'logout',
        icon: <LogoutOutlined />,
        label: <span data-testid="logout">{t('identity:auth.signOut')}</span>,
      },
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
          items={visible.map((e) => ({
            key: e.key,
            icon: e.icon,
            label: <NavLabel entry={e} collapsed={collapsed} />,
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
