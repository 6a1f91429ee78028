import { HistoryOutlined } from '@ant-design/icons';
import type { WebModule } from '../webModule.js';
import { lazyPage } from '../lazyPage.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';

/**
 * The workbench's own texts (namespace `workbench`: the home page's sections and overview cards) and the job-run
 * history page the system administrator's cards open. The home page itself is the shell's (`/`).
 */
export const workbench: WebModule = {
  name: 'workbench',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [{ path: 'job-runs', element: lazyPage(() => import('./JobRunsPage.js').then((m) => m.JobRunsPage)) }],
  nav: [
    {
      key: 'job-runs',
      path: '/job-runs',
      icon: <HistoryOutlined />,
      label: 'workbench:nav.jobRuns',
      group: 'system',
      order: 102,
      visible: (can) => can('settings.manage'),
    },
  ],
};
