import { BarChartOutlined, BellOutlined, NotificationOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { lazyPage } from '../../../app/lazyPage.js';

/** The reports part of the training pages: its routes and menu entries (its texts: `i18n/report.ts`). */
export const reportPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training/report', element: lazyPage(() => import('../pages/ReportPage.js').then((m) => m.ReportPage)) },
    {
      path: 'training/campaigns',
      element: lazyPage(() => import('../pages/CampaignsPage.js').then((m) => m.CampaignsPage)),
    },
    {
      path: 'training/awareness',
      element: lazyPage(() => import('../pages/AwarenessPage.js').then((m) => m.AwarenessPage)),
    },
  ],
  nav: [
    {
      key: 'training-report',
      path: '/training/report',
      icon: <BarChartOutlined />,
      label: 'training:report.nav.report',
      group: 'training',
      order: 53,
      visible: (can) => can('training.view_reports'),
    },
    {
      key: 'training-campaigns',
      path: '/training/campaigns',
      icon: <NotificationOutlined />,
      label: 'training:report.nav.campaigns',
      group: 'training',
      order: 54,
      visible: (can) => can('training.view_campaigns'),
    },
    {
      key: 'training-awareness',
      path: '/training/awareness',
      icon: <BellOutlined />,
      label: 'training:report.nav.awareness',
      group: 'training',
      order: 55,
      visible: (can) => can('training.manage_awareness'),
    },
  ],
};
