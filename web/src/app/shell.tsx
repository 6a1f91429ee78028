import { HomeOutlined, InboxOutlined } from '@ant-design/icons';
import { NotFoundPage } from './NotFoundPage.js';
import { APP_NS } from './i18n/index.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import type { WebModule } from './webModule.js';
import { lazyPage } from './lazyPage.js';

/** The shell's own pages (home, the notification inbox, not found) and its texts, given like a module's. */
export const shell: WebModule = {
  name: APP_NS,
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { index: true, element: lazyPage(() => import('./HomePage.js').then((m) => m.HomePage)) },
    { path: 'inbox', element: lazyPage(() => import('./InboxPage.js').then((m) => m.InboxPage)) },
    { path: '*', element: <NotFoundPage /> },
  ],
  nav: [
    {
      key: 'home',
      path: '/',
      icon: <HomeOutlined />,
      label: 'nav.home',
      group: 'workbench',
      order: 0,
      visible: () => true,
    },
    {
      key: 'inbox',
      path: '/inbox',
      icon: <InboxOutlined />,
      label: 'nav.inbox',
      group: 'workbench',
      order: 1,
      visible: () => true,
    },
  ],
};
