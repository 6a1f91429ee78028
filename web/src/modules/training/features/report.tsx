import { BarChartOutlined, BellOutlined, NotificationOutlined } from '@ant-design/icons';
import type { WebModule } from '../../../app/webModule.js';
import { AwarenessPage } from '../pages/AwarenessPage.js';
import { CampaignsPage } from '../pages/CampaignsPage.js';
import { ReportPage } from '../pages/ReportPage.js';

/** The reports part of the training pages: its routes and menu entries (its texts: `i18n/report.ts`). */
export const reportPart: Pick<WebModule, 'routes' | 'nav'> = {
  routes: [
    { path: 'training/report', element: <ReportPage /> },
    { path: 'training/campaigns', element: <CampaignsPage /> },
    { path: 'training/awareness', element: <AwarenessPage /> },
  ],
  nav: [
    {
      key: 'training-report',
      path: '/training/report',
      icon: <BarChartOutlined />,
      label: 'training:report.nav.report',
      order: 53,
      visible: (can) => can('training.view_reports'),
    },
    {
      key: 'training-campaigns',
      path: '/training/campaigns',
      icon: <NotificationOutlined />,
      label: 'training:report.nav.campaigns',
      order: 54,
      visible: (can) => can('training.view_campaigns'),
    },
    {
      key: 'training-awareness',
      path: '/training/awareness',
      icon: <BellOutlined />,
      label: 'training:report.nav.awareness',
      order: 55,
      visible: (can) => can('training.manage_awareness'),
    },
  ],
};
