import { TeamOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { SessionPage } from '../pages/SessionPage.js';
import { SessionsPage } from '../pages/SessionsPage.js';

/** The sessions part of the training pages: its routes and menu entries (its texts: `i18n/session.ts`). */
export const sessionPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training/sessions', element: <SessionsPage /> },
    { path: 'training/sessions/:id', element: <SessionPage /> },
  ],
  nav: [
    {
      key: 'training-sessions',
      path: '/training/sessions',
      icon: <TeamOutlined />,
      label: 'training:session.nav.sessions',
      order: 52,
      visible: (can) => can('training.view_courses'),
    },
  ],
};
