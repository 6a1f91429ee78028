import { AuditOutlined, FileProtectOutlined, SolutionOutlined } from '@ant-design/icons';
import { RequireStage } from '../../app/auth.js';
import type { WebModule } from '../../app/webModule.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { MyAgreementsPage } from './pages/MyAgreementsPage.js';
import { ReportPage } from './pages/ReportPage.js';
import { SignNowPage } from './pages/SignNowPage.js';
import { TemplateEditorPage } from './pages/TemplateEditorPage.js';
import { TemplatesPage } from './pages/TemplatesPage.js';

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
          <SignNowPage />
        </RequireStage>
      ),
    },
  ],
  routes: [
    { path: 'agreements', element: <MyAgreementsPage /> },
    { path: 'agreement-templates', element: <TemplatesPage /> },
    { path: 'agreement-templates/:id', element: <TemplateEditorPage /> },
    { path: 'agreement-report', element: <ReportPage /> },
  ],
  nav: [
    {
      key: 'agreements',
      path: '/agreements',
      icon: <FileProtectOutlined />,
      label: 'people:nav.mine',
      order: 5,
      visible: (can) => can('agreement.view_own'),
    },
    {
      key: 'agreement-report',
      path: '/agreement-report',
      icon: <AuditOutlined />,
      label: 'people:nav.report',
      order: 45,
      visible: (can) => can('agreement.view_reports'),
    },
    {
      key: 'agreement-templates',
      path: '/agreement-templates',
      icon: <SolutionOutlined />,
      label: 'people:nav.templates',
      order: 92,
      visible: (can) => can('agreement.manage_templates') || can('agreement.view_templates'),
    },
  ],
};
