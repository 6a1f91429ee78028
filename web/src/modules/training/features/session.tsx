import { TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { lazyPage } from '../../../app/lazyPage.js';

/** The sessions part of the training pages: its routes and menu entries (its texts: `i18n/session.ts`). */
export const sessionPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    {
      path: 'training/sessions',
      element: lazyPage(() => import('../pages/SessionsPage.js').then((m) => m.SessionsPage)),
    },
    {
      path: 'training/sessions/:id',
      element: lazyPage(() => import('../pages/SessionPage.js').then((m) => m.SessionPage)),
    },
  ],
  nav: [
    {
      key: 'training-sessions',
      path: '/training/sessions',
      icon: <TeamOutlined />,
      label: 'training:session.nav.sessions',
      group: 'training',
      order: 52,
      visible: (can) => can('training.view_courses'),
    },
  ],
};
