import { AuditOutlined, SettingOutlined } from '@ant-design/icons';
import type { WebModule } from '../../app/webModule.js';
import { lazyPage } from '../../app/lazyPage.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';

/** The audit trail: reading, exporting, verifying the chain. */
export const audit: WebModule = {
  name: 'audit',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'audit', element: lazyPage(() => import('./pages/AuditPage.js').then((m) => m.AuditPage)) },
    {
      path: 'audit/settings',
      element: lazyPage(() => import('./pages/AuditSettingsPage.js').then((m) => m.AuditSettingsPage)),
    },
  ],
  nav: [
    {
      key: 'audit',
      path: '/audit',
      icon: <AuditOutlined />,
      label: 'audit:nav.audit',
      group: 'audit',
      order: 100,
      visible: (can) => can('audit.read_own'),
    },
    {
      key: 'audit-settings',
      path: '/audit/settings',
      icon: <SettingOutlined />,
      label: 'audit:nav.settings',
      group: 'audit',
      order: 101,
      visible: (can) => can('audit.manage_settings'),
    },
  ],
};
