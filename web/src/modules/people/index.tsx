import { AuditOutlined, FileProtectOutlined, SolutionOutlined } from '@ant-design/icons';
import { RequireStage } from '../../app/auth.js';
import type { WebModule } from '../../app/webModule.js';
import { lazyPage } from '../../app/lazyPage.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';

/**
 * People (人员保密管理): confidentiality agreements — the templates the security office publishes, what each person
 * signs, who has signed what; and the "sign now" page a sign-in is held on while an NDA or responsibility letter is
 * overdue (session stage `agreements`).
 */
export const people: WebModule = {
  name: 'people',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  publicRoutes: [
    {
      path: '/login/agreements',
      element: (
        <RequireStage stage="agreements">
          {lazyPage(() => import('./pages/SignNowPage.js').then((m) => m.SignNowPage))}
        </RequireStage>
      ),
    },
  ],
  routes: [
    {
      path: 'agreements',
      element: lazyPage(() => import('./pages/MyAgreementsPage.js').then((m) => m.MyAgreementsPage)),
    },
    {
      path: 'agreement-templates',
      element: lazyPage(() => import('./pages/TemplatesPage.js').then((m) => m.TemplatesPage)),
    },
    {
      path: 'agreement-templates/:id',
      element: lazyPage(() => import('./pages/TemplateEditorPage.js').then((m) => m.TemplateEditorPage)),
    },
    { path: 'agreement-report', element: lazyPage(() => import('./pages/ReportPage.js').then((m) => m.ReportPage)) },
  ],
  nav: [
    {
      key: 'agreements',
      path: '/agreements',
      icon: <FileProtectOutlined />,
      label: 'people:nav.mine',
      group: 'workbench',
      order: 5,
      visible: (can) => can('agreement.view_own'),
    },
    {
      key: 'agreement-report',
      path: '/agreement-report',
      icon: <AuditOutlined />,
      label: 'people:nav.report',
      group: 'people',
      order: 45,
      visible: (can) => can('agreement.view_reports'),
    },
    {
      key: 'agreement-templates',
      path: '/agreement-templates',
      icon: <SolutionOutlined />,
      label: 'people:nav.templates',
      group: 'people',
      order: 92,
      visible: (can) => can('agreement.manage_templates') || can('agreement.view_templates'),
    },
  ],
};
