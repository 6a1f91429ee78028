import { ApartmentOutlined, CheckSquareOutlined } from '@ant-design/icons';
import type { WebModule } from '../../app/webModule.js';
import { lazyPage } from '../../app/lazyPage.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { useRequestCounts } from './components/queries.js';

const useApprovalsWaiting = () => useRequestCounts().data?.inbox;

/**
 * The approval engine's pages, for the requests of every module: the inbox, a request (each type's view of
 * its target registered by the module owning the type, `WebModule.requestTypes`), and the chains.
 */
export const approvals: WebModule = {
  name: 'approvals',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'approvals', element: lazyPage(() => import('./pages/ApprovalsPage.js').then((m) => m.ApprovalsPage)) },
    {
      path: 'approvals/:id',
      element: lazyPage(() => import('./pages/ApprovalDetailPage.js').then((m) => m.ApprovalDetailPage)),
    },
    // Everyone signed in may read the chains (linked from the settings that concern them); the security
    // administrator edits them.
    {
      path: 'approval-chains',
      element: lazyPage(() => import('./pages/ApprovalChainsPage.js').then((m) => m.ApprovalChainsPage)),
    },
  ],
  nav: [
    {
      key: 'approvals',
      path: '/approvals',
      icon: <CheckSquareOutlined />,
      label: 'approvals:nav.approvals',
      group: 'workbench',
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
      group: 'system',
      order: 95,
      visible: (can) => can('approval.manage_chains'),
    },
  ],
};
