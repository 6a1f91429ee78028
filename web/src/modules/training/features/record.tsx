import { ReadOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { lazyPage } from '../../../app/lazyPage.js';

/** The records part of the training pages: its routes and menu entries (its texts: `i18n/record.ts`). */
export const recordPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training', element: lazyPage(() => import('../pages/MyTrainingPage.js').then((m) => m.MyTrainingPage)) },
    {
      path: 'training/people/:id',
      element: lazyPage(() => import('../pages/PersonTrainingPage.js').then((m) => m.PersonTrainingPage)),
    },
  ],
  nav: [
    {
      key: 'training',
      path: '/training',
      icon: <ReadOutlined />,
      label: 'training:record.nav.mine',
      group: 'workbench',
      order: 50,
      visible: (can) => can('training.view_own'),
    },
  ],
};
