import { AuditOutlined } from '@ant-design/icons';
import type { WebModule } from '../../app/webModule.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { AuditPage } from './pages/AuditPage.js';

/** The audit trail: reading, exporting, verifying the chain. */
export const audit: WebModule = {
  name: 'audit',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [{ path: 'audit', element: <AuditPage /> }],
  nav: [
    {
      key: 'audit',
      path: '/audit',
      icon: <AuditOutlined />,
      label: 'audit:nav.audit',
      order: 100,
      visible: (can) => can('audit.read_all') || can('audit.read_own'),
    },
  ],
};
