import { ControlOutlined, FileProtectOutlined, KeyOutlined, ScheduleOutlined } from '@ant-design/icons';
import type { Can, WebModule, WebRequestType } from '../../app/webModule.js';
import { lazyComponent, lazyPage } from '../../app/lazyPage.js';
import { CLASSIFICATION_REQUEST_TYPES, ITEM_APPROVER_GROUPS } from '../../../../src/kernel/secret-item.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { useReviewTaskCount } from './components/reviewTaskCount.js';

/** The request page's view of the target and payload, loaded with the approval pages that show it. */
const ItemRequestDetails = lazyComponent(() =>
  import('./components/RequestDetails.js').then((m) => m.ItemRequestDetails),
);

const classificationVisible = (can: Can) => can('classification.view') || can('classification.manage');
// Requests, approvals, grants and reviews concern classified content: not for the sysadmin or auditor (三员).
const participates = (can: Can) => can('approval.participate');
// 定密设置 in the menu for those who change it or work by it (proposers: levels, periods, authorities); everyone
// else would find a read-only form they have no use for (the catalogue reads the levels it needs itself).
const settingsInMenu = (can: Can) => can('classification.manage') || can('item.propose');

const useReviewTasksWaiting = () => useReviewTaskCount().data?.pending;

/**
 * Classification's request types on the approval pages: named by the request-type texts the server's notices
 * use too, each showing the item's particulars and what it asks (`ItemRequestDetails`); their target is a secret
 * item, which gives the chains its custodian and classification authority.
 */
const itemRequest = (type: string): WebRequestType => ({
  label: `classification:requestType.${type}`,
  groups: Object.fromEntries(ITEM_APPROVER_GROUPS.map((g) => [g, `classification:approverGroup.${g}`])),
  targetPath: (r) => `/items/${r.targetId}`,
  details: ItemRequestDetails,
  refreshes: [['items'], ['grants']],
});
const requestTypes = Object.fromEntries(CLASSIFICATION_REQUEST_TYPES.map((type) => [type, itemRequest(type)]));

/** The catalogue of secret items, its request types, grants, reviews and the classification settings. */
export const classification: WebModule = {
  name: 'classification',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'items', element: lazyPage(() => import('./pages/ItemsPage.js').then((m) => m.ItemsPage)) },
    { path: 'items/new', element: lazyPage(() => import('./pages/ItemProposePage.js').then((m) => m.ItemProposePage)) },
    { path: 'items/:id', element: lazyPage(() => import('./pages/ItemDetailPage.js').then((m) => m.ItemDetailPage)) },
    { path: 'grants', element: lazyPage(() => import('./pages/GrantsPage.js').then((m) => m.GrantsPage)) },
    { path: 'reviews', element: lazyPage(() => import('./pages/ReviewsPage.js').then((m) => m.ReviewsPage)) },
    {
      path: 'reviews/tasks/:id',
      element: lazyPage(() => import('./pages/ReviewTaskPage.js').then((m) => m.ReviewTaskPage)),
    },
    {
      path: 'settings/classification',
      element: lazyPage(() =>
        import('./pages/ClassificationSettingsPage.js').then((m) => m.ClassificationSettingsPage),
      ),
    },
  ],
  nav: [
    {
      key: 'items',
      path: '/items',
      icon: <FileProtectOutlined />,
      label: 'classification:nav.items',
      group: 'classification',
      order: 10,
      visible: classificationVisible,
    },
    {
      key: 'grants',
      path: '/grants',
      icon: <KeyOutlined />,
      label: 'classification:nav.grants',
      group: 'classification',
      order: 30,
      visible: participates,
    },
    {
      key: 'reviews',
      path: '/reviews',
      icon: <ScheduleOutlined />,
      label: 'classification:nav.reviews',
      group: 'classification',
      order: 40,
      visible: participates,
      useCount: useReviewTasksWaiting,
    },
    {
      key: 'classification',
      path: '/settings/classification',
      icon: <ControlOutlined />,
      label: 'classification:nav.classification',
      group: 'classification',
      order: 90,
      visible: settingsInMenu,
    },
  ],
  requestTypes,
};
