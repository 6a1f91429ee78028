import { useState } from 'react';
import { Outlet, useLocation, useNavigate } from 'react-router';
import { Avatar, Button, Drawer, Dropdown, Grid, Layout, Space, Tag, Typography } from 'antd';
import { LogoutOutlined, MenuOutlined, UserOutlined } from '@ant-design/icons';
import { useTranslation } from 'react-i18next';
import { IdleLock, useAbility, useCurrentUser, useSignOut } from './auth.js';
import { LangSwitch } from './LangSwitch.js';
import { NotificationBell } from './NotificationBell.js';
import { allWebModules } from './modules.js';
import { menuAreas, placeOf } from './layout/nav.js';
import { PageHeading } from './layout/PageHeading.js';
import { PageWatermark } from './layout/PageWatermark.js';
import { SideMenu } from './layout/SideMenu.js';
import { useControlNames } from './layout/useControlNames.js';
import { useSearchShortcut } from './layout/useSearchShortcut.js';
import type { WebNavEntry } from './webModule.js';

const { Header, Sider, Content } = Layout;

/** Every module's menu entries: the menu, and the pages the breadcrumb and the tab title name. */
const NAV: readonly WebNavEntry[] = allWebModules.flatMap((m) => m.nav);

const HEADER_HEIGHT = 64;

/** The person's roles in the header: an administrator's post alone (三员 hold no business role that matters here). */
function RoleTags() {
  const { t } = useTranslation();
  const u = useCurrentUser().user;
  const roles = u.adminRole ? [u.adminRole] : u.businessRoles;
  return (
    <Space size={4} data-testid="header-roles">
      {roles.map((r) => (
        <Tag key={r} color={u.adminRole ? 'red' : undefined} style={{ marginInlineEnd: 0, whiteSpace: 'nowrap' }}>
          {t(`identity:role.${r}`)}
        </Tag>
      ))}
    </Space>
  );
}

/**
 * The signed-in frame: the menu by area beside the page (in a drawer on a phone), a header that stays at the top,
 * the breadcrumb and tab title of the page, and the screen watermark over the page's content.
 */
export function AppLayout() {
  const { t } = useTranslation();
  const me = useCurrentUser();
  const can = useAbility();
  const signOut = useSignOut();
  const navigate = useNavigate();
  const loc = useLocation();
  const screens = Grid.useBreakpoint();
  // Before the first measure `md` is undefined: lay out for a desktop until the window is known to be narrow.
  const phone = screens.md === false;
  const [collapsed, setCollapsed] = useState(false);
  const [drawer, setDrawer] = useState(false);
  useSearchShortcut();
  useControlNames();
  const areas = menuAreas(NAV, can);
  const shown = areas.flatMap((a) => a.entries);
  const current = placeOf(loc.pathname, shown).page;
  const selected = current ? [current.key] : [];
  // Named even when not in this person's menu (a link to a page they may not open shows its 403 under its name).
  const place = placeOf(loc.pathname, NAV);

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

  const brand = (short: boolean) => (
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
      {short ? t('app.short') : t('app.name')}
    </div>
  );

  return (
    <Layout style={{ minHeight: '100vh' }}>
      <IdleLock minutes={me.idleTimeoutMinutes} />
      {!phone && (
        <Sider
          collapsible
          collapsed={collapsed}
          onCollapse={setCollapsed}
          width={208}
          // The menu stays in view while the page scrolls.
          style={{ position: 'sticky', top: 0, height: '100vh' }}
        >
          <div style={{ display: 'flex', flexDirection: 'column', height: '100%' }}>
            {brand(collapsed)}
            {/* A menu longer than the window scrolls above the collapse button, never under it. */}
            <div style={{ flex: 1, minHeight: 0, overflowY: 'auto' }}>
              <SideMenu areas={areas} selected={selected} collapsed={collapsed} theme="dark" />
            </div>
          </div>
        </Sider>
      )}
      {phone && (
        <Drawer
          placement="left"
          open={drawer}
          onClose={() => setDrawer(false)}
          width={260}
          title={t('app.name')}
          styles={{ body: { padding: 0 } }}
          data-testid="nav-drawer"
        >
          <SideMenu areas={areas} selected={selected} collapsed={false} theme="light" onPick={() => setDrawer(false)} />
        </Drawer>
      )}
      <Layout style={{ minWidth: 0 }}>
        <Header
          style={{
            position: 'sticky',
            top: 0,
            zIndex: 20,
            height: HEADER_HEIGHT,
            background: '#fff',
            padding: phone ? '0 8px' : '0 16px',
            display: 'flex',
            alignItems: 'center',
            gap: 8,
            boxShadow: '0 1px 4px rgba(0, 21, 41, 0.08)',
          }}
        >
          {phone && (
            <Button
              type="text"
              icon={<MenuOutlined />}
              onClick={() => setDrawer(true)}
              aria-label={t('layout.openMenu')}
              data-testid="nav-drawer-open"
            />
          )}
          <div style={{ flex: 1, minWidth: 0 }} />
          <Space size={phone ? 'small' : 'middle'}>
            {!phone && <RoleTags />}
            <NotificationBell />
            <LangSwitch signedIn />
            <Dropdown menu={userMenu} trigger={['click']}>
              <Button type="text" data-testid="user-menu" aria-label={t('header.userMenu')}>
                <Space>
                  <Avatar size="small" icon={<UserOutlined />} />
                  {!phone && <Typography.Text>{me.user.displayName}</Typography.Text>}
                </Space>
              </Button>
            </Dropdown>
          </Space>
        </Header>
        <Content
          className="baomi-content"
          style={
            phone
              ? { margin: 0, padding: 12, background: '#fff' }
              : { margin: 16, padding: 24, background: '#fff', borderRadius: 8 }
          }
        >
          <PageWatermark enabled={me.watermark} name={me.user.displayName} account={me.user.username}>
            <PageHeading place={place} />
            <Outlet />
          </PageWatermark>
        </Content>
      </Layout>
    </Layout>
  );
}
