import {
  CheckSquareOutlined,
  ControlOutlined,
  FileProtectOutlined,
  KeyOutlined,
  ScheduleOutlined,
} from '@ant-design/icons';
import type { Can, WebModule } from '../../app/webModule.js';
import { enUS } from './i18n/en-US.js';
import { zhCN } from './i18n/zh-CN.js';
import { useRequestCounts } from './components/requestCounts.js';
import { ApprovalDetailPage } from './pages/ApprovalDetailPage.js';
import { ApprovalsPage } from './pages/ApprovalsPage.js';
import { ClassificationSettingsPage } from './pages/ClassificationSettingsPage.js';
import { GrantsPage } from './pages/GrantsPage.js';
import { ItemDetailPage } from './pages/ItemDetailPage.js';
import { ItemProposePage } from './pages/ItemProposePage.js';
import { ItemsPage } from './pages/ItemsPage.js';
import { ReviewTaskPage } from './pages/ReviewTaskPage.js';
import { ReviewsPage } from './pages/ReviewsPage.js';

const classificationVisible = (can: Can) => can('classification.view') || can('classification.manage');
// Requests, approvals, grants and reviews concern classified content: not for the sysadmin or auditor (三员).
const participates = (can: Can) => can('approval.participate');

const useApprovalsWaiting = () => useRequestCounts().data?.inbox;
const useReviewTasksWaiting = () => useRequestCounts().data?.reviewTasks;

/** The catalogue of secret items, approvals, grants, reviews and the classification settings. */
export const classification: WebModule = {
  name: 'classification',
  texts: { 'zh-CN': zhCN, 'en-US': enUS },
  routes: [
    { path: 'items', element: <ItemsPage /> },
    { path: 'items/new', element: <ItemProposePage /> },
    { path: 'items/:id', element: <ItemDetailPage /> },
    { path: 'approvals', element: <ApprovalsPage /> },
    { path: 'approvals/:id', element: <ApprovalDetailPage /> },
    { path: 'grants', element: <GrantsPage /> },
    { path: 'reviews', element: <ReviewsPage /> },
    { path: 'reviews/tasks/:id', element: <ReviewTaskPage /> },
    { path: 'settings/classification', element: <ClassificationSettingsPage /> },
  ],
  nav: [
    {
      key: 'items',
      path: '/items',
      icon: <FileProtectOutlined />,
      label: 'classification:nav.items',
      order: 10,
      visible: classificationVisible,
    },
    {
      key: 'approvals',
      path: '/approvals',
      icon: <CheckSquareOutlined />,
      label: 'classification:nav.approvals',
      order: 20,
      visible: participates,
      useCount: useApprovalsWaiting,
    },
    {
      key: 'grants',
      path: '/grants',
      icon: <KeyOutlined />,
      label: 'classification:nav.grants',
      order: 30,
      visible: participates,
    },
    {
      key: 'reviews',
      path: '/reviews',
      icon: <ScheduleOutlined />,
      label: 'classification:nav.reviews',
      order: 40,
      visible: participates,
      useCount: useReviewTasksWaiting,
    },
    {
      key: 'classification',
      path: '/settings/classification',
      icon: <ControlOutlined />,
      label: 'classification:nav.classification',
      order: 90,
      visible: classificationVisible,
    },
  ],
};
