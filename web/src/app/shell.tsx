import { HomeOutlined, InboxOutlined } from '@ant-design/icons';
import { HomePage } from './HomePage.js';
import { InboxPage } from './InboxPage.js';
import { NotFoundPage } from './NotFoundPage.js';
import type { WebModule } from './webModule.js';

/** The shell's own pages (home, the notification inbox, not found), listed like a module's. */
export const shell: WebModule = {
  name: 'app',
  routes: [
    { index: true, element: <HomePage /> },
    { path: 'inbox', element: <InboxPage /> },
    { path: '*', element: <NotFoundPage /> },
  ],
  nav: [
    { key: 'home', path: '/', icon: <HomeOutlined />, label: 'nav.home', order: 0, visible: () => true },
    { key: 'inbox', path: '/inbox', icon: <InboxOutlined />, label: 'nav.inbox', order: 110, visible: () => true },
  ],
};
