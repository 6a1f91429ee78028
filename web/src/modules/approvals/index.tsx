import { ApartmentOutlined, CheckSquareOutlined } from '@ant-design/icons';
import type { WebModule } from '../../app/webModule.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { useRequestCounts } from './components/queries.js';
import { ApprovalChainsPage } from './pages/ApprovalChainsPage.js';
import { ApprovalDetailPage } from './pages/ApprovalDetailPage.js';
import { ApprovalsPage } from './pages/ApprovalsPage.js';

const useApprovalsWaiting = () => useRequestCounts().data?.inbox;

/**
 * The approval engine's pages, for the requests of every module: the inbox, a request (each type's view of
 * its target registered by the module owning the type, `WebModule.requestTypes`), and the chains.
 */
export const approvals: WebModule = {
  name: 'approvals',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'approvals', element: <ApprovalsPage /> },
    { path: 'approvals/:id', element: <ApprovalDetailPage /> },
    // Everyone signed in may read the chains (linked from the settings that concern them); the security
    // administrator edits them.
    { path: 'approval-chains', element: <ApprovalChainsPage /> },
  ],
  nav: [
    {
      key: 'approvals',
      path: '/approvals',
      icon: <CheckSquareOutlined />,
      label: 'approvals:nav.approvals',
      order: 20,
      // Requests and approvals concern classified content: not for the sysadmin or auditor (三员).
      visible: (can) => can('approval.participate'),
      useCount: useApprovalsWaiting,
    },
    {
      key: 'approval-chains',
      path: '/approval-chains',
      icon: <ApartmentOutlined />,
      label: 'approvals:nav.chains',
      order: 95,
      visible: (can) => can('approval.manage_chains'),
    },
  ],
};
