import { ReadOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { MyTrainingPage } from '../pages/MyTrainingPage.js';
import { PersonTrainingPage } from '../pages/PersonTrainingPage.js';

/** The records part of the training pages: its routes and menu entries (its texts: `i18n/record.ts`). */
export const recordPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training', element: <MyTrainingPage /> },
    { path: 'training/people/:id', element: <PersonTrainingPage /> },
  ],
  nav: [
    {
      key: 'training',
      path: '/training',
      icon: <ReadOutlined />,
      label: 'training:record.nav.mine',
      order: 50,
      visible: (can) => can('training.view_own'),
    },
  ],
};
